// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodTestSupport
import Foundation
import GRDB
import Testing

@testable import CoprodStore

@Suite struct FeedbackTests {
  /// The published "you said, we did", as a file whose SHA-256 is known.
  static let document = "# You said, we did\n"
  static let documentHash = "9f68ca4c1618b5bdf78118ada2b7739c5ead9b4f78b67c27c757e434cc6c693f"

  func record(_ request: FeedbackRequest, in ws: Workspace) throws -> FeedbackPublication {
    try WorkspaceOperations.recordFeedback(request, workspace: ws, context: testContext())
  }

  /// A workspace with the panel's decision, a commitment following from it, and the feedback
  /// that reported them, published with its document.
  func published(in dir: TemporaryDirectory, name: String = "ws") throws -> Workspace {
    let ws = try makeWorkspace(in: dir, name: name)
    _ = try WorkspaceOperations.recordDecision(FollowThroughTests.panel, workspace: ws, context: testContext())
    _ = try WorkspaceOperations.addCommitment(
      text: "Answer the phone in Welsh", owner: "Customer services", due: nil, decisionID: "d1", id: nil, workspace: ws,
      context: testContext())
    let file = try dir.write("\(name)-you-said.md", Self.document)
    _ = try record(
      FeedbackRequest(title: "You said, we did", channel: "Tenants' newsletter", date: CalendarDate("2026-03-12"), file: file), in: ws)
    return ws
  }

  // MARK: - Store

  @Test func aPublicationCoversEverythingRecordedSoFar() throws {
    let dir = try TemporaryDirectory()
    let ws = try published(in: dir)
    let first = FeedbackPublication(
      id: "f1", title: "You said, we did", published: CalendarDate("2026-03-12")!, channel: "Tenants' newsletter",
      decisionIDs: ["d1"], commitmentIDs: ["k1"], sha256: Self.documentHash)
    #expect(try ws.store.feedback() == [first])
    _ = try WorkspaceOperations.addCommitment(
      text: "Print letters in large type", owner: "Tenancy team", due: nil, decisionID: nil, id: nil, workspace: ws,
      context: testContext())
    let second = try record(FeedbackRequest(title: "  Update  ", channel: "Open meeting, 1 March"), in: ws)
    #expect(
      second
        == FeedbackPublication(
          id: "f2", title: "Update", published: CalendarDate("2026-03-01")!, channel: "Open meeting, 1 March",
          decisionIDs: ["d1"], commitmentIDs: ["k1", "k2"]))
    #expect(try record(FeedbackRequest(title: "Web page", channel: "https://example.org/you-said", id: "web"), in: ws).id == "web")
    #expect(try record(FeedbackRequest(title: "Again", channel: "Newsletter"), in: ws).id == "f3")
    #expect(try ws.store.feedback().map(\.id) == ["f1", "f2", "web", "f3"])
    #expect(try eventKinds(ws).suffix(5) == [.feedbackPublished, .commitmentMade, .feedbackPublished, .feedbackPublished, .feedbackPublished])
    #expect(try verifiedRows(ws, table: "feedback") == 4)
  }

  @Test func feedbackCannotReportADecisionMadeAfterIt() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    _ = try WorkspaceOperations.recordDecision(FollowThroughTests.panel, workspace: ws, context: testContext())
    let decided = try #require(try ws.store.decisions().first?.decided)
    #expect(decided.text == "2026-03-01")
    let before = try record(FeedbackRequest(title: "Interim", channel: "Newsletter", date: CalendarDate("2026-02-28")), in: ws)
    #expect(before.decisionIDs.isEmpty)
    let sameDay = try record(FeedbackRequest(title: "Outcome", channel: "Newsletter", date: decided), in: ws)
    #expect(sameDay.decisionIDs == ["d1"])
  }

  @Test func thePayloadIsCanonicalJSON() throws {
    let publication = FeedbackPublication(
      id: "f1", title: "You said", published: CalendarDate("2026-03-12")!, channel: "https://example.org/y",
      decisionIDs: ["d1"], commitmentIDs: [], sha256: "ab")
    let codec = EventCodec()
    let payload = try codec.payload(of: .feedbackPublished(publication))
    #expect(
      payload
        == #"{"channel":"https://example.org/y","commitmentIDs":[],"decisionIDs":["d1"],"id":"f1","published":"2026-03-12","sha256":"ab","title":"You said"}"#
    )
    #expect(try codec.change(kind: .feedbackPublished, payload: payload) == .feedbackPublished(publication))
  }

  @Test func verifyNoticesEditedFeedback() throws {
    let dir = try TemporaryDirectory()
    let ws = try published(in: dir)
    let queue = try DatabaseQueue(path: ws.directory.appendingPathComponent("coprod.sqlite").path)
    try queue.write { try $0.execute(sql: "UPDATE feedback SET published = '2026-01-01'") }
    try queue.close()
    let table = try ws.store.verify().tables.first { $0.table == "feedback" }
    #expect(table == VerificationReport.TableComparison(table: "feedback", rows: 1, missing: 1, unexpected: 1, firstDifference: "f1"))
  }

  @Test(arguments: [false, true])
  func exportAndImportKeepFeedbackExactly(includePersonalData: Bool) throws {
    let dir = try TemporaryDirectory()
    let source = try published(in: dir, name: "source")
    _ = try record(FeedbackRequest(title: "Meeting", channel: "Open meeting"), in: source)
    let restored = try roundTripped(source, includePersonalData: includePersonalData, in: dir)
    #expect(try restored.store.feedback() == source.store.feedback())
    #expect(try restored.store.feedback().first?.sha256 == Self.documentHash)
  }

  @Test func aVersion3WorkspaceMigratesForwardAndTakesFeedback() throws {
    let dir = try TemporaryDirectory()
    let reopened = try migratedForward(in: dir, from: "v3-consultation", missing: "decisions", "feedback")
    #expect(try reopened.store.feedback() == [])
    _ = try WorkspaceOperations.recordDecision(FollowThroughTests.panel, workspace: reopened, context: testContext())
    #expect(try record(FeedbackRequest(title: "You said", channel: "Newsletter"), in: reopened).decisionIDs == ["d1"])
    #expect(try reopened.store.participants().map(\.participant.id) == ["p1"])
    #expect(try reopened.store.verify().isConsistent)
  }

  @Test func aVersion4WorkspaceMigratesForwardAndKeepsItsDecisions() throws {
    let dir = try TemporaryDirectory()
    let reopened = try migratedForward(in: dir, from: "v4-follow-through", missing: "feedback")
    #expect(try reopened.store.feedback() == [])
    #expect(try record(FeedbackRequest(title: "You said", channel: "Newsletter"), in: reopened).decisionIDs == [])
    #expect(try verifiedRows(reopened, table: "feedback") == 1)
  }

  // MARK: - Validation

  @Test(arguments: [
    (FeedbackRequest(title: " ", channel: "Newsletter"), "--title: must not be empty"),
    (FeedbackRequest(title: "You said", channel: ""), "--channel: must not be empty"),
    (FeedbackRequest(title: "You said", channel: "Newsletter", id: "f 1"),
     "--id: 'f 1' is not a valid id (1–64 letters, digits, '-', '_' or '.')"),
    (FeedbackRequest(title: "You said", channel: "Newsletter", id: "f1"),
     "--id: feedback 'f1' already exists; choose another id or leave it out"),
    (FeedbackRequest(title: "You said", channel: "Newsletter", file: "/nonexistent/you-said.md"),
     "/nonexistent/you-said.md: cannot read (no such file)"),
  ])
  func badFeedbackWritesNothing(request: FeedbackRequest, message: String) throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    _ = try record(FeedbackRequest(title: "First", channel: "Newsletter"), in: ws)
    expectFailure(message) { _ = try record(request, in: ws) }
    #expect(try ws.store.eventCount() == 1)
  }

  @Test func aFolderIsNotAPublishedDocument() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    expectFailure("\(dir.url.path): cannot read (not a readable file)") {
      _ = try record(FeedbackRequest(title: "You said", channel: "Newsletter", file: dir.url.path), in: ws)
    }
    #expect(try ws.store.eventCount() == 0)
  }

  @Test func erasureLeavesFeedback() throws {
    let dir = try TemporaryDirectory()
    let ws = try published(in: dir)
    _ = try ParticipantImport.run(
      path: try dir.write("p.csv", sampleParticipants), mappings: [], workspace: ws, context: testContext(), dryRun: false)
    let before = try ws.store.feedback()
    try WorkspaceOperations.erase(participantID: "p001", workspace: ws, context: testContext())
    #expect(try ws.store.feedback() == before)
    #expect(WorkspaceChange.feedbackPublished(before[0]).redacted(erasing: "p001") == nil)
    #expect(try ws.store.verify().isConsistent)
  }
}
