// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodStore
import Foundation

// MARK: - Single changes

/// The one-change commands: add a contribution, record or withdraw consent, erase, define
/// the consultation.
public enum WorkspaceOperations {
  /// Adds one contribution and returns its id.
  public static func addContribution(
    kind: ContributionKind, authorID: String?, text: String, id: String?, sessionID: String?, stage: String?,
    consentToQuote: Bool, anonymity: AnonymityLevel, derivedFrom: [String], made: CalendarDate?, workspace: Workspace,
    context: CommandContext
  ) throws -> String {
    if let id, !Participant.isValidID(id) {
      throw WorkspaceError.invalidValue(field: "--id", problem: "'\(id)' is not a valid id (1–64 letters, digits, '-', '_' or '.')")
    }
    let trimmed = text.trimmed
    guard !trimmed.isEmpty else { throw WorkspaceError.invalidValue(field: "--text", problem: "must not be empty") }
    let parsed = ParsedContribution(
      id: id, kind: kind, authorID: authorID, sessionID: sessionID, stage: stage, text: trimmed,
      consentToQuote: consentToQuote, anonymity: anonymity, derivedFrom: derivedFrom, made: made ?? context.now.date)
    return try workspace.store.write(context.info, dryRun: false) { writer in
      if let (field, problem) = try ContributionRecorder.referenceProblems(parsed, writer: writer).first {
        throw WorkspaceError.invalidValue(field: field == "author" ? "--author" : "--\(field)", problem: problem)
      }
      var next = try writer.highestNumber(prefix: "C")
      return try ContributionRecorder.record(parsed, next: &next, writer: writer)
    }
  }

  /// Records a consent (replacing an earlier one for the same purpose; recording
  /// participation again after a withdrawal brings the person back).
  public static func recordConsent(_ consent: Consent, workspace: Workspace, context: CommandContext) throws {
    try workspace.store.write(context.info, dryRun: false) { writer in
      let record = try existing(consent.participantID, writer: writer)
      if record.erased { throw WorkspaceError.erasedParticipant(consent.participantID) }
      try writer.record(.consentRecorded(consent))
    }
  }

  /// Withdraws one consent, or every consent when `purpose` is nil. Withdrawing
  /// participation removes the person's contributions and votes from every later listing,
  /// report and export; the audit event stays in the log.
  /// - Returns: How many of their contributions are now withheld.
  public static func withdrawConsent(
    participantID: String, purpose: ConsentPurpose?, date: CalendarDate, workspace: Workspace, context: CommandContext
  ) throws -> Int {
    try workspace.store.write(context.info, dryRun: false) { writer in
      _ = try existing(participantID, writer: writer)
      try writer.record(.consentWithdrawn(ConsentWithdrawal(participantID: participantID, purpose: purpose, date: date)))
    }
    guard purpose == nil || purpose == .participation else { return 0 }
    return try workspace.store.contributions(ContributionFilter(authorID: participantID)).withheld
  }

  /// Erases a participant's personal data and identifying content (their words, access
  /// needs), also from earlier events; keeps the pseudonymous record and aggregate counts.
  public static func erase(participantID: String, workspace: Workspace, context: CommandContext) throws {
    try workspace.store.write(context.info, dryRun: false) { writer in
      let record = try existing(participantID, writer: writer)
      if record.erased { throw WorkspaceError.erasedParticipant(participantID) }
      try writer.record(.participantErased(Erasure(participantID: participantID, date: context.now.date)))
    }
  }

  /// Defines the workspace's consultation, or changes the fields `update` gives; the new
  /// definition replaces the old one. Writes nothing when the values are already recorded.
  /// - Returns: The consultation as now recorded, and whether anything changed.
  public static func defineConsultation(
    _ update: ConsultationUpdate, workspace: Workspace, context: CommandContext
  ) throws -> (consultation: Consultation, changed: Bool) {
    try workspace.store.write(context.info, dryRun: false) { writer in
      let current = try writer.consultation()
      let next = try update.applied(to: current)
      guard next != current else { return (next, false) }
      try writer.record(.consultationDefined(next))
      return (next, true)
    }
  }

  private static func existing(_ id: String, writer: any WorkspaceWriter) throws -> ParticipantRecord {
    guard let record = try writer.participant(id) else { throw WorkspaceError.unknownParticipant(id) }
    return record
  }
}
