// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodTestSupport
import Foundation
import GRDB
import Testing

@testable import CoprodStore

// MARK: - Temporary workspaces

/// A temporary folder removed when the test ends.
final class TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-store-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// Writes `text` to `name` inside the folder and returns its path.
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: file)
    return file.path
  }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Expects `body` to fail with a reportable error reading exactly `message`.
func expectFailure(_ message: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
  do {
    try body()
    Issue.record("expected the error: \(message)", sourceLocation: sourceLocation)
  } catch {
    #expect((error as? any ReportableError)?.description == message, sourceLocation: sourceLocation)
  }
}

/// A fixed context so that runs are reproducible.
func testContext(_ command: String = "test") -> CommandContext {
  CommandContext(actor: "tester", now: Timestamp("2026-03-01T09:00:00Z")!, commandLine: command)
}

/// Makes a workspace in a fresh folder inside `dir`.
func makeWorkspace(in dir: TemporaryDirectory, name: String = "ws") throws -> Workspace {
  try Workspace.create(at: dir.url.appendingPathComponent(name), name: "test", now: testContext().now)
}

/// The kinds of every event in `ws`'s log, oldest first.
func eventKinds(_ ws: Workspace) throws -> [WorkspaceChange.Kind] {
  var kinds: [WorkspaceChange.Kind] = []
  try ws.store.forEachEvent(EventFilter()) { kinds.append($0.change.kind) }
  return kinds
}

/// A workspace holding ``sampleParticipants`` and ``sampleStories``: 17 events, the last three
/// the stories (s001 by p001, s002 by p004, s003 by p002).
func seededWorkspace(in dir: TemporaryDirectory) throws -> Workspace {
  let ws = try makeWorkspace(in: dir)
  _ = try ParticipantImport.run(
    path: try dir.write("p.csv", sampleParticipants), mappings: [], workspace: ws, context: testContext(), dryRun: false)
  _ = try ContributionImport.run(
    path: try dir.write("s.csv", sampleStories), mappings: [], defaultKind: nil, workspace: ws, context: testContext(),
    dryRun: false)
  return ws
}

/// Verifies `ws`, expecting every table to match its rebuild, and returns the rows in `table`.
func verifiedRows(_ ws: Workspace, table: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int? {
  let report = try ws.store.verify()
  #expect(report.isConsistent, sourceLocation: sourceLocation)
  return report.tables.first { $0.table == table }?.rows
}

/// A workspace whose database was built by an older release, migrated only up to `last`
/// (without any of `tables`), with one participant `p1`, then reopened: every missing
/// migration must have run.
func migratedForward(
  in dir: TemporaryDirectory, from last: String, missing tables: String..., sourceLocation: SourceLocation = #_sourceLocation
) throws -> Workspace {
  let ws = try makeWorkspace(in: dir)
  let path = ws.directory.appendingPathComponent("coprod.sqlite").path
  for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
  let queue = try DatabaseQueue(path: path)
  try WorkspaceSchema.migrator.migrate(queue, upTo: last)
  try queue.write { db in try recordAsAnOlderRelease([.participantAdded(Participant(id: "p1", perspectives: [.resident]))], in: db) }
  for table in tables {
    #expect(try queue.read { try $0.tableExists(table) } == false, sourceLocation: sourceLocation)
  }
  try queue.close()
  let reopened = try Workspace.open(at: ws.directory)
  let store = try #require(reopened.store as? SQLiteWorkspaceStore, sourceLocation: sourceLocation)
  #expect(try store.appliedMigrations() == allMigrations, sourceLocation: sourceLocation)
  return reopened
}

/// Exports `source`, imports the bundle into a new workspace (`target`), expects the restored
/// one to verify and to export to the same bytes, and returns it.
func roundTripped(
  _ source: Workspace, includePersonalData: Bool, in dir: TemporaryDirectory, sourceLocation: SourceLocation = #_sourceLocation
) throws -> Workspace {
  let first = dir.url.appendingPathComponent("first.jsonl")
  _ = try WorkspaceBundle.export(source, includePersonalData: includePersonalData, to: first)
  let (restored, _) = try WorkspaceBundle.import(from: first.path, into: try makeWorkspace(in: dir, name: "target"))
  #expect(try restored.store.verify().isConsistent, sourceLocation: sourceLocation)
  let second = dir.url.appendingPathComponent("second.jsonl")
  _ = try WorkspaceBundle.export(restored, includePersonalData: includePersonalData, to: second)
  #expect(try Data(contentsOf: first) == Data(contentsOf: second), sourceLocation: sourceLocation)
  return restored
}

/// Every migration, in order.
let allMigrations = ["v1-event-log", "v2-votes", "v3-consultation", "v4-follow-through", "v5-feedback", "v6-event-chain", "v8-sessions", "v9-panels", "v10-plugin-signers", "v11-contribution-round"]

/// Records `changes` under one command the way releases before the hash chain did: events
/// without salt or hash, applied to the tables.
func recordAsAnOlderRelease(_ changes: [WorkspaceChange], in db: Database) throws {
  let info = testContext().info
  try db.execute(sql: "INSERT INTO commands (actor, at, command) VALUES (?, ?, ?)", arguments: [info.actor, info.at.text, info.command])
  let command = db.lastInsertedRowID
  for change in changes {
    try db.execute(
      sql: "INSERT INTO events (command_id, kind, participant_id, payload) VALUES (?, ?, ?, ?)",
      arguments: [command, change.kind.rawValue, change.participantID, try EventCodec().payload(of: change)])
    if case .contributionAdded(let c) = change, try !db.columns(in: "contributions").contains(where: { $0.name == "iteration" }) {
      // As releases before `v11-contribution-round` projected it.
      try db.execute(
        sql: """
          INSERT INTO contributions (id, kind, author_id, session_id, stage, text, consent_to_quote, anonymity, derived_from, made)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          c.id, c.kind.rawValue, c.authorID, c.sessionID, c.stage, c.text, c.consentToQuote, c.anonymity.rawValue,
          ColumnArray.encode(c.derivedFrom), c.made?.text,
        ])
      continue
    }
    try Projection.apply(change, in: db)
  }
}

/// Runs `sql` on `ws`'s database with the log's triggers dropped, as someone with the file and
/// the sqlite3 shell could.
func tamper(_ ws: Workspace, _ sql: String) throws {
  let queue = try DatabaseQueue(path: ws.directory.appendingPathComponent("coprod.sqlite").path)
  try queue.write { db in
    for trigger in ["events_redaction_only", "events_append_only_delete", "commands_append_only_update"] {
      try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger)")
    }
    try db.execute(sql: sql)
  }
  try queue.close()
}

/// The example participants used by several suites (p004 has personal data and a story).
let sampleParticipants = """
  id,name,email,perspectives,access_needs,language,ethnicity
  p001,Amira Khan,amira@example.org,resident;lived experience,step-free access,en,Asian
  p002,Gareth Jones,gareth@example.org,resident;carer,,cy,White
  p003,Sam O'Neill,sam@example.org,staff,,en,White
  p004,Joy Mensah,joy@example.org,lived experience,large print,en,Black
  p005,Dylan Evans,,resident,,cy,White
  p006,Priya Shah,,resident,,en,White
  p007,Tom Baker,,resident,,en,White

  """

let sampleStories = """
  id,author,kind,text,quote
  s001,p001,story,"The repairs team came three times, and nobody said why.",yes
  s002,p004,story,"I couldn't read the letter; the print was tiny.",no
  s003,p002,story,"Nobody answered the phone in Welsh.",yes

  """

