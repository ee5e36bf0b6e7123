// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation
import Testing

@Suite("Profile generator and PrefLib writer")
struct ProfileGeneratorTests {
  @Test func seededRandomIsFixed() {
    var random = SeededRandom(seed: 1)
    let first = (0..<3).map { _ in random.next() }
    var again = SeededRandom(seed: 1)
    #expect((0..<3).map { _ in again.next() } == first)
    var other = SeededRandom(seed: 2)
    #expect(other.next() != first[0])
    for _ in 0..<1000 { #expect((0..<7).contains(random.below(7))) }
  }

  @Test func sameSeedSameProfile() {
    var a = ProfileGenerator(seed: 9)
    var b = ProfileGenerator(seed: 9)
    var c = ProfileGenerator(seed: 10)
    let culture = ProfileGenerator.Culture.mallows(dispersion: 0.5)
    let pa = a.rankedProfile(candidates: 6, voters: 500, culture: culture)
    #expect(pa == b.rankedProfile(candidates: 6, voters: 500, culture: culture))
    #expect(pa != c.rankedProfile(candidates: 6, voters: 500, culture: culture))
  }

  @Test func impartialCultureCoversEveryRanking() {
    var generator = ProfileGenerator(seed: 3)
    let profile = generator.rankedProfile(candidates: 3, voters: 6000, culture: .impartial)
    #expect(profile.distinctBallots == 6)
    #expect(profile.voterCount == 6000)
    #expect(profile.counts.allSatisfy { $0 > 850 && $0 < 1150 })
    #expect(PrefLibWriter.dataType(of: profile) == .soc)
  }

  @Test func mallowsConcentratesOnTheReference() {
    var generator = ProfileGenerator(seed: 4)
    let profile = generator.rankedProfile(candidates: 5, voters: 2000, culture: .mallows(dispersion: 0.2))
    let best = profile.views.max { $0.count < $1.count }
    #expect(best?.ids == ["1", "2", "3", "4", "5"])
    #expect((best?.count ?? 0) > 600)
  }

  @Test func truncationRespectsTheMinimum() {
    var generator = ProfileGenerator(seed: 5)
    let profile = generator.rankedProfile(
      candidates: 6, voters: 3000, culture: .impartial, truncation: .uniform(minimumLength: 2))
    let lengths = Set((0..<profile.distinctBallots).map { profile.range(of: $0).count })
    #expect(lengths == [2, 3, 4, 5, 6])
    #expect(PrefLibWriter.dataType(of: profile) == .soi)
  }

  @Test(arguments: [BallotFormat.soc, .soi, .toi])
  func generatorWriterParserRoundTrip(format: BallotFormat) throws {
    var generator = ProfileGenerator(seed: 11)
    let truncation: ProfileGenerator.Truncation = format == .soc ? .complete : .uniform(minimumLength: 1)
    let profile = generator.rankedProfile(
      candidates: 8, voters: 5000, culture: .mallows(dispersion: 0.7), truncation: truncation)
    let bytes = PrefLibWriter.bytes(profile, format: format, title: "Round trip")
    var parsed = try BallotFile.parse(bytes: bytes, file: "r", format: format)
    #expect(parsed.metadata.first == BallotProfile.Metadata(key: "TITLE", value: "Round trip"))
    #expect(parsed.metadata.first { $0.key == "DATA TYPE" }?.value == format.rawValue)
    parsed.metadata = []
    #expect(parsed == profile)
  }

  @Test func tiesRoundTripThroughToi() throws {
    let original = try BallotFile.load(path: Fixture.path("preflib/00005-00000001.toi"))
    #expect(PrefLibWriter.dataType(of: original) == .toi)
    let bytes = PrefLibWriter.bytes(original)
    #expect(String(decoding: bytes, as: UTF8.self).contains("\n3: {3,4}\n"))
    var parsed = try BallotFile.parse(bytes: bytes, file: "r.toi", format: .toi)
    var expected = original
    parsed.metadata = []
    expected.metadata = []
    #expect(parsed == expected)
  }

  @Test func writerText() {
    var builder = BallotProfileBuilder(kind: .ranked, candidates: [Candidate(id: "1", name: "Ann"), Candidate(id: "2")])
    builder.addRanked([[1], [0]], count: 12)
    builder.addRanked([[0, 1]], count: 3)
    let text = String(decoding: PrefLibWriter.bytes(builder.profile, title: "T"), as: UTF8.self)
    #expect(text == """
      # TITLE: T
      # DATA TYPE: toc
      # NUMBER ALTERNATIVES: 2
      # NUMBER VOTERS: 15
      # NUMBER UNIQUE ORDERS: 2
      # ALTERNATIVE NAME 1: Ann
      # ALTERNATIVE NAME 2: 2
      12: 2,1
      3: {1,2}

      """)
  }
}
