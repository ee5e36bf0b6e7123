// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation
import GRDB
import Testing

@testable import CoprodStore

/// The round (stage iteration) of session contributions: carried by new events, worked out
/// for contributions recorded before it was, the same way by the `v11-contribution-round`
/// migration and by a rebuild from the log.
@Suite struct ContributionRoundTests {
  /// A session whose `slots` stage ran twice, with contributions recorded as an older release
  /// did (no iteration in the event), then one imported afterwards that names the session.
  static let olderEvents: [WorkspaceChange] = {
    let at = Timestamp("2026-03-01T09:00:00Z")!
    func mark(_ iteration: Int) -> SessionStageMark { SessionStageMark(session: "s1", stage: "slots", iteration: iteration, at: at) }
    func said(_ id: String) -> WorkspaceChange {
      .contributionAdded(Contribution(id: id, kind: .comment, authorID: nil, sessionID: "s1", stage: "slots", text: id))
    }
    return [
      .session(
        .started(
          SessionStart(
            id: "s1", format: PluginReference(id: "org.example.slots", version: "1.0.0", hash: "00"), formatName: "Slots", seed: 1,
            inputsSHA256: nil, mode: .scripted, at: at))),
      .session(.stageStarted(mark(1))), said("s1-a"), said("s1-b"), .session(.stageEnded(mark(1))),
      .session(.stageStarted(mark(2))), said("s1-c"), .session(.stageEnded(mark(2))),
      .session(.closed(SessionClose(session: "s1", at: at))), said("later"),
    ]
  }()

  func rounds(_ ws: Workspace) throws -> [String: Int?] {
    Dictionary(uniqueKeysWithValues: try ws.store.contributions(ContributionFilter()).contributions.map { ($0.contribution.id, $0.contribution.iteration) })
  }

  @Test func olderContributionsGetTheRoundThatWasOpenAndVerify() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    _ = try ws.store.write(testContext().info, dryRun: false) { writer in
      for change in Self.olderEvents { try writer.record(change) }
    }
    let expected: [String: Int?] = ["s1-a": 1, "s1-b": 1, "s1-c": 2, "later": nil]
    #expect(try rounds(ws) == expected)
    #expect(try verifiedRows(ws, table: "contributions") == 4)

    // As a workspace written before the migration: no column, the migration not yet run.
    let queue = try DatabaseQueue(path: ws.directory.appendingPathComponent("coprod.sqlite").path)
    try queue.write { db in
      try db.execute(sql: "ALTER TABLE contributions DROP COLUMN iteration")
      try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v11-contribution-round'")
    }
    try queue.close()
    let reopened = try Workspace.open(at: ws.directory)
    #expect(try rounds(reopened) == expected)
    #expect(try verifiedRows(reopened, table: "contributions") == 4)
  }

  @Test func aRunRecordsTheRoundInTheEvent() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    let said = Contribution(id: "s1-x", kind: .idea, authorID: nil, sessionID: "s1", stage: "slots", text: "x", iteration: 2)
    #expect(try EventCodec().payload(of: .contributionAdded(said)).contains("\"iteration\":2"))
    _ = try ws.store.write(testContext().info, dryRun: false) { writer in try writer.record(.contributionAdded(said)) }
    #expect(try rounds(ws) == ["s1-x": 2])
    #expect(try verifiedRows(ws, table: "contributions") == 1)
  }
}
