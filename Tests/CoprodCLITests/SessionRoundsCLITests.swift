// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// Repeated stages (Delphi rating rounds, Open Space time slots, consent rounds): each
/// contribution is recorded with the round it was made in, `sessions show` lists it under that
/// round, and the tables rebuilt from the event log (verify, export and import) agree.
@Suite("session contributions by round")
struct SessionRoundsCLITests {
  /// Each iteration of `stage` in `sessions show s1 --json`: its round and its contributions' ids.
  static func rounds(_ ws: String, _ stage: String) throws -> [(Int, [String])] {
    FormatCLITests.stages(try FormatCLITests.session(ws), stage).map { entry in
      (entry["iteration"] as? Int ?? 0, ((entry["contributions"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
    }
  }

  @Test func openSpaceNotesAreListedUnderTheirTimeSlot() throws {
    let ws = try FormatCLITests.recorded("open-space")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let slots = try Self.rounds(ws, "sessions")
    #expect(slots.map(\.0) == [1, 2])
    #expect(slots.map(\.1) == [["s1-sessions-1", "s1-sessions-2"], ["s1-sessions-3", "s1-sessions-4"]])
    #expect(try Self.rounds(ws, "agenda").map(\.1) == [["s1-t1", "s1-t2", "s1-t3", "s1-t4"]])
    let show = try ok(["sessions", "show", "s1"], in: ws)
    let second = try #require(show.range(of: "sessions (round 2)"))
    let first = try #require(show.range(of: "sessions (round 1)"))
    #expect(show[first.upperBound..<second.lowerBound].contains("     s1-sessions-2: \"Carers want"))
    #expect(!show[first.upperBound..<second.lowerBound].contains("s1-sessions-3"))
    #expect(show[second.upperBound...].contains("     s1-sessions-3: \"A welcome pack"))
    #expect(try ok(["verify"], in: ws).contains("contributions: 8 rows match"))
  }

  @Test func delphiRatingRoundsCaptureNothingAndEarlierStagesKeepTheirs() throws {
    let ws = try FormatCLITests.recorded("delphi")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let ratings = try Self.rounds(ws, "ratings")
    #expect(ratings.map(\.0) == [1, 2, 3])
    #expect(ratings.allSatisfy { $0.1.isEmpty })
    #expect(try Self.rounds(ws, "questions").map(\.1) == [["s1-a1", "s1-a2", "s1-a3", "s1-a4", "s1-a5", "s1-a6"]])
    #expect(try Self.rounds(ws, "statements").map(\.1) == [["s1-s1", "s1-s2", "s1-s3", "s1-s4"]])
  }

  @Test func aConsentRoundsIntegratedProposalBelongsToTheFirstRound() throws {
    let ws = try FormatCLITests.recorded("consent-round")
    let copy = try newWorkspace("rounds-copy")
    defer { for folder in [ws, copy] { try? FileManager.default.removeItem(atPath: folder) } }
    #expect(try Self.rounds(ws, "consent").map(\.0) == [1, 2])
    #expect(try Self.rounds(ws, "consent").map(\.1) == [["s1-integrated"], []])
    _ = try ok(["export", "--out", "\(ws)/b.jsonl"], in: ws)
    _ = try ok(["import", "\(ws)/b.jsonl"], in: copy)
    #expect(try ok(["sessions", "show", "s1", "--json"], in: copy) == ok(["sessions", "show", "s1", "--json"], in: ws))
    #expect(try ok(["verify"], in: copy).contains("contributions: 7 rows match"))
  }

  /// A decision given in a round after which the vote goes on names its line.
  @Test func aDecisionGivenTooEarlyNamesItsLine() throws {
    let ws = try SessionCLITests.workspace("early-decision")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let example = try String(contentsOfFile: FormatCLITests.inputs("consent-round"), encoding: .utf8)
    let early = example.replacingOccurrences(of: "      - { id: integrated,", with: "      - decision: { rationale: \"Too soon\" }\n      - { id: integrated,")
    try early.write(toFile: "\(ws)/early.yaml", atomically: true, encoding: .utf8)
    let before = try ok(["log", "--json"], in: ws)
    let result = try run(["run", "consent-round", "--inputs", "early.yaml"], in: ws)
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == "coprod: early.yaml:29: stages.consent[1][9].decision: a decision is given for round 1, but the vote goes on to another round; give it with the last round\n"
    )
    #expect(try ok(["log", "--json"], in: ws) == before)
  }
}
