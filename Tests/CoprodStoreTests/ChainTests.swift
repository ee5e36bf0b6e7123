// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodTestSupport
import Foundation
import GRDB
import Testing

@testable import CoprodStore

// MARK: - Recorded command lines

@Suite struct RecordedCommandLineTests {
  @Test func freeTextIsMaskedAndWhatNamesThingsIsKept() {
    #expect(
      RecordedCommandLine.record([
        "contributions", "add", "--kind", "story", "--text", "I waited 3 weeks", "--author", "p001", "--quote", "--stage",
        "Round 1",
      ]) == "contributions add --kind story --text … --author p001 --quote --stage …")
    #expect(
      RecordedCommandLine.record(["participants", "add", "--name=Joy Mensah", "--email", "joy@example.org", "--id=p9"])
        == "participants add --name=… --email … --id=p9")
    #expect(
      RecordedCommandLine.record(["commitments", "add", "Answer the phone in Welsh", "--owner", "Customer services"])
        == "commitments add … --owner …")
    #expect(RecordedCommandLine.record(["participants", "import", "people.csv", "--dry-run"]) == "participants import people.csv --dry-run")
    #expect(RecordedCommandLine.record(["erase", "--", "--odd id"]) == "erase -- …")
  }

  @Test func splitIsTheExactInverseOfQuoting() {
    let arguments = ["add", "it's", "", "two words", "a\\b", "'", "--x=\"q\"", "tab\there"]
    let line = arguments.map(RecordedCommandLine.quoted).joined(separator: " ")
    #expect(RecordedCommandLine.split(line) == arguments)
    #expect(RecordedCommandLine.split("add 'unfinished") == ["add", "unfinished"])
  }

  @Test func maskingAgainChangesNothing() {
    let old = "contributions add --kind story --text 'Joy'\\''s story' --author p001"
    let masked = RecordedCommandLine.remasked(old)
    #expect(masked == "contributions add --kind story --text … --author p001")
    #expect(RecordedCommandLine.remasked(masked) == masked)
  }
}

// MARK: - The hash chain

@Suite struct ChainTests {
  /// Expects `verify` to name event `sequence` of `kind` with `detail`.
  func expectDamage(
    _ ws: Workspace, sequence: Int64, kind: String, detail: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let path = ws.directory.appendingPathComponent("coprod.sqlite").path
    #expect(throws: StoreError(.damagedEvent(sequence: sequence, kind: kind, detail: detail), path: path), sourceLocation: sourceLocation) {
      try ws.store.verify()
    }
  }

  static let broken = "its hash does not follow from the events before it (an event was edited, removed, inserted or reordered)"

  @Test func theStateHashIsTheHeadOfAChainVerifyChecks() throws {
    let dir = try TemporaryDirectory()
    #expect(try makeWorkspace(in: dir, name: "empty").store.stateHash() == EventChain.hex(EventChain.genesis))
    let ws = try seededWorkspace(in: dir)
    let report = try ws.store.verify()
    #expect(report.isConsistent && report.chained == 17 && report.events == 17)
    #expect(report.stateHash == (try ws.store.stateHash()))
    #expect(report.stateHash.count == 64)
  }

  @Test func anEventEditedInTheLogAndInItsTableIsFound() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    try tamper(
      ws,
      """
      UPDATE events SET payload = replace(payload, 'three times', 'once') WHERE kind = 'contribution.added' AND payload LIKE '%three times%';
      UPDATE contributions SET text = replace(text, 'three times', 'once');
      """)
    expectDamage(ws, sequence: 15, kind: "contribution.added", detail: Self.broken)
  }

  @Test func aRemovedEventIsFound() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    try tamper(ws, "DELETE FROM events WHERE seq = 16; DELETE FROM contributions WHERE id = 's002';")
    expectDamage(ws, sequence: 17, kind: "contribution.added", detail: Self.broken)
  }

  @Test func anInsertedEventIsFound() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    try tamper(
      ws,
      """
      INSERT INTO events (seq, command_id, kind, participant_id, payload, salt, hash)
        SELECT 100, command_id, kind, participant_id, replace(payload, 's003', 's004'), salt, hash FROM events WHERE seq = 17;
      """)
    expectDamage(ws, sequence: 100, kind: "contribution.added", detail: Self.broken)
  }

  @Test func reorderedEventsAreFound() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    try tamper(
      ws,
      """
      UPDATE events SET seq = -1 WHERE seq = 15;
      UPDATE events SET seq = 15 WHERE seq = 16;
      UPDATE events SET seq = 16 WHERE seq = -1;
      """)
    expectDamage(ws, sequence: 15, kind: "contribution.added", detail: Self.broken)
  }

  @Test func aRewrittenPayloadMustBeTheOneItsErasureRecorded() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    try WorkspaceOperations.erase(participantID: "p004", workspace: ws, context: testContext())
    #expect(try ws.store.verify().isConsistent)
    try tamper(ws, "UPDATE events SET payload = replace(payload, '\"text\":\"\"', '\"text\":\"forged\"') WHERE seq = 16")
    expectDamage(
      ws, sequence: 16, kind: "contribution.added",
      detail: "its payload is not the one its erasure recorded (it was edited after erasure)")
  }

  @Test func aDecisionKeepsTheStateHashItWasRecordedOn() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    let before = try ws.store.stateHash()
    let tally = repositoryRoot.appendingPathComponent("Tests/CoprodCLITests/Golden/consent-tenants-panel.json").path
    let decision = try WorkspaceOperations.recordDecision(
      DecisionRequest(tallyFile: tally, outcome: "accepted", decidedBy: "Panel", rationale: "Agreed"), workspace: ws,
      context: testContext())
    #expect(decision.stateHash == before)
    #expect(try ws.store.decisions().first?.stateHash == before)
    #expect(try ws.store.verify().isConsistent)
  }

  @Test func writesCheckTheNewestEventAndRefuseAWorkspaceFoundDamaged() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    let path = ws.directory.appendingPathComponent("coprod.sqlite").path
    try tamper(ws, "UPDATE events SET payload = replace(payload, 'Welsh', 'English') WHERE seq = 17")
    let damage = StoreError(.damagedEvent(sequence: 17, kind: "contribution.added", detail: Self.broken), path: path)
    #expect(throws: damage) { try ws.store.stateHash() }
    // Damage in the middle is found by verify, which remembers it: writes are refused from then on.
    try tamper(ws, "UPDATE events SET payload = replace(payload, 'English', 'Welsh') WHERE seq = 17")
    try tamper(ws, "UPDATE events SET payload = replace(payload, 'tiny', 'small') WHERE seq = 16")
    expectDamage(ws, sequence: 16, kind: "contribution.added", detail: Self.broken)
    do {
      try WorkspaceOperations.recordConsent(
        Consent(participantID: "p001", purpose: .participation, given: CalendarDate("2026-03-01")!), workspace: ws,
        context: testContext())
      Issue.record("expected the write to be refused")
    } catch let error as StoreError {
      guard case .foundDamaged(_, let problem, let status) = error.reason else { return #expect(Bool(false), "\(error)") }
      #expect(problem == StoreError(.damagedEvent(sequence: 16, kind: "contribution.added", detail: Self.broken), path: path).description)
      #expect(status == 4 && error.exitStatus == 4)
    }
  }

  @Test func repairRebuildsTablesFromASoundLogButNeverTouchesADamagedOne() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    try tamper(ws, "UPDATE contributions SET text = 'edited' WHERE id = 's003'")
    #expect(try ws.store.verify().isConsistent == false)
    let repaired = try ws.store.repair()
    #expect(repaired.rebuiltTables == ["contributions"])
    #expect(try ws.store.verify().isConsistent)
    #expect(try ws.store.contributions(ContributionFilter()).contributions.last?.contribution.text == "Nobody answered the phone in Welsh.")
    try tamper(ws, "UPDATE events SET payload = replace(payload, 'Welsh', 'English') WHERE seq = 17")
    #expect(throws: StoreError.self) { try ws.store.repair() }
  }

  @Test func theMigrationChainsAnOlderLogAndMasksItsCommandLines() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    let path = ws.directory.appendingPathComponent("coprod.sqlite").path
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    let queue = try DatabaseQueue(path: path)
    try WorkspaceSchema.migrator.migrate(queue, upTo: "v5-feedback")
    try queue.write { db in
      try db.execute(sql: "INSERT INTO commands (actor, at, command) VALUES ('old', '2026-01-01T00:00:00Z', 'contributions add --kind story --text ''Joy said so'' --author p1')")
      let payloads = [
        ("participant.added", #"{"accessNeeds":[],"id":"p1","perspectives":["resident"]}"#),
        ("contribution.added", #"{"anonymity":"anonymous","authorID":"p1","consentToQuote":false,"derivedFrom":[],"id":"c1","kind":"story","text":"Joy said so"}"#),
      ]
      for (kind, payload) in payloads {
        try db.execute(
          sql: "INSERT INTO events (command_id, kind, participant_id, payload) VALUES (1, ?, 'p1', ?)", arguments: [kind, payload])
      }
      try db.execute(sql: "INSERT INTO participants (id, perspectives, access_needs) VALUES ('p1', '[\"resident\"]', '[]')")
      try db.execute(
        sql: """
          INSERT INTO contributions (id, kind, author_id, text, consent_to_quote, anonymity, derived_from)
          VALUES ('c1', 'story', 'p1', 'Joy said so', 0, 'anonymous', '[]')
          """)
    }
    try queue.close()
    let reopened = try Workspace.open(at: ws.directory)
    #expect(try (reopened.store as? SQLiteWorkspaceStore)?.appliedMigrations() == allMigrations)
    var lines: [String] = []
    try reopened.store.forEachEvent(EventFilter()) { lines.append($0.command.command) }
    #expect(lines == ["contributions add --kind story --text … --author p1", "contributions add --kind story --text … --author p1"])
    #expect(try reopened.store.verify().isConsistent)
    try WorkspaceOperations.erase(participantID: "p1", workspace: reopened, context: testContext())
    #expect(try reopened.store.verify().isConsistent)
  }
}
