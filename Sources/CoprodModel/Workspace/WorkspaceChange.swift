// coprod — co-production toolkit. Apache-2.0.

// MARK: - Changes

/// One change to a workspace. Every change is recorded as an append-only event in the same
/// transaction as the tables it updates, so the tables can always be rebuilt from the events.
public enum WorkspaceChange: Sendable, Hashable {
  /// A participant joined (pseudonymous part only).
  case participantAdded(Participant)
  /// Personal data was recorded for a participant (kept apart).
  case personalDataRecorded(PersonalData)
  /// A consent was given (replacing any earlier consent for the same purpose).
  case consentRecorded(Consent)
  /// A consent was withdrawn.
  case consentWithdrawn(ConsentWithdrawal)
  /// A contribution was made.
  case contributionAdded(Contribution)
  /// A vote on a contribution was cast (the latest vote per voter and contribution counts).
  case voteCast(ContributionVote)
  /// A participant's personal data and identifying content were erased.
  case participantErased(Erasure)
  /// The workspace's consultation was defined or changed (the latest definition replaces
  /// every earlier one).
  case consultationDefined(Consultation)
  /// A decision was recorded: the count it came from, who decided and what the
  /// organisation did with it.
  case decisionRecorded(Decision)
  /// A commitment was made (without history or evidence yet).
  case commitmentMade(Commitment)
  /// A commitment's status changed, or a note or evidence was added.
  case commitmentUpdated(CommitmentUpdate)
  /// Feedback was published ("closing the loop"): when, where, and the decisions and
  /// commitments it reported.
  case feedbackPublished(FeedbackPublication)
  /// A step of a session (a run of a session format): see ``SessionEvent``.
  case session(SessionEvent)
  /// A sortition panel was drawn (`coprod panel select`).
  case panelDrawn(PanelDraw)

  /// The event kind as stored and shown by `coprod log` (`participant.added`, …).
  public var kind: Kind {
    switch self {
    case .participantAdded: .participantAdded
    case .personalDataRecorded: .personalDataRecorded
    case .consentRecorded: .consentRecorded
    case .consentWithdrawn: .consentWithdrawn
    case .contributionAdded: .contributionAdded
    case .voteCast: .voteCast
    case .participantErased: .participantErased
    case .consultationDefined: .consultationDefined
    case .decisionRecorded: .decisionRecorded
    case .commitmentMade: .commitmentMade
    case .commitmentUpdated: .commitmentUpdated
    case .feedbackPublished: .feedbackPublished
    case .session(let event): event.kind
    case .panelDrawn: .panelDrawn
    }
  }

  /// The participant the change is about (the author of a contribution, the voter of a vote).
  public var participantID: String? {
    switch self {
    case .participantAdded(let p): p.id
    case .personalDataRecorded(let d): d.participantID
    case .consentRecorded(let c): c.participantID
    case .consentWithdrawn(let w): w.participantID
    case .contributionAdded(let c): c.authorID
    case .voteCast(let v): v.voterID
    case .participantErased(let e): e.participantID
    case .consultationDefined, .decisionRecorded, .commitmentMade, .commitmentUpdated, .feedbackPublished, .panelDrawn: nil
    case .session(let event): event.participantID
    }
  }

  /// This change with `participantID`'s personal data and identifying content removed, or
  /// nil when the change holds none of it. Erasure rewrites earlier events this way, so the
  /// event log never keeps what the right to erasure removed.
  public func redacted(erasing participantID: String) -> WorkspaceChange? {
    switch self {
    case .participantAdded(var p) where p.id == participantID && !p.accessNeeds.isEmpty:
      p.accessNeeds = []
      return .participantAdded(p)
    case .personalDataRecorded(let d) where d.participantID == participantID && !d.fields.isEmpty:
      return .personalDataRecorded(PersonalData(participantID: participantID, fields: [:]))
    case .contributionAdded(var c) where c.authorID == participantID && !c.text.isEmpty:
      c.text = ""
      return .contributionAdded(c)
    case .session(let event):
      return event.redacted(erasing: participantID).map(WorkspaceChange.session)
    default:
      return nil
    }
  }

  /// The kinds of change, with their stored names.
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    case participantAdded = "participant.added"
    case personalDataRecorded = "personal-data.recorded"
    case consentRecorded = "consent.recorded"
    case consentWithdrawn = "consent.withdrawn"
    case contributionAdded = "contribution.added"
    case voteCast = "vote.cast"
    case participantErased = "participant.erased"
    case consultationDefined = "consultation.defined"
    case decisionRecorded = "decision.recorded"
    case commitmentMade = "commitment.made"
    case commitmentUpdated = "commitment.updated"
    case feedbackPublished = "feedback.published"
    case sessionStarted = "session.started"
    case sessionAttendance = "session.attendance"
    case sessionStageStarted = "session.stage-started"
    case sessionStageEnded = "session.stage-ended"
    case sessionStageSkipped = "session.stage-skipped"
    case sessionGroupsFormed = "session.groups-formed"
    case sessionSpeakingOrder = "session.speaking-order"
    case sessionPassed = "session.passed"
    case sessionOptionAdded = "session.option-added"
    case sessionBallotCast = "session.ballot-cast"
    case sessionCounted = "session.counted"
    case sessionClosed = "session.closed"
    case panelDrawn = "panel.drawn"
  }
}

/// The record that a participant's personal data and identifying content were erased
/// (right to erasure, UK GDPR Art 17). Aggregate counts are kept.
public struct Erasure: Sendable, Hashable, Codable {
  /// Whose data was erased.
  public var participantID: String
  /// The day of erasure.
  public var date: CalendarDate
  /// The earlier events this erasure rewrote, in log order (filled in by the store). Empty in
  /// erasures recorded before the event log was chained.
  public var redactions: [Redaction]

  /// Creates an erasure record.
  public init(participantID: String, date: CalendarDate, redactions: [Redaction] = []) {
    self.participantID = participantID
    self.date = date
    self.redactions = redactions
  }

  /// One event rewritten by an erasure: the event's original payload commitment stays in the
  /// hash chain (it is salted, and the salt is erased, so it reveals nothing), and the digest
  /// of its redacted payload vouches for what the event holds now.
  public struct Redaction: Sendable, Hashable, Codable {
    /// The rewritten event's sequence number.
    public var sequence: Int64
    /// SHA-256 (hex) of the event's payload as rewritten.
    public var redacted: String

    /// Creates a redaction record.
    public init(sequence: Int64, redacted: String) {
      self.sequence = sequence
      self.redacted = redacted
    }
  }

  private enum CodingKeys: String, CodingKey { case participantID, date, redactions }

  /// Decodes an erasure; one recorded before the chain has no redactions.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    participantID = try c.decode(String.self, forKey: .participantID)
    date = try c.decode(CalendarDate.self, forKey: .date)
    redactions = try c.decodeIfPresent([Redaction].self, forKey: .redactions) ?? []
  }

  /// Encodes an erasure, leaving out an empty redaction list so that erasures recorded before
  /// the chain keep their exact bytes.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(participantID, forKey: .participantID)
    try c.encode(date, forKey: .date)
    if !redactions.isEmpty { try c.encode(redactions, forKey: .redactions) }
  }
}

// MARK: - Events

/// Who ran which command, and when: every event belongs to exactly one command.
public struct CommandRecord: Sendable, Hashable, Codable {
  /// The command's number in the workspace (1, 2, …), assigned by the store.
  public var id: Int64
  /// Who ran it (`--actor`, `COPROD_ACTOR` or the login name).
  public var actor: String
  /// When it ran.
  public var at: Timestamp
  /// The command line, e.g. `participants import people.csv`.
  public var command: String

  /// Creates a command record.
  public init(id: Int64, actor: String, at: Timestamp, command: String) {
    self.id = id
    self.actor = actor
    self.at = at
    self.command = command
  }
}

/// One event from the log: its position, the command that made it and the change.
public struct WorkspaceEvent: Sendable, Hashable {
  /// Position in the log (1, 2, …; gaps only where an export left events out).
  public var sequence: Int64
  /// The command that made it.
  public var command: CommandRecord
  /// The change it records (with identifying content removed if it was later erased).
  public var change: WorkspaceChange
  /// True when erasure rewrote this event.
  public var redacted: Bool

  /// Creates an event.
  public init(sequence: Int64, command: CommandRecord, change: WorkspaceChange, redacted: Bool) {
    self.sequence = sequence
    self.command = command
    self.change = change
    self.redacted = redacted
  }
}
