// coprod — co-production toolkit. Apache-2.0.

// MARK: - Commitment

/// A promise made as a result of the work ("we did"), followed through over months.
public struct Commitment: Sendable, Hashable, Codable {
  /// The commitment id.
  public var id: String
  /// What will be done.
  public var text: String
  /// Who is responsible (a team or role, not a private person).
  public var owner: String
  /// When it is due.
  public var due: CalendarDate?
  /// The decision it follows from, if any.
  public var decisionID: String?
  /// Every status it has had, oldest first; the last one is current.
  public var history: [StatusChange]
  /// Evidence that it was done.
  public var evidence: [Evidence]
  /// The session it was made in, if any.
  public var sessionID: String?
  /// The stage of that session.
  public var stage: String?
  /// Provenance: the options and contributions it comes from.
  public var derivedFrom: [String]?

  /// Creates a commitment.
  public init(
    id: String, text: String, owner: String, due: CalendarDate? = nil, decisionID: String? = nil,
    history: [StatusChange] = [], evidence: [Evidence] = [], sessionID: String? = nil, stage: String? = nil,
    derivedFrom: [String]? = nil
  ) {
    self.id = id
    self.text = text
    self.owner = owner
    self.due = due
    self.decisionID = decisionID
    self.history = history
    self.evidence = evidence
    self.sessionID = sessionID
    self.stage = stage
    self.derivedFrom = derivedFrom
  }

  /// The current status (``Status/planned`` before any change is recorded).
  public var status: Status { history.last?.status ?? .planned }

  /// The states a commitment passes through.
  public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
    case planned
    case inProgress = "in-progress"
    case done
    case dropped
  }

  /// A change of status with its date and reason.
  public struct StatusChange: Sendable, Hashable, Codable {
    /// The new status.
    public var status: Status
    /// The day it changed.
    public var date: CalendarDate
    /// Why.
    public var note: String?

    /// Creates a status change.
    public init(status: Status, date: CalendarDate, note: String? = nil) {
      self.status = status
      self.date = date
      self.note = note
    }
  }

  /// Evidence of delivery: a description and where to find it.
  public struct Evidence: Sendable, Hashable, Codable {
    /// What the evidence shows.
    public var summary: String
    /// A link or document reference.
    public var location: String?

    /// Creates evidence.
    public init(summary: String, location: String? = nil) {
      self.summary = summary
      self.location = location
    }
  }
}

// MARK: - Commitment update

/// A change to a commitment as it is followed through: a new status, a progress note,
/// evidence of delivery, or any of them together.
public struct CommitmentUpdate: Sendable, Hashable, Codable {
  /// The commitment changed.
  public var commitmentID: String
  /// The day of the change.
  public var date: CalendarDate
  /// The new status; nil keeps the current one.
  public var status: Commitment.Status?
  /// Why, or how it is going.
  public var note: String?
  /// Evidence of delivery added by this update.
  public var evidence: Commitment.Evidence?

  /// Creates an update.
  public init(
    commitmentID: String, date: CalendarDate, status: Commitment.Status? = nil, note: String? = nil,
    evidence: Commitment.Evidence? = nil
  ) {
    self.commitmentID = commitmentID
    self.date = date
    self.status = status
    self.note = note
    self.evidence = evidence
  }
}

extension Commitment {
  /// This commitment with `update` applied: a new status or a note adds a
  /// ``StatusChange`` (a note alone keeps the current status), and evidence is added to
  /// ``evidence``.
  public func applying(_ update: CommitmentUpdate) -> Commitment {
    var next = self
    if update.status != nil || update.note != nil {
      next.history.append(StatusChange(status: update.status ?? status, date: update.date, note: update.note))
    }
    if let evidence = update.evidence { next.evidence.append(evidence) }
    return next
  }

  /// The most recent note in the history, if any.
  public var latestNote: String? { history.last(where: { $0.note != nil })?.note }

  /// True when the commitment is due before `today` and neither done nor dropped.
  public func isOverdue(on today: CalendarDate) -> Bool {
    guard let due, status != .done, status != .dropped else { return false }
    return due < today
  }
}

// MARK: - Feedback publication

/// A published "we asked, you said, we did" feedback: what was published, when and where.
public struct FeedbackPublication: Sendable, Hashable, Codable {
  /// The publication id.
  public var id: String
  /// Its title.
  public var title: String
  /// The day it was published.
  public var published: CalendarDate
  /// Where (a URL, a newsletter, a meeting).
  public var channel: String
  /// Decisions it reports.
  public var decisionIDs: [String]
  /// Commitments it reports.
  public var commitmentIDs: [String]
  /// The report plugin that rendered it.
  public var report: PluginReference?
  /// The SHA-256 (hex) of the published document, when it was given.
  public var sha256: String?

  /// Creates a publication record.
  public init(
    id: String, title: String, published: CalendarDate, channel: String, decisionIDs: [String] = [],
    commitmentIDs: [String] = [], report: PluginReference? = nil, sha256: String? = nil
  ) {
    self.id = id
    self.title = title
    self.published = published
    self.channel = channel
    self.decisionIDs = decisionIDs
    self.commitmentIDs = commitmentIDs
    self.report = report
    self.sha256 = sha256
  }
}
