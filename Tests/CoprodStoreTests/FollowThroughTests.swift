// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodTestSupport
import Foundation
import GRDB
import Testing

@testable import CoprodStore

@Suite struct FollowThroughTests {
  /// The tenants' panel consent round, as `coprod tally … --rule consent --format json` wrote it.
  static let consentCount = repositoryRoot.appendingPathComponent("Tests/CoprodCLITests/Golden/consent-tenants-panel.json").path

  static let panel = DecisionRequest(
    tallyFile: consentCount, outcome: "partly-accepted", decidedBy: "Tenants' panel",
    rationale: "Two proposals passed with no reasoned objection.",
    reasons: "Later opening needs the union's agreement first; we will ask in April.")

  /// The decision the panel's request records, as of ``testContext()``.
  static let panelDecision = Decision(
    id: "d1",
    rule: PluginReference(
      id: "org.coprod.consent", version: "1.1.0", hash: "b9707a635ba9cc5f06baa61bee29725ccb6aad36587fc7a285a7354bfa86967c"),
    winners: ["Later opening hours", "Welsh-language phone line"],
    rounds: [
      Decision.Round(
        number: 1,
        tally: [
          "Later opening hours": .text("11 consent, 2 stand aside, 0 object"),
          "Repairs text updates": .text("12 consent, 0 stand aside, 1 object"),
          "Welsh-language phone line": .text("12 consent, 0 stand aside, 1 object"),
        ],
        elected: ["Later opening hours", "Welsh-language phone line"], excluded: ["Repairs text updates"],
        notes: [
          "Each proposal passes unless someone objects and gives a reason. Standing aside records a concern without blocking.",
          "Concern about Later opening hours (2, standing aside): Staffing evenings needs the union agreement first",
          "no reasoned objection",
          "Objection to Welsh-language phone line (1) without a reason: it does not block until a reason is given.",
          "no reasoned objection",
          "Objection to Repairs text updates (1): Many older tenants have no mobile phone; texts alone would leave them out",
          "1 reasoned objection(s); the proposal goes back for amendment",
        ]),
    ],
    proposals: [
      "Later opening hours": "Later opening hours", "Repairs text updates": "Repairs text updates",
      "Welsh-language phone line": "Welsh-language phone line",
    ],
    decidedBy: "Tenants' panel", rationale: "Two proposals passed with no reasoned objection.", outcome: .partlyAccepted,
    outcomeReasons: "Later opening needs the union's agreement first; we will ask in April.", decided: CalendarDate("2026-03-01"),
    stateHash: EventChain.hex(EventChain.genesis))

  func add(_ text: String, owner: String = "Customer services", due: String? = nil, decision: String? = nil, id: String? = nil, in ws: Workspace) throws -> Commitment {
    try WorkspaceOperations.addCommitment(
      text: text, owner: owner, due: due.flatMap(CalendarDate.init), decisionID: decision, id: id, workspace: ws, context: testContext())
  }

  func update(_ request: CommitmentChangeRequest, in ws: Workspace) throws -> Commitment {
    try WorkspaceOperations.updateCommitment(request, workspace: ws, context: testContext()).after
  }

  /// A workspace with the panel's decision and a commitment following from it, done with evidence.
  func followedThrough(in dir: TemporaryDirectory, name: String = "ws") throws -> Workspace {
    let ws = try makeWorkspace(in: dir, name: name)
    _ = try WorkspaceOperations.recordDecision(Self.panel, workspace: ws, context: testContext())
    _ = try add("Answer the phone in Welsh", due: "2026-06-30", decision: "d1", in: ws)
    _ = try update(CommitmentChangeRequest(id: "k1", status: "in-progress", note: "Two Welsh speakers recruited"), in: ws)
    _ = try update(
      CommitmentChangeRequest(
        id: "k1", status: "done", evidence: "The Welsh line opened on 1 June", evidenceAt: "https://example.org/welsh-line",
        date: CalendarDate("2026-06-01")), in: ws)
    return ws
  }

  // MARK: - Store

  @Test func aDecisionKeepsTheRuleWinnersAndRounds() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    #expect(try ws.store.decisions() == [])
    #expect(try WorkspaceOperations.recordDecision(Self.panel, workspace: ws, context: testContext()) == Self.panelDecision)
    var second = Self.panel
    second.outcome = "Accepted"
    second.reasons = nil
    let next = try WorkspaceOperations.recordDecision(second, workspace: ws, context: testContext())
    #expect(next.id == "d2")
    #expect(next.outcome == .accepted)
    #expect(try ws.store.decisions() == [Self.panelDecision, next])
    #expect(try eventKinds(ws) == [.decisionRecorded, .decisionRecorded])
    #expect(try verifiedRows(ws, table: "decisions") == 2)
  }

  @Test func aCommitmentIsFollowedThroughWithHistoryAndEvidence() throws {
    let dir = try TemporaryDirectory()
    let ws = try followedThrough(in: dir)
    let expected = Commitment(
      id: "k1", text: "Answer the phone in Welsh", owner: "Customer services", due: CalendarDate("2026-06-30"), decisionID: "d1",
      history: [
        .init(status: .inProgress, date: CalendarDate("2026-03-01")!, note: "Two Welsh speakers recruited"),
        .init(status: .done, date: CalendarDate("2026-06-01")!),
      ],
      evidence: [.init(summary: "The Welsh line opened on 1 June", location: "https://example.org/welsh-line")])
    #expect(try ws.store.commitments() == [expected])
    #expect(expected.status == .done)
    #expect(expected.latestNote == "Two Welsh speakers recruited")
    #expect(try add("Send text updates", id: "texts", in: ws).id == "texts")
    #expect(try add("Print letters in large type", in: ws).id == "k2")
    #expect(
      try eventKinds(ws) == [.decisionRecorded, .commitmentMade, .commitmentUpdated, .commitmentUpdated, .commitmentMade, .commitmentMade])
    #expect(try verifiedRows(ws, table: "commitments") == 3)
  }

  @Test func aNoteAloneKeepsTheStatusAndOverdueNeedsAPastDueDay() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    _ = try add("Answer the phone in Welsh", due: "2026-02-27", in: ws)
    let noted = try update(CommitmentChangeRequest(id: "k1", note: "Advert out"), in: ws)
    #expect(noted.status == .planned)
    #expect(noted.history == [.init(status: .planned, date: CalendarDate("2026-03-01")!, note: "Advert out")])
    let today = try #require(CalendarDate("2026-03-01"))
    #expect(noted.isOverdue(on: today))
    #expect(!noted.isOverdue(on: try #require(CalendarDate("2026-02-27"))))
    let dropped = try update(CommitmentChangeRequest(id: "k1", status: "dropped", note: "The service moved to the county"), in: ws)
    #expect(!dropped.isOverdue(on: today))
  }

  @Test func theUpdatePayloadIsCanonicalJSON() throws {
    let update = CommitmentUpdate(
      commitmentID: "k1", date: CalendarDate("2026-06-01")!, status: .done,
      evidence: .init(summary: "The line opened", location: "https://example.org/w"))
    let codec = EventCodec()
    let payload = try codec.payload(of: .commitmentUpdated(update))
    #expect(
      payload
        == #"{"commitmentID":"k1","date":"2026-06-01","evidence":{"location":"https://example.org/w","summary":"The line opened"},"status":"done"}"#
    )
    #expect(try codec.change(kind: .commitmentUpdated, payload: payload) == .commitmentUpdated(update))
  }

  @Test func verifyNoticesAnEditedCommitment() throws {
    let dir = try TemporaryDirectory()
    let ws = try followedThrough(in: dir)
    let queue = try DatabaseQueue(path: ws.directory.appendingPathComponent("coprod.sqlite").path)
    try queue.write { try $0.execute(sql: "UPDATE commitments SET status = 'dropped'") }
    try queue.close()
    let table = try ws.store.verify().tables.first { $0.table == "commitments" }
    #expect(table == VerificationReport.TableComparison(table: "commitments", rows: 1, missing: 1, unexpected: 1, firstDifference: "k1"))
  }

  @Test(arguments: [false, true])
  func exportAndImportKeepDecisionsAndCommitmentsExactly(includePersonalData: Bool) throws {
    let dir = try TemporaryDirectory()
    let source = try followedThrough(in: dir, name: "source")
    _ = try ParticipantImport.run(
      path: try dir.write("p.csv", sampleParticipants), mappings: [], workspace: source, context: testContext(), dryRun: false)
    try WorkspaceOperations.erase(participantID: "p004", workspace: source, context: testContext())
    let restored = try roundTripped(source, includePersonalData: includePersonalData, in: dir)
    #expect(try restored.store.decisions() == [Self.panelDecision])
    #expect(try restored.store.commitments() == source.store.commitments())
  }

  @Test func aVersion3WorkspaceMigratesForwardAndTakesDecisions() throws {
    let dir = try TemporaryDirectory()
    // Build the database as the release before follow-through did.
    let reopened = try migratedForward(in: dir, from: "v3-consultation", missing: "decisions")
    #expect(try reopened.store.decisions() == [])
    #expect(try reopened.store.commitments() == [])
    var expected = Self.panelDecision
    expected.stateHash = try reopened.store.stateHash()
    _ = try WorkspaceOperations.recordDecision(Self.panel, workspace: reopened, context: testContext())
    _ = try add("Answer the phone in Welsh", decision: "d1", in: reopened)
    #expect(try reopened.store.decisions() == [expected])
    #expect(try reopened.store.participants().map(\.participant.id) == ["p1"])
    #expect(try reopened.store.verify().isConsistent)
  }

  // MARK: - Validation

  @Test(arguments: [
    (DecisionRequest(tallyFile: consentCount, outcome: "rejected", decidedBy: "Board", rationale: "Too costly"),
     "--reasons: missing; a rejected decision must tell people why not all of it is done (give --reasons TEXT, including where changes cannot be made)"),
    (DecisionRequest(tallyFile: consentCount, outcome: "approved", decidedBy: "Board", rationale: "R"),
     "--outcome: unknown outcome 'approved' (use accepted, partly-accepted or rejected)"),
    (DecisionRequest(tallyFile: consentCount, outcome: "accepted", decidedBy: " ", rationale: "R"), "--decided-by: must not be empty"),
    (DecisionRequest(tallyFile: consentCount, outcome: "accepted", decidedBy: "Board", rationale: "R", id: "d 1"),
     "--id: 'd 1' is not a valid id (1–64 letters, digits, '-', '_' or '.')"),
    (DecisionRequest(tallyFile: "/nonexistent/r.json", outcome: "accepted", decidedBy: "Board", rationale: "R"),
     "/nonexistent/r.json: cannot read (no such file)"),
  ])
  func aBadDecisionWritesNothing(request: DecisionRequest, message: String) throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    expectFailure(message) { _ = try WorkspaceOperations.recordDecision(request, workspace: ws, context: testContext()) }
    #expect(try ws.store.eventCount() == 0)
  }

  @Test(arguments: [
    ("{\"rule\": 1", "The given data was not valid JSON."),
    ("{\"winners\": []}", "rule: missing"),
  ])
  func aFileThatIsNotACountIsNamed(text: String, problem: String) throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    let file = try dir.write("r.json", text)
    let request = DecisionRequest(tallyFile: file, outcome: "accepted", decidedBy: "Board", rationale: "R")
    expectFailure("\(file): not a count from `coprod tally FILE --rule R --format json` (\(problem))") {
      _ = try WorkspaceOperations.recordDecision(request, workspace: ws, context: testContext())
    }
    #expect(try ws.store.eventCount() == 0)
  }

  @Test(arguments: [
    (CommitmentChangeRequest(id: "k1"), "commitments update: nothing to change; give --status, --note or --evidence"),
    (CommitmentChangeRequest(id: "k9", note: "n"), "commitment: no commitment 'k9' in this workspace; see `coprod commitments list`"),
    (CommitmentChangeRequest(id: "k1", status: "finished"), "--status: unknown status 'finished' (use planned, in-progress, done or dropped)"),
    (CommitmentChangeRequest(id: "k1", status: "planned"), "--status: k1 is already planned; give another status, or a --note or --evidence"),
    (CommitmentChangeRequest(id: "k1", status: "dropped"), "--note: missing; say why the commitment is dropped (give --note TEXT)"),
    (CommitmentChangeRequest(id: "k1", status: "done", note: "Finished"),
     "--evidence: missing; a commitment is done only with evidence people can check (give --evidence TEXT, and --evidence-at LINK where it can be seen)"),
    (CommitmentChangeRequest(id: "k1", evidenceAt: "https://example.org"), "--evidence-at: give --evidence TEXT too, saying what the evidence shows"),
    (CommitmentChangeRequest(id: "k1", note: "Late", date: CalendarDate("2026-02-01")),
     "--date: 2026-02-01 is before the last change to k1, on 2026-02-20; give a day on or after it"),
  ])
  func aBadUpdateWritesNothing(request: CommitmentChangeRequest, message: String) throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    _ = try add("Answer the phone in Welsh", in: ws)
    _ = try update(CommitmentChangeRequest(id: "k1", note: "Advert out", date: CalendarDate("2026-02-20")), in: ws)
    let before = try ws.store.commitments()
    expectFailure(message) { _ = try update(request, in: ws) }
    #expect(try ws.store.eventCount() == 2)
    #expect(try ws.store.commitments() == before)
  }

  @Test func aCommitmentNeedsAnOwnerAndAKnownDecision() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    expectFailure("--owner: must not be empty") { _ = try add("Do it", owner: "  ", in: ws) }
    expectFailure("TEXT: must not be empty") { _ = try add("", in: ws) }
    expectFailure("--decision: no decision 'd1' in this workspace; see `coprod decisions list`") { _ = try add("Do it", decision: "d1", in: ws) }
    _ = try add("Do it", in: ws)
    expectFailure("--id: commitment 'k1' already exists; choose another id or leave it out") { _ = try add("Again", id: "k1", in: ws) }
    #expect(try ws.store.eventCount() == 1)
  }

  @Test func erasureLeavesDecisionsAndCommitments() throws {
    let dir = try TemporaryDirectory()
    let ws = try followedThrough(in: dir)
    _ = try ParticipantImport.run(
      path: try dir.write("p.csv", sampleParticipants), mappings: [], workspace: ws, context: testContext(), dryRun: false)
    let commitments = try ws.store.commitments()
    try WorkspaceOperations.erase(participantID: "p001", workspace: ws, context: testContext())
    #expect(try ws.store.decisions() == [Self.panelDecision])
    #expect(try ws.store.commitments() == commitments)
    #expect(WorkspaceChange.decisionRecorded(Self.panelDecision).redacted(erasing: "p001") == nil)
    #expect(try ws.store.verify().isConsistent)
  }
}
