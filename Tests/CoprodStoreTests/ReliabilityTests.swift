// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodTestSupport
import Foundation
import GRDB
import Testing

@testable import CoprodStore

@Suite(.serialized) struct ReliabilityTests {
  /// `count` participant rows with personal data, ids starting at `from`.
  func participantsCSV(from: Int, count: Int) -> String {
    var text = "id,name,email,perspectives,language\n"
    for n in from..<(from + count) { text += "q\(n),Person \(n),p\(n)@example.org,resident;carer,en\n" }
    return text
  }

  /// The workspace's export, without what differs between two workspaces holding the same
  /// history: each event's random salt, and so the hashes that follow from it.
  func exportBytes(_ ws: String, _ dir: TemporaryDirectory, _ name: String) throws -> Data {
    let out = dir.path(name)
    let result = try run(["export", "--workspace", ws, "--include-personal-data", "--out", out])
    #expect(result.status == 0, "\(result.stderr)")
    let text = try String(contentsOf: URL(fileURLWithPath: out), encoding: .utf8)
      .replacingOccurrences(of: #""(salt|hash|stateHash|sha256)":"[0-9a-f]*""#, with: "", options: .regularExpression)
    return Data(text.utf8)
  }

  func freshWorkspace(_ dir: TemporaryDirectory, _ name: String, base: String) throws -> String {
    let ws = dir.path(name)
    #expect(try run(["init", ws, "--name", "kill-test"]).status == 0)
    // Run inside the workspace so that every copy logs the same command line.
    #expect(try run(["participants", "import", base], in: ws).status == 0)
    return ws
  }

  @Test func sigkillDuringALargeImportLeavesBeforeOrAfter() throws {
    let dir = try TemporaryDirectory()
    let base = try dir.write("base.csv", participantsCSV(from: 0, count: 10))
    let big = try dir.write("big.csv", participantsCSV(from: 10, count: 25_000))
    // Reference states, exported with the same clock and actor.
    let reference = try freshWorkspace(dir, "reference", base: base)
    let before = try exportBytes(reference, dir, "before.jsonl")
    let started = Date()
    #expect(try run(["participants", "import", big], in: reference).status == 0)
    let duration = Date().timeIntervalSince(started)
    let after = try exportBytes(reference, dir, "after.jsonl")
    #expect(before != after)

    var generator = SystemRandomNumberGenerator()
    var outcomes: [String] = []
    for attempt in 0..<6 {
      let ws = try freshWorkspace(dir, "victim\(attempt)", base: base)
      let (process, _, _) = try launch(["participants", "import", big], in: ws)
      // Spread kills over the whole run, with a random offset inside each slice.
      let slice = duration / 6
      Thread.sleep(forTimeInterval: slice * Double(attempt) + Double.random(in: 0..<slice, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let verify = try run(["verify", "--workspace", ws])
      #expect(verify.status == 0, "verify after kill \(attempt): \(verify.stdout) \(verify.stderr)")
      let state = try exportBytes(ws, dir, "victim\(attempt).jsonl")
      #expect(state == before || state == after, "attempt \(attempt) left a state that is neither before nor after")
      outcomes.append(state == before ? "before" : state == after ? "after" : "neither")
    }
    print("kill outcomes: \(outcomes)")
  }

  @Test func concurrentCommandsLoseNoWrite() throws {
    let dir = try TemporaryDirectory()
    let ws = dir.path("ws")
    #expect(try run(["init", ws]).status == 0)
    let a = try dir.write("a.csv", participantsCSV(from: 0, count: 5_000))
    let b = try dir.write("b.csv", participantsCSV(from: 5_000, count: 5_000))
    let env = cliEnvironment(["COPROD_BUSY_TIMEOUT": "60"])
    var launched = [
      try launch(["participants", "import", a, "--workspace", ws], env: env),
      try launch(["participants", "import", b, "--workspace", ws], env: env),
    ]
    for n in 0..<6 {
      launched.append(try launch(["contributions", "add", "--workspace", ws, "--kind", "idea", "--text", "idea \(n)"], env: env))
    }
    for (process, _, err) in launched {
      let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "\(message)")
    }
    let workspace = try Workspace.open(at: URL(fileURLWithPath: ws))
    #expect(try workspace.store.participants().count == 10_000)
    #expect(try workspace.store.contributions(ContributionFilter()).contributions.map(\.contribution.id) == (1...6).map {
      "C00000\($0)"
    })
    #expect(try workspace.store.verify().isConsistent)
  }

  @Test func aLockedWorkspaceSaysItIsBusy() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    let queue = try DatabaseQueue(path: ws.directory.appendingPathComponent("coprod.sqlite").path)
    var result: RunResult?
    try queue.inDatabase { db in
      try db.execute(sql: "BEGIN IMMEDIATE")
      result = try run(
        ["contributions", "add", "--workspace", ws.directory.path, "--kind", "idea", "--text", "x"],
        env: cliEnvironment(["COPROD_BUSY_TIMEOUT": "0.3"]))
      try db.execute(sql: "ROLLBACK")
    }
    #expect(result?.status == 5)
    #expect(
      result?.stderr
        == "coprod: workspace is busy: another coprod command is writing to \(ws.directory.path)/coprod.sqlite; try again when it has finished\n"
    )
  }

  @Test func aDamagedDatabaseGivesAClearError() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    let db = ws.directory.appendingPathComponent("coprod.sqlite")
    try? FileManager.default.removeItem(atPath: db.path + "-wal")
    try? FileManager.default.removeItem(atPath: db.path + "-shm")
    try Data(repeating: 0x41, count: 8192).write(to: db)
    let result = try run(["participants", "list", "--workspace", ws.directory.path])
    #expect(result.status == 4)
    #expect(result.stderr.hasPrefix("coprod: \(db.path): the workspace database is damaged or not a database (file is not a database)"))
  }

  @Test func aForeignDatabaseGivesAClearError() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    let db = ws.directory.appendingPathComponent("coprod.sqlite")
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db.path + suffix) }
    let other = try DatabaseQueue(path: db.path)
    try other.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY)") }
    try other.close()
    let result = try run(["log", "--workspace", ws.directory.path])
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "coprod: \(db.path): this SQLite database was not made by coprod; point --workspace at a folder made by `coprod init`\n")
  }

  @Test func anOlderWorkspaceIsMigratedForward() throws {
    let dir = try TemporaryDirectory()
    let folder = dir.url.appendingPathComponent("old")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let manifest = WorkspaceManifest(name: "old", created: testContext().now)
    try Data(#"{"created":"2026-03-01T09:00:00Z","database":"coprod.sqlite","format":"coprod-workspace","formatVersion":1,"name":"old","privacy":{"minimumGroupSize":5}}"#.utf8)
      .write(to: folder.appendingPathComponent("coprod.json"))
    // Build the database as the first release did: only the first migration.
    let queue = try DatabaseQueue(path: folder.appendingPathComponent(manifest.database).path)
    try WorkspaceSchema.migrator.migrate(queue, upTo: "v1-event-log")
    try queue.write { db in
      try recordAsAnOlderRelease(
        [
          .participantAdded(Participant(id: "p1", perspectives: [.resident])),
          .contributionAdded(Contribution(id: "c1", kind: .comment, authorID: "p1", text: "hello")),
        ], in: db)
    }
    #expect(try queue.read { try $0.tableExists("votes") } == false)
    try queue.close()

    let ws = try Workspace.open(at: folder)
    let store = try #require(ws.store as? SQLiteWorkspaceStore)
    #expect(try store.appliedMigrations() == allMigrations)
    try ws.store.write(testContext().info, dryRun: false) { writer in
      try writer.record(.voteCast(ContributionVote(contributionID: "c1", voterID: "p1", stance: .agree)))
    }
    #expect(try ws.store.contributions(ContributionFilter()).contributions.first?.votes == VoteTotals(agree: 1))
    #expect(try ws.store.decisions() == [])
    #expect(try ws.store.commitments() == [])
    #expect(try ws.store.feedback() == [])
    #expect(try ws.store.verify().isConsistent)
  }

  @Test func aNewerWorkspaceIsRefused() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    let path = ws.directory.appendingPathComponent("coprod.sqlite").path
    let queue = try DatabaseQueue(path: path)
    try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9-future')") }
    try queue.close()
    #expect(throws: StoreError(.newerVersion, path: path)) { try Workspace.open(at: ws.directory) }
  }
}
