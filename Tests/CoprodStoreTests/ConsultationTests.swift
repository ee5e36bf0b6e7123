// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation
import GRDB
import Testing

@testable import CoprodStore

@Suite struct ConsultationTests {
  /// The first definition of the housing repairs consultation, as given on the command line.
  static let first: [ConsultationField: String] = [
    .question: "How should we put right repairs that go wrong the first time?",
    .purpose: "To agree the repairs standards with tenants.",
    .ladder: "co-design", .spectrum: "consult", .opens: "2026-03-02", .closes: "2026-03-29",
  ]

  static let firstRecord = Consultation(
    question: "How should we put right repairs that go wrong the first time?",
    purpose: "To agree the repairs standards with tenants.", ladderRung: .coDesign, spectrumLevel: .consult,
    opens: CalendarDate("2026-03-02"), closes: CalendarDate("2026-03-29"))

  func define(_ values: [ConsultationField: String], in ws: Workspace) throws -> (Consultation, Bool) {
    try WorkspaceOperations.defineConsultation(try ConsultationUpdate(values), workspace: ws, context: testContext())
  }

  // MARK: - Store

  @Test func aLaterDefinitionReplacesOnlyTheFieldsGiven() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    #expect(try ws.store.consultation() == nil)
    #expect(try define(Self.first, in: ws) == (Self.firstRecord, true))
    let (second, changed) = try define(
      [.spectrum: "Collaborate", .closes: "2026-05-24", .adequateTime: "  12 weeks, including the Easter holidays. "], in: ws)
    var expected = Self.firstRecord
    expected.spectrumLevel = .collaborate
    expected.closes = CalendarDate("2026-05-24")
    expected.gunning.adequateTime = "12 weeks, including the Easter holidays."
    #expect(changed)
    #expect(second == expected)
    #expect(try ws.store.consultation() == expected)
    #expect(try eventKinds(ws) == [.consultationDefined, .consultationDefined])
    #expect(try verifiedRows(ws, table: "consultation") == 1)
  }

  @Test func theSameValuesAgainWriteNothing() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    _ = try define(Self.first, in: ws)
    #expect(try define([.ladder: "co-design", .opens: "2026-03-02"], in: ws) == (Self.firstRecord, false))
    #expect(try ws.store.eventCount() == 1)
  }

  @Test func thePayloadIsCanonicalJSONWithTheRungByName() throws {
    var consultation = Self.firstRecord
    consultation.gunning.formativeStage = "No option has been chosen."
    let codec = EventCodec()
    let payload = try codec.payload(of: .consultationDefined(consultation))
    #expect(
      payload
        == #"{"closes":"2026-03-29","gunning":{"formativeStage":"No option has been chosen."},"ladderRung":"co-design","opens":"2026-03-02","purpose":"To agree the repairs standards with tenants.","question":"How should we put right repairs that go wrong the first time?","spectrumLevel":"consult"}"#
    )
    #expect(try codec.change(kind: .consultationDefined, payload: payload) == .consultationDefined(consultation))
    #expect(throws: DecodingError.self) {
      try codec.change(kind: .consultationDefined, payload: payload.replacingOccurrences(of: "co-design", with: "6"))
    }
  }

  @Test func verifyNoticesAnEditedConsultation() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    _ = try define(Self.first, in: ws)
    let queue = try DatabaseQueue(path: ws.directory.appendingPathComponent("coprod.sqlite").path)
    try queue.write { try $0.execute(sql: "UPDATE consultation SET ladder_rung = 'co-production'") }
    try queue.close()
    let table = try ws.store.verify().tables.first { $0.table == "consultation" }
    #expect(
      table == VerificationReport.TableComparison(table: "consultation", rows: 1, missing: 1, unexpected: 1, firstDifference: "current"))
  }

  @Test(arguments: [false, true])
  func exportAndImportKeepTheConsultationExactly(includePersonalData: Bool) throws {
    let dir = try TemporaryDirectory()
    let source = try makeWorkspace(in: dir, name: "source")
    _ = try ParticipantImport.run(
      path: try dir.write("p.csv", sampleParticipants), mappings: [], workspace: source, context: testContext(), dryRun: false)
    _ = try define(Self.first, in: source)
    _ = try define([.conscientiousConsideration: "Every response is read by two officers."], in: source)
    let restored = try roundTripped(source, includePersonalData: includePersonalData, in: dir)
    #expect(try restored.store.consultation() == source.store.consultation())
    #expect(try restored.store.consultation()?.gunning.conscientiousConsideration == "Every response is read by two officers.")
  }

  @Test func aVersion2WorkspaceMigratesForwardAndTakesAConsultation() throws {
    let dir = try TemporaryDirectory()
    // Build the database as the release before the consultation record did.
    let reopened = try migratedForward(in: dir, from: "v2-votes", missing: "consultation")
    #expect(try reopened.store.consultation() == nil)
    _ = try define(Self.first, in: reopened)
    #expect(try reopened.store.consultation() == Self.firstRecord)
    #expect(try reopened.store.participants().map(\.participant.id) == ["p1"])
    #expect(try reopened.store.verify().isConsistent)
  }

  // MARK: - Validation

  @Test(arguments: [
    (
      [ConsultationField.question: "Q?"],
      "--purpose, --ladder, --spectrum: missing; this workspace has no consultation yet, so the first `consultation set` must give --question, --purpose, --ladder and --spectrum"
    ),
    (
      first.merging([.closes: "2026-03-01"]) { $1 },
      "--closes: 2026-03-01 is before the opening day, 2026-03-02; give a closing day on or after it"
    ),
  ])
  func aBadFirstDefinitionWritesNothing(values: [ConsultationField: String], message: String) throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    expectFailure(message) { _ = try define(values, in: ws) }
    #expect(try ws.store.eventCount() == 0)
    #expect(try ws.store.consultation() == nil)
  }

  @Test(arguments: [
    ([ConsultationField: String](), "consultation set: nothing to change; give the options to change, such as --closes or --adequate-time"),
    ([.opens: "2026-04-01"], "--opens: 2026-04-01 is after the closing day, 2026-03-29; give an opening day on or before it (or change --closes too)"),
  ])
  func aBadLaterChangeWritesNothing(values: [ConsultationField: String], message: String) throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    _ = try define(Self.first, in: ws)
    expectFailure(message) { _ = try define(values, in: ws) }
    #expect(try ws.store.eventCount() == 1)
    #expect(try ws.store.consultation() == Self.firstRecord)
  }

  @Test(arguments: [
    (ConsultationField.ladder, "codesign", "--ladder: unknown rung 'codesign' (use coercion, educating, informing, consultation, engagement, co-design or co-production)"),
    (.spectrum, "participate", "--spectrum: unknown level 'participate' (use inform, consult, involve, collaborate or empower)"),
    (.opens, "2026-02-30", "--opens: '2026-02-30' is not a date written YYYY-MM-DD"),
    (.formativeStage, " ", "--formative-stage: must not be empty"),
  ])
  func badValuesNameTheOptionAndTheAllowedOnes(field: ConsultationField, value: String, message: String) {
    expectFailure(message) { _ = try ConsultationUpdate([field: value]) }
  }

  // MARK: - Text

  @Test(arguments: LadderRung.allCases)
  func onlyADoingWithRungPromisingToInformOrConsultIsFlagged(rung: LadderRung) {
    for level in SpectrumLevel.allCases {
      let notes = ConsultationText.notes(Consultation(question: "Q", purpose: "P", ladderRung: rung, spectrumLevel: level))
      let flagged = rung.band == "doing with" && (level == .inform || level == .consult)
      #expect(notes.count == (flagged ? 1 : 0), "\(rung.name) with \(level.rawValue)")
      #expect(notes.allSatisfy { $0.contains("faux-production") })
    }
  }

  @Test func shortConsultationsAreFlaggedUntilTheTimeIsJustified() {
    var consultation = Consultation(
      question: "Q", purpose: "P", ladderRung: .consultation, spectrumLevel: .consult,
      opens: CalendarDate("2026-03-02"), closes: CalendarDate("2026-05-23"))
    #expect(ConsultationText.notes(consultation) == [
      "83 days is shorter than the customary 12 weeks. There is no statutory period, so record why the time is adequate (--adequate-time)."
    ])
    consultation.gunning.adequateTime = "Agreed with the tenants' panel."
    #expect(ConsultationText.notes(consultation) == [])
    consultation.gunning.adequateTime = nil
    consultation.closes = CalendarDate("2026-05-24")
    #expect(ConsultationText.notes(consultation) == [])
  }

  @Test func daysBetweenDatesCrossMonthsLeapDaysAndCenturies() throws {
    let day = { (text: String) in try #require(CalendarDate(text)) }
    #expect(try day("2026-03-02").days(to: day("2026-05-24")) == 83)
    #expect(try day("2024-02-28").days(to: day("2024-03-01")) == 2)
    #expect(try day("2100-02-28").days(to: day("2100-03-01")) == 1)
    #expect(try day("1970-01-01").days(to: day("2000-01-01")) == 10_957)
    #expect(try day("2026-03-29").days(to: day("2026-03-02")) == -27)
  }
}
