// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodModel
import Foundation
import Testing

@testable import CoprodStore

/// The hand-written payloads of the bulk event kinds are byte for byte what `JSONEncoder`
/// writes (the hash chain covers them), and read back only what they wrote.
@Suite struct EventPayloadJSONTests {
  /// What `EventCodec` wrote before the hand-written payloads: `JSONEncoder`, sorted keys,
  /// unescaped slashes.
  func reference<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// A random string of awkward characters: every control character, quotes, backslashes,
  /// slashes, non-ASCII letters, a line separator, an emoji, a byte-order mark.
  func awkward(_ random: inout SeededRandom) -> String {
    let pool: [Unicode.Scalar] = (0..<0x20).map { Unicode.Scalar(UInt8($0)) } + [
      "\"", "\\", "/", "a", "Z", " ", "é", "\u{7F}", "\u{80}", "\u{2028}", "\u{FEFF}", "😀", "ł", "{", "}", ",", ":",
    ]
    var text = ""
    for _ in 0..<Int.random(in: 0...12, using: &random) { text.unicodeScalars.append(pool.randomElement(using: &random)!) }
    return text
  }

  func maybe<T>(_ value: T, _ random: inout SeededRandom) -> T? { Bool.random(using: &random) ? value : nil }

  @Test func everyBulkKindEncodesExactlyAsJSONEncoderAndReadsBack() throws {
    var random = SeededRandom(seed: 13)
    for _ in 0..<2_000 {
      let participant = Participant(
        id: awkward(&random), perspectives: Array(Perspective.allCases.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random))),
        accessNeeds: (0..<Int.random(in: 0...2, using: &random)).map { _ in awkward(&random) }, language: maybe(awkward(&random), &random))
      var fields: [String: String] = [:]
      for _ in 0..<Int.random(in: 0...5, using: &random) {
        fields[["name", "email", "Age band", "a_b", "aB", "a1", "a10", "Zeta", awkward(&random).filter(\.isASCII)].randomElement(using: &random)!] =
          awkward(&random)
      }
      let personal = PersonalData(participantID: awkward(&random), fields: fields)
      let contribution = Contribution(
        id: awkward(&random), kind: ContributionKind.allCases.randomElement(using: &random)!, authorID: maybe(awkward(&random), &random),
        sessionID: maybe(awkward(&random), &random), stage: maybe(awkward(&random), &random), text: awkward(&random),
        consentToQuote: Bool.random(using: &random), anonymity: AnonymityLevel.allCases.randomElement(using: &random)!,
        derivedFrom: (0..<Int.random(in: 0...2, using: &random)).map { _ in awkward(&random) },
        made: maybe(CalendarDate("2026-03-0\(Int.random(in: 1...9, using: &random))")!, &random),
        iteration: maybe(Int.random(in: -5...1_000_000, using: &random), &random))
      let vote = ContributionVote(
        contributionID: awkward(&random), voterID: awkward(&random), stance: ContributionVote.Stance.allCases.randomElement(using: &random)!,
        cast: maybe(Timestamp("2023-11-14T22:13:20Z")!, &random))
      let cases: [(WorkspaceChange, String)] = [
        (.participantAdded(participant), try reference(participant)), (.personalDataRecorded(personal), try reference(personal)),
        (.contributionAdded(contribution), try reference(contribution)), (.voteCast(vote), try reference(vote)),
      ]
      for (change, expected) in cases {
        let written = try #require(EventPayloadJSON.encode(change))
        #expect(Array(written.utf8) == Array(expected.utf8), "\(change.kind)")
        #expect(EventPayloadJSON.decode(kind: change.kind, payload: written) == change)
        #expect(try EventCodec().change(kind: change.kind, payload: written) == change)
      }
    }
  }

  @Test func onlyTheCanonicalFormIsReadOtherTextGoesToJSONDecoder() throws {
    let canonical = #"{"cast":"2023-11-14T22:13:20Z","contributionID":"c1","stance":-1,"voterID":"p1"}"#
    let vote = WorkspaceChange.voteCast(
      ContributionVote(contributionID: "c1", voterID: "p1", stance: .disagree, cast: Timestamp("2023-11-14T22:13:20Z")))
    #expect(EventPayloadJSON.decode(kind: .voteCast, payload: canonical) == vote)
    for other in [
      #"{"contributionID":"c1","cast":"2023-11-14T22:13:20Z","stance":-1,"voterID":"p1"}"#,  // keys out of order
      #"{"cast":"2023-11-14T22:13:20Z", "contributionID":"c1","stance":-1,"voterID":"p1"}"#,  // a space
      #"{"cast":"2023-11-14T22:13:20Z","contributionID":"c\u0031","stance":-1,"voterID":"p1"}"#,  // an escape JSONEncoder never writes
    ] {
      #expect(EventPayloadJSON.decode(kind: .voteCast, payload: other) == nil, "\(other)")
      #expect(try EventCodec().change(kind: .voteCast, payload: other) == vote, "\(other)")
    }
    #expect(EventPayloadJSON.decode(kind: .voteCast, payload: #"{"contributionID":"c1","stance":7,"voterID":"p1"}"#) == nil)
    #expect(EventPayloadJSON.decode(kind: .participantAdded, payload: #"{"accessNeeds":[],"id":"p1","perspectives":["nobody"]}"#) == nil)
  }

  @Test func personalDataWithFieldNamesOutsideASCIIIsLeftToJSONEncoder() throws {
    let data = PersonalData(participantID: "p1", fields: ["ñame": "x", "name": "y"])
    #expect(EventPayloadJSON.encode(.personalDataRecorded(data)) == nil)
    #expect(try EventCodec().payload(of: .personalDataRecorded(data)) == (try reference(data)))
  }
}
