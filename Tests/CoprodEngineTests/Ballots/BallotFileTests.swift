// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation
import Testing

@Suite("Ballot file entry point")
struct BallotFileTests {
  @Test(arguments: [
    ("votes.csv", BallotFormat.csv as BallotFormat?), ("a/b.SOI", .soi), ("x.soc", .soc), ("x.toc", .toc),
    ("x.toi", .toi), ("x.cat", .cat), ("x.pb", .pb), ("x.blt", .blt), ("noextension", nil),
    ("a.b/c", nil), ("x.txt", nil),
  ])
  func formatFromExtension(path: String, format: BallotFormat?) {
    #expect(BallotFormat(path: path) == format)
  }

  @Test func csvFixtureWithDirectiveAndHeader() throws {
    let profile = try BallotFile.load(path: Fixture.path("example.csv"))
    #expect(profile.candidates.map(\.id) == ["Park", "Library", "Pool"])
    #expect(profile.views == [
      BallotView(count: 4, ids: ["Park", "Library"], ranks: [0, 1]),
      BallotView(count: 2, ids: ["Pool", "Park", "Library"], ranks: [0, 1, 1]),
    ])
  }

  @Test func formatOverrideWins() throws {
    let path = try Fixture.path("example.blt")
    let message = "\(path): missing `# NUMBER ALTERNATIVES: n` header line; PrefLib files must declare how many alternatives they rank"
    #expect(throws: BallotFileError(file: path, line: nil, problem: String(message.dropFirst(path.count + 2)))) {
      try BallotFile.load(path: path, format: .soi)
    }
  }

  @Test func fileLevelErrors() throws {
    #expect(throws: BallotFileError(
      file: "x.txt", line: nil,
      problem: "cannot tell the ballot format from the file name; use one of .csv .soc .soi .toc .toi .cat .pb .blt or give the format (--input-format)")
    ) { try BallotFile.load(path: "x.txt") }
    #expect(throws: BallotFileError(file: "/nonexistent/a.soi", line: nil, problem: "no such file; check the path")) {
      try BallotFile.load(path: "/nonexistent/a.soi")
    }
    let folder = try Fixture.path("preflib")
    #expect(throws: BallotFileError(
      file: folder, line: nil, problem: "cannot read the file; check that it is a readable file")
    ) { try BallotFile.load(path: folder, format: .soi) }
    let debian = try Fixture.path("preflib/00002-00000001.soi")
    #expect(throws: BallotFileError(file: debian, line: nil, problem: "the file holds ranked ballots, not approval")) {
      try BallotFile.load(path: debian, kind: .approval)
    }
    #expect(try BallotFile.load(path: debian, kind: .ranked).voterCount == 475)
  }

  @Test func errorDescriptionFormat() {
    #expect(BallotFileError(file: "a.csv", line: 3, problem: "bad").description == "a.csv:3: bad")
    #expect(BallotFileError(file: "a.csv", line: nil, problem: "bad").description == "a.csv: bad")
    #expect(BallotFileError(file: "a.csv", line: 3, problem: "bad").exitStatus == 1)
  }

  /// Seeded random damage to every fixture must give a profile or a `BallotFileError`, never
  /// a crash or another error.
  @Test(arguments: [
    ("preflib/00005-00000001.toi", BallotFormat.toi), ("preflib/00026-00000001.cat", .cat),
    ("preflib/00002-00000001.soi", .soc), ("pabulib/Poland_Gdansk_2020_Wyspa_Sobieszewska.pb", .pb),
    ("example.blt", .blt), ("example.csv", .csv),
  ])
  func damagedFilesNeverCrash(name: String, format: BallotFormat) throws {
    let original = try #require(FileManager.default.contents(atPath: Fixture.path(name)))
    var random = SeededRandom(seed: 7)
    let junk: [UInt8] = Array("0123456789:;,{}>=\"#-\n\r ".utf8) + [0x00, 0xFF, 0xC3, 0x80]
    var failures = 0
    for _ in 0..<150 {
      var bytes = [UInt8](original)
      for _ in 0..<(1 + random.below(4)) {
        let at = random.below(bytes.count)
        switch random.below(3) {
        case 0: bytes[at] = junk[random.below(junk.count)]
        case 1: bytes.remove(at: at)
        default: bytes.removeSubrange(at...)
        }
        if bytes.isEmpty { break }
      }
      do {
        _ = try BallotFile.parse(bytes: bytes, file: "f", format: format)
      } catch is BallotFileError {
        failures += 1
      }
    }
    #expect(failures > 0)
  }
}
