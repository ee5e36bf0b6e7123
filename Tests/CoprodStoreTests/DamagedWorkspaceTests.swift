// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodTestSupport
import Crypto
import Foundation
import GRDB
import Testing

@testable import CoprodStore

/// A damaged workspace gives one plain line naming the first bad event and what to do, with an
/// exit status that tells damage (4) from tables that disagree (3) and a busy workspace (5);
/// writes and exports are refused until it is repaired.
@Suite(.serialized) struct DamagedWorkspaceTests {
  func database(_ ws: Workspace) -> String { ws.directory.appendingPathComponent("coprod.sqlite").path }

  /// Runs `arguments` on `ws` and expects `status` with exactly `stderr` and nothing written
  /// to standard output.
  func expectStatus(
    _ arguments: [String], _ ws: Workspace, status: Int32, stderr: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let result = try run(arguments + ["--workspace", ws.directory.path])
    #expect(result.status == status, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr == stderr, sourceLocation: sourceLocation)
  }

  @Test(arguments: [
    ("UPDATE events SET payload = '{\"id\":' WHERE seq = 16", "its payload cannot be read (The given data was not valid JSON.)", "contribution.added"),
    ("UPDATE events SET kind = 'contribution.teleported' WHERE seq = 16", "its kind is not one this coprod knows", "contribution.teleported"),
  ])
  func anUnreadableEventIsNamedAndNothingIsWritten(sql: String, detail: String, kind: String) throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    try tamper(ws, sql)
    let damaged = StoreError(.damagedEvent(sequence: 16, kind: kind, detail: detail), path: database(ws)).description
    try expectStatus(["verify"], ws, status: 4, stderr: "coprod: \(damaged)\n")
    try expectStatus(["log"], ws, status: 4, stderr: "coprod: \(damaged)\n")
    let refused = "coprod: \(database(ws)): refused: on \(Timestamp(Date()).date) coprod found this workspace damaged, and it has not been repaired since: \(damaged)\n"
    let out = dir.path("out.jsonl")
    try expectStatus(["export", "--out", out], ws, status: 4, stderr: refused)
    #expect(!FileManager.default.fileExists(atPath: out))
    try expectStatus(["contributions", "add", "--kind", "idea", "--text", "x"], ws, status: 4, stderr: refused)
    try expectStatus(["report", "you-said"], ws, status: 4, stderr: refused)
    try expectStatus(["repair"], ws, status: 4, stderr: "coprod: \(damaged)\n")
    #expect(try ws.store.eventCount() == 17)
  }

  @Test func anUnreadableTableRowIsNamedAndRepairable() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    try tamper(ws, "UPDATE participants SET perspectives = '{' WHERE id = 'p001'")
    let unreadable = StoreError(
      .unreadableRow("a JSON column cannot be read (The given data was not valid JSON.)"), path: database(ws)
    ).description
    try expectStatus(["report", "you-said"], ws, status: 4, stderr: "coprod: \(unreadable)\n")
    try expectStatus(["participants", "list"], ws, status: 4, stderr: "coprod: \(unreadable)\n")
    let disagree = StoreError(.tablesDisagree(table: "participants", firstDifference: "p001"), path: database(ws)).description
    try expectStatus(["verify"], ws, status: 3, stderr: "coprod: \(disagree)\n")
    #expect(try run(["repair", "--workspace", ws.directory.path]).status == 0)
    #expect(try run(["report", "you-said", "--workspace", ws.directory.path]).status == 0)
  }

  @Test func aBrokenChainIsFoundByExportEvenUnverified() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    try tamper(ws, "UPDATE events SET payload = replace(payload, 'tiny', 'small') WHERE seq = 16")
    let damaged = StoreError(
      .damagedEvent(
        sequence: 16, kind: "contribution.added",
        detail: "its hash does not follow from the events before it (an event was edited, removed, inserted or reordered)"),
      path: database(ws)
    ).description
    let out = dir.path("out.jsonl")
    try expectStatus(["export", "--out", out], ws, status: 4, stderr: "coprod: \(damaged)\n")
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test func tablesThatDisagreeWithASoundLogExit3UntilRepaired() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    try tamper(ws, "UPDATE contributions SET text = 'edited' WHERE id = 's003'")
    let disagree = StoreError(.tablesDisagree(table: "contributions", firstDifference: "s003"), path: database(ws)).description
    try expectStatus(["verify"], ws, status: 3, stderr: "coprod: \(disagree)\n")
    let refused = "coprod: \(database(ws)): refused: on \(Timestamp(Date()).date) coprod found this workspace damaged, and it has not been repaired since: \(disagree)\n"
    try expectStatus(["contributions", "add", "--kind", "idea", "--text", "x"], ws, status: 3, stderr: refused)
    let repaired = try run(["repair", "--workspace", ws.directory.path])
    #expect(repaired.status == 0)
    #expect(repaired.stdout.hasPrefix("the event log is sound (17 events); rebuilt from it: contributions\ncompacted the database file; state hash "))
    #expect(try run(["verify", "--workspace", ws.directory.path]).status == 0)
    #expect(try run(["contributions", "add", "--kind", "idea", "--text", "x", "--workspace", ws.directory.path]).status == 0)
  }

  @Test func busyIsExit5AndVerifyReadsASnapshotMeanwhile() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    let queue = try DatabaseQueue(path: database(ws))
    var write: RunResult?
    var verify: RunResult?
    try queue.inDatabase { db in
      try db.execute(sql: "BEGIN IMMEDIATE")
      try db.execute(sql: "UPDATE contributions SET text = 'uncommitted' WHERE id = 's003'")
      let env = cliEnvironment(["COPROD_BUSY_TIMEOUT": "0.3"])
      write = try run(["contributions", "add", "--workspace", ws.directory.path, "--kind", "idea", "--text", "x"], env: env)
      verify = try run(["verify", "--workspace", ws.directory.path], env: env)
      try db.execute(sql: "ROLLBACK")
    }
    #expect(write?.status == 5)
    #expect(
      write?.stderr
        == "coprod: workspace is busy: another coprod command is writing to \(database(ws)); try again when it has finished\n")
    #expect(verify?.status == 0, "\(verify?.stderr ?? "")")
  }
}

/// Every bundle problem is one line naming the file and line, and nothing is imported.
@Suite struct BundleProblemTests {
  func exported(_ dir: TemporaryDirectory) throws -> String {
    let ws = try makeWorkspace(in: dir, name: "source")
    _ = try ParticipantImport.run(
      path: try dir.write("p.csv", sampleParticipants), mappings: [], workspace: ws, context: testContext(), dryRun: false)
    let file = dir.path("b.jsonl")
    _ = try WorkspaceBundle.export(ws, includePersonalData: false, to: URL(fileURLWithPath: file))
    return file
  }

  func expectRefused(_ file: String, _ message: String, in dir: TemporaryDirectory, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let target = try makeWorkspace(in: dir, name: "target-\(UUID().uuidString)")
    do {
      _ = try WorkspaceBundle.import(from: file, into: target)
      Issue.record("expected BundleProblem", sourceLocation: sourceLocation)
    } catch let error as BundleProblem {
      #expect(error.description == message, sourceLocation: sourceLocation)
      #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
    }
    #expect(try target.store.eventCount() == 0, sourceLocation: sourceLocation)
  }

  @Test func eachProblemNamesTheFileAndLine() throws {
    let dir = try TemporaryDirectory()
    let file = try exported(dir)
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let cut = dir.path("cut.jsonl")
    try String(text.dropLast(20)).write(toFile: cut, atomically: true, encoding: .utf8)
    try expectRefused(
      cut, "\(cut):\(lines.count - 1): line: the file ends part way through this line; it was cut short, so copy or export it again; nothing was imported",
      in: dir)
    let badJSON = dir.path("bad.jsonl")
    try (lines[0] + "\n{\"type\":\"command\",\n").write(toFile: badJSON, atomically: true, encoding: .utf8)
    try expectRefused(badJSON, "\(badJSON):2: line: the line is not a JSON object; the bundle was damaged or edited, so copy or export it again; nothing was imported", in: dir)
    let csv = try dir.write("people.csv", sampleParticipants)
    try expectRefused(
      csv,
      "\(csv):1: manifest: not a coprod bundle: its first line is not a JSON object, so it is not the manifest a bundle starts with; nothing was imported",
      in: dir)
    let gzip = dir.path("b.jsonl.gz")
    try Data([0x1f, 0x8b, 0x08, 0x00, 0x0a, 0x41]).write(to: URL(fileURLWithPath: gzip))
    try expectRefused(gzip, "\(gzip):1: manifest: this is a gzip file, not a bundle; unpack it and import the .jsonl file inside; nothing was imported", in: dir)
    let zip = dir.path("b.zip")
    try Data([0x50, 0x4b, 0x03, 0x04, 0x14]).write(to: URL(fileURLWithPath: zip))
    try expectRefused(zip, "\(zip):1: manifest: this is a zip archive, not a bundle; unpack it and import the .jsonl file inside; nothing was imported", in: dir)
    let empty = try dir.write("empty.jsonl", "")
    try expectRefused(empty, "\(empty):1: manifest: the file is empty; it holds no bundle; nothing was imported", in: dir)
  }

  @Test func anEditedBundleWithItsSha256RecomputedIsRefusedAtTheEditedLine() throws {
    let dir = try TemporaryDirectory()
    let file = try exported(dir)
    let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    let index = try #require(lines.firstIndex { $0.contains("\"p003\"") && $0.contains("participant.added") })
    var edited = lines
    edited[index] = Substring(lines[index].replacingOccurrences(of: "\"staff\"", with: "\"resident\""))
    let body = edited.dropFirst().joined(separator: "\n")
    let digest = EventChain.hex(Data(SHA256.hash(data: Data(body.utf8))))
    let manifest = lines[0].replacingOccurrences(of: #""sha256":"[0-9a-f]{64}""#, with: "\"sha256\":\"\(digest)\"", options: .regularExpression)
    let forged = dir.path("forged.jsonl")
    try (manifest + "\n" + body).write(toFile: forged, atomically: true, encoding: .utf8)
    try expectRefused(
      forged,
      "\(forged):\(index + 1): event: event 5 (participant.added): its hash does not follow from the events before it (an event was edited, removed, inserted or reordered); the bundle was edited or damaged; nothing was imported",
      in: dir)
  }
}
