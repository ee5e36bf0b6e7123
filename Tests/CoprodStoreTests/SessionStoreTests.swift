// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodPlugins
import CoprodTestSupport
import Foundation
import Logging
import Testing

@testable import CoprodStore

/// Sessions in the event log: verify, bundles, erasure and all-or-nothing runs.
@Suite struct SessionStoreTests {
  static let catalog = PluginCatalog.discover([PluginSource(kind: .bundled, folder: repositoryRoot.appendingPathComponent("plugins"))])
  static let inputs = repositoryRoot.appendingPathComponent("examples/sessions/story-circle.yaml").path

  /// A workspace holding the example participants.
  func workspace(_ dir: TemporaryDirectory, name: String = "ws") throws -> Workspace {
    let ws = try makeWorkspace(in: dir, name: name)
    _ = try ParticipantImport.run(
      path: repositoryRoot.appendingPathComponent("examples/workspace/participants.csv").path, mappings: [], workspace: ws,
      context: testContext(), dryRun: false)
    return ws
  }

  func runStoryCircle(in ws: Workspace, inputs: String = SessionStoreTests.inputs) throws -> SessionRunOutput {
    try SessionRun.run(
      SessionRunRequest(format: "story-circle", inputs: inputs, dryRun: false, workspace: ws.directory), catalog: Self.catalog,
      context: testContext("run story-circle"), logger: Logger(label: "test"))
  }

  @Test func aSessionVerifiesAndRoundTripsThroughABundle() throws {
    let dir = try TemporaryDirectory()
    let ws = try workspace(dir)
    _ = try runStoryCircle(in: ws)
    #expect(try verifiedRows(ws, table: "sessions") == 1)
    #expect(try verifiedRows(ws, table: "session_options") == 3)
    #expect(try verifiedRows(ws, table: "session_ballots") == 12)
    let kinds = try eventKinds(ws).filter { $0.rawValue.hasPrefix("session.") }
    #expect(kinds.first == .sessionStarted && kinds.last == .sessionClosed)
    #expect(kinds.filter { $0 == .sessionStageSkipped }.isEmpty)
    let restored = try roundTripped(ws, includePersonalData: false, in: dir)
    #expect(try restored.store.sessions() == ws.store.sessions())
    #expect(try SessionReport.read("s1", from: restored) == SessionReport.read("s1", from: ws))
  }

  @Test func theDecisionKeepsItsProvenanceAndTheCommitmentFollowsIt() throws {
    let dir = try TemporaryDirectory()
    let ws = try workspace(dir)
    _ = try runStoryCircle(in: ws)
    let decision = try #require(try ws.store.decisions().first)
    #expect(decision.sessionID == "s1" && decision.stage == "priorities" && decision.winners == ["t1"])
    #expect(decision.provenance?["t1"] == ["s1-t1"])
    let commitment = try #require(try ws.store.commitments().first)
    #expect(commitment.decisionID == "d1" && commitment.sessionID == "s1" && commitment.stage == "next-steps")
    #expect(commitment.derivedFrom == ["s1-t1"])
    let theme = try #require(try ws.store.contributions(ContributionFilter()).contributions.first { $0.contribution.id == "s1-t1" })
    #expect(theme.contribution.derivedFrom == ["s1-stories-1", "s1-stories-7", "s1-stories-8"])
  }

  @Test func erasureBlanksAPersonsWordsInSessionEvents() throws {
    let dir = try TemporaryDirectory()
    let ws = try workspace(dir)
    let file = try dir.write(
      "consent.yaml",
      """
      attendance: [p001, p002, p003]
      stages:
        themes:
          - { id: t1, by: p001, text: "Evening repairs", consent: { quote: true } }
          - { id: t2, text: "Weekend repairs" }
        priorities:
          - { by: p001, dots: { t1: 3 } }
          - { by: p002, dots: { t2: 3 } }
          - { by: p003, dots: { t1: 2, t2: 1 } }

      """)
    _ = try SessionRun.run(
      SessionRunRequest(format: "story-circle", inputs: file, dryRun: false, workspace: ws.directory), catalog: Self.catalog,
      context: testContext(), logger: Logger(label: "test"))
    try WorkspaceOperations.erase(participantID: "p001", workspace: ws, context: testContext())
    var redacted: [WorkspaceChange] = []
    try ws.store.forEachEvent(EventFilter(participantID: "p001")) { if $0.redacted { redacted.append($0.change) } }
    #expect(redacted.map(\.kind) == [.participantAdded, .personalDataRecorded, .contributionAdded, .sessionOptionAdded])
    if case .session(.optionAdded(let option)) = redacted.last { #expect(option.name == "" && option.wordsBy == "p001") }
    #expect(try ws.store.sessions()[0].stages.first { $0.stage == "priorities" }?.options.map(\.name) == ["", "Weekend repairs"])
    #expect(try verifiedRows(ws, table: "session_options") == 2)
  }

  /// The database file and its write-ahead log, as bytes.
  func files(_ ws: Workspace) throws -> [Data] {
    try ["coprod.sqlite", "coprod.sqlite-wal"].map { try Data(contentsOf: ws.directory.appendingPathComponent($0)) }
  }

  @Test func aBadInputsFileLeavesTheDatabaseByteForByte() throws {
    let dir = try TemporaryDirectory()
    let ws = try workspace(dir)  // kept open, so the write-ahead log stays and every byte can be compared
    let before = try files(ws)
    let bad = try dir.write(
      "bad.yaml",
      """
      attendance: [p001, p002]
      stages:
        themes:
          - { id: t1, text: "One" }
          - { id: t2, text: "Two" }
        priorities:
          - { by: p001, dots: { t1: 3 } }
          - { by: p002, dots: { t9: 1 } }

      """)
    expectFailure("\(bad):8: stages.priorities[2].dots: t9 is not an option of this vote (t1, t2)") {
      _ = try runStoryCircle(in: ws, inputs: bad)
    }
    #expect(try files(ws) == before)
    #expect(try ws.store.sessions().isEmpty)
  }
}
