// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation

// MARK: - Store

/// Durable storage for one workspace: an append-only event log plus the tables (projections)
/// built from it. The SQLite implementation is ``SQLiteWorkspaceStore``; a PostgreSQL one can
/// be added behind this protocol without touching the layers above.
public protocol WorkspaceStore: Sendable {
  /// Runs `body` in one all-or-nothing write transaction. Every change the body records is
  /// appended to the event log and applied to the tables in that transaction, under one
  /// ``CommandRecord`` for `command`. If `body` throws, nothing is written; with `dryRun`
  /// the transaction is always rolled back and only the result is kept.
  func write<T>(_ command: CommandInfo, dryRun: Bool, _ body: (any WorkspaceWriter) throws -> T) throws -> T

  /// Restores a whole history into an empty workspace, keeping sequence numbers, command
  /// records and payloads exactly. All or nothing.
  func restore(_ body: (any WorkspaceRestorer) throws -> Void) throws

  /// Number of events in the log.
  func eventCount() throws -> Int

  /// Calls `body` for every event matching `filter`, oldest first.
  func forEachEvent(_ filter: EventFilter, _ body: (WorkspaceEvent) throws -> Void) throws

  /// Calls `body` for every event with its stored payload text and chain fields, oldest first,
  /// including events withheld from the bundle the workspace was restored from (for exports).
  /// Checks every hash on the way and throws ``StoreError`` at the first bad event, or at once
  /// when an earlier command found the workspace damaged.
  func forEachStoredEvent(_ body: (StoredEvent) throws -> Void) throws

  /// The workspace state hash: the hash of the newest event in the chain (hex), after checking
  /// that no command found the workspace damaged and that the newest event follows from the
  /// one before it. `coprod verify` checks every event.
  func stateHash() throws -> String

  /// Participants, oldest first.
  func participants() throws -> [ParticipantRecord]

  /// The personal data held for `participantID`, if any.
  func personalData(for participantID: String) throws -> PersonalData?

  /// Consents, for one participant or for everyone, ordered by participant and purpose.
  func consents(for participantID: String?) throws -> [Consent]

  /// Contributions matching `filter`; those whose author withdrew participation are counted
  /// in ``ContributionListing/withheld`` but never returned.
  func contributions(_ filter: ContributionFilter) throws -> ContributionListing

  /// The workspace's consultation as last defined, or nil when none has been defined.
  func consultation() throws -> Consultation?

  /// Decisions, in the order they were recorded.
  func decisions() throws -> [Decision]

  /// Commitments with their history and evidence, in the order they were made.
  func commitments() throws -> [Commitment]

  /// Feedback publications, in the order they were recorded.
  func feedback() throws -> [FeedbackPublication]

  /// Participants who withdrew participation consent (their content leaves every export).
  func withdrawnParticipantIDs() throws -> Set<String>

  /// Raw group sizes among participants who have not withdrawn; callers show them through
  /// ``WorkspaceStore/suppressedCounts(by:k:)``.
  func rawGroupCounts(by grouping: Grouping) throws -> [String: Int]

  /// The personal-data field names recorded for anyone (names only, never values), sorted.
  func personalFieldNames() throws -> [String]

  /// Checks every event's hash and rebuilds every table from the event log in a scratch
  /// database, comparing it with the stored tables, all in one consistent snapshot.
  /// `progress`, when given, is told the share of the work done (0 to 1) now and then.
  /// - Throws: ``StoreError`` naming the first bad event when the log is damaged.
  func verify(progress: ((Double) -> Void)?) throws -> VerificationReport

  /// Sessions with their stages, groups, speaking orders, options and counts, in the order
  /// they started.
  func sessions() throws -> [StoredSession]

  /// Raw group sizes among a session's attendees who have not withdrawn; callers show them
  /// through ``GroupCount/suppressingSmallGroups(_:k:)``.
  func rawAttendanceCounts(session: String, by grouping: Grouping) throws -> [String: Int]

  /// Sortition panels drawn in the workspace, in the order they were drawn.
  func panels() throws -> [PanelDraw]

  /// Repairs what can be repaired safely: after checking the whole log, rebuilds the tables
  /// from it if they disagree, forgets damage found earlier, and compacts the database file
  /// (no free pages, an empty write-ahead log). Never changes the log itself.
  /// - Throws: ``StoreError`` when the log is damaged (then only a bundle can restore it).
  func repair() throws -> RepairReport
}

extension WorkspaceStore {
  /// Checks the whole workspace (see ``verify(progress:)``), reporting no progress.
  public func verify() throws -> VerificationReport { try verify(progress: nil) }

  /// Group sizes with groups smaller than `k` suppressed (see ``GroupCount``).
  public func suppressedCounts(by grouping: Grouping, k: Int) throws -> [GroupCount] {
    GroupCount.suppressingSmallGroups(try rawGroupCounts(by: grouping), k: k)
  }
}

// MARK: - Writing

/// Who is running which command, and when; the store assigns the command's number.
public struct CommandInfo: Sendable, Hashable {
  /// Who ran it.
  public var actor: String
  /// When it ran.
  public var at: Timestamp
  /// The command line.
  public var command: String

  /// Creates command information.
  public init(actor: String, at: Timestamp, command: String) {
    self.actor = actor
    self.at = at
    self.command = command
  }
}

/// What a command can read and write inside its transaction.
public protocol WorkspaceWriter {
  /// The participant with `id`, if there is one.
  func participant(_ id: String) throws -> ParticipantRecord?
  /// The status of the participant with `id` (cheaper than ``participant(_:)``), if any.
  func participantStatus(_ id: String) throws -> ParticipantStatus?
  /// True when a contribution with `id` exists.
  func contributionExists(_ id: String) throws -> Bool
  /// The consultation as last defined, if any.
  func consultation() throws -> Consultation?
  /// Decisions, in the order they were recorded.
  func decisions() throws -> [Decision]
  /// Commitments, in the order they were made.
  func commitments() throws -> [Commitment]
  /// Feedback publications, in the order they were recorded.
  func feedback() throws -> [FeedbackPublication]
  /// Ids of the sessions recorded so far, in the order they started.
  func sessionIDs() throws -> [String]
  /// Sortition panels drawn so far, in the order they were drawn.
  func panels() throws -> [PanelDraw]
  /// The highest `n` among ids written `prefix` + six or more digits (0 when none); used to
  /// number new participants (`P000001`) and contributions (`C000001`).
  func highestNumber(prefix: String) throws -> Int
  /// The workspace state hash before the next change (hex), to stamp on what is recorded.
  func stateHash() throws -> String
  /// Appends `change` to the event log and applies it to the tables.
  func record(_ change: WorkspaceChange) throws
  /// Number of changes recorded so far in this transaction.
  var recordedCount: Int { get }
}

/// What a bundle import can write into an empty workspace.
public protocol WorkspaceRestorer {
  /// Adds a command record exactly as given.
  func restore(_ command: CommandRecord) throws
  /// Adds an event exactly as given (sequence, command, payload text, redaction flag, salt,
  /// commitment and hash) and applies it to the tables. An event without a hash (from a bundle
  /// made before the log was chained) is given a salt and chained to the one before it.
  func restore(_ event: StoredEvent) throws
}

/// An event as stored: its payload is the exact JSON text in the log.
public struct StoredEvent: Sendable, Hashable {
  /// Position in the log.
  public var sequence: Int64
  /// The command that made it.
  public var command: CommandRecord
  /// The event kind.
  public var kind: WorkspaceChange.Kind
  /// The participant it concerns, if any.
  public var participantID: String?
  /// The payload as canonical JSON (sorted keys).
  public var payload: String
  /// True when erasure rewrote it.
  public var redacted: Bool
  /// The payload's random salt (nil once erased or withheld).
  public var salt: Data?
  /// The original payload commitment, kept when the salt is gone.
  public var commitment: Data?
  /// The event's hash in the chain (nil only for events from bundles made before the chain).
  public var hash: Data?
  /// True when the bundle this workspace was restored from left the payload out (personal
  /// data, or the words of someone who withdrew): the event keeps its place in the chain only.
  public var withheld: Bool

  /// The salted commitment to the payload as first recorded (what the chain hashes), or nil
  /// when the event has neither salt nor commitment (a damaged event).
  public var payloadCommitment: Data? {
    commitment ?? salt.map { EventChain.commitment(salt: $0, payload: payload) }
  }

  /// Creates a stored event.
  public init(
    sequence: Int64, command: CommandRecord, kind: WorkspaceChange.Kind, participantID: String?,
    payload: String, redacted: Bool, salt: Data? = nil, commitment: Data? = nil, hash: Data? = nil, withheld: Bool = false
  ) {
    self.sequence = sequence
    self.command = command
    self.kind = kind
    self.participantID = participantID
    self.payload = payload
    self.redacted = redacted
    self.salt = salt
    self.commitment = commitment
    self.hash = hash
    self.withheld = withheld
  }
}

// MARK: - Reading

/// A participant with their status in the workspace.
public struct ParticipantRecord: Sendable, Hashable, Codable {
  /// The pseudonymous part.
  public var participant: Participant
  /// The day they withdrew participation consent, if they did.
  public var withdrawn: CalendarDate?
  /// True when their personal data and identifying content were erased.
  public var erased: Bool

  /// Creates a record.
  public init(participant: Participant, withdrawn: CalendarDate?, erased: Bool) {
    self.participant = participant
    self.withdrawn = withdrawn
    self.erased = erased
  }
}

/// Whether a participant can still take part.
public struct ParticipantStatus: Sendable, Hashable {
  /// The day they withdrew participation consent, if they did.
  public var withdrawn: CalendarDate?
  /// True when their data was erased.
  public var erased: Bool

  /// Creates a status.
  public init(withdrawn: CalendarDate?, erased: Bool) {
    self.withdrawn = withdrawn
    self.erased = erased
  }
}

/// Which events `coprod log` shows.
public struct EventFilter: Sendable, Hashable {
  /// Only these kinds (nil = all).
  public var kinds: Set<WorkspaceChange.Kind>?
  /// Only events about this participant.
  public var participantID: String?
  /// Only events of this command number.
  public var commandID: Int64?
  /// Only events made at or after this instant.
  public var since: Timestamp?
  /// Only events made before this instant.
  public var until: Timestamp?
  /// At most this many events: the first ones, or the last ones with `fromEnd`.
  public var limit: Int?
  /// Take the `limit` newest events instead of the oldest (still listed oldest first).
  public var fromEnd: Bool

  /// Creates a filter that matches every event.
  public init(
    kinds: Set<WorkspaceChange.Kind>? = nil, participantID: String? = nil, commandID: Int64? = nil,
    since: Timestamp? = nil, until: Timestamp? = nil, limit: Int? = nil, fromEnd: Bool = false
  ) {
    self.kinds = kinds
    self.participantID = participantID
    self.commandID = commandID
    self.since = since
    self.until = until
    self.limit = limit
    self.fromEnd = fromEnd
  }
}

/// Which contributions to list.
public struct ContributionFilter: Sendable, Hashable {
  /// Only this kind.
  public var kind: ContributionKind?
  /// Only by this author.
  public var authorID: String?

  /// Creates a filter.
  public init(kind: ContributionKind? = nil, authorID: String? = nil) {
    self.kind = kind
    self.authorID = authorID
  }
}

/// Contributions to show, and how many were held back because their author withdrew.
public struct ContributionListing: Sendable, Hashable {
  /// Contributions whose author has not withdrawn, in id order.
  public var contributions: [StoredContribution]
  /// How many matching contributions were withheld.
  public var withheld: Int

  /// Creates a listing.
  public init(contributions: [StoredContribution], withheld: Int) {
    self.contributions = contributions
    self.withheld = withheld
  }
}

/// A contribution with its vote totals and erasure flag.
public struct StoredContribution: Sendable, Hashable, Codable {
  /// The contribution (its text is empty once erased).
  public var contribution: Contribution
  /// True when its author's identifying content was erased.
  public var erased: Bool
  /// Agree, disagree and pass counts from voters who have not withdrawn.
  public var votes: VoteTotals

  /// Creates a stored contribution.
  public init(contribution: Contribution, erased: Bool, votes: VoteTotals) {
    self.contribution = contribution
    self.erased = erased
    self.votes = votes
  }
}

/// Vote totals on one contribution.
public struct VoteTotals: Sendable, Hashable, Codable {
  /// Agree votes.
  public var agree: Int
  /// Disagree votes.
  public var disagree: Int
  /// Passes.
  public var pass: Int

  /// Creates totals.
  public init(agree: Int = 0, disagree: Int = 0, pass: Int = 0) {
    self.agree = agree
    self.disagree = disagree
    self.pass = pass
  }
}

/// What to group participants by in an aggregate.
public enum Grouping: Sendable, Hashable {
  /// Each perspective (someone with two perspectives counts in both).
  case perspective
  /// Preferred language.
  case language
  /// A personal-data field such as `ethnicity` (only ever shown in aggregate).
  case personalField(String)
}

/// The result of ``WorkspaceStore/verify()``.
public struct VerificationReport: Sendable, Hashable {
  /// Number of events replayed.
  public var events: Int
  /// Number of events whose hash was checked (withheld ones too).
  public var chained: Int
  /// The workspace state hash (hex), checked from the first event to the last.
  public var stateHash: String
  /// SQLite's `quick_check` verdict (`ok` when the file is sound).
  public var integrity: String
  /// One entry per table compared.
  public var tables: [TableComparison]

  /// Creates a report.
  public init(events: Int, chained: Int, stateHash: String, integrity: String, tables: [TableComparison]) {
    self.events = events
    self.chained = chained
    self.stateHash = stateHash
    self.integrity = integrity
    self.tables = tables
  }

  /// True when the file is sound and every table matches its rebuild.
  public var isConsistent: Bool { integrity == "ok" && tables.allSatisfy(\.matches) }

  /// How one stored table compares with its rebuild from events.
  public struct TableComparison: Sendable, Hashable {
    /// The table name.
    public var table: String
    /// Rows stored.
    public var rows: Int
    /// Rows the rebuild has that the stored table lacks or holds differently.
    public var missing: Int
    /// Stored rows the rebuild does not produce.
    public var unexpected: Int
    /// The key of the first differing row, if any.
    public var firstDifference: String?

    /// Creates a comparison.
    public init(table: String, rows: Int, missing: Int, unexpected: Int, firstDifference: String?) {
      self.table = table
      self.rows = rows
      self.missing = missing
      self.unexpected = unexpected
      self.firstDifference = firstDifference
    }

    /// True when the stored table equals its rebuild.
    public var matches: Bool { missing == 0 && unexpected == 0 }
  }
}

/// The result of ``WorkspaceStore/repair()``.
public struct RepairReport: Sendable, Hashable {
  /// Number of events checked.
  public var events: Int
  /// The workspace state hash (hex).
  public var stateHash: String
  /// The tables rebuilt from the log because they disagreed with it (empty when none did).
  public var rebuiltTables: [String]

  /// Creates a report.
  public init(events: Int, stateHash: String, rebuiltTables: [String]) {
    self.events = events
    self.stateHash = stateHash
    self.rebuiltTables = rebuiltTables
  }
}
