// coprod — co-production toolkit. Apache-2.0.

// MARK: - Decision

/// A decision: how ballots became winners under a voting rule, who decided, and whether the
/// organisation accepted it.
public struct Decision: Sendable, Hashable, Codable {
  /// The decision id.
  public var id: String
  /// The voting-rule plugin that counted.
  public var rule: PluginReference
  /// The winning proposal ids, in order of election.
  public var winners: [String]
  /// The count, round by round.
  public var rounds: [Round]
  /// The display names of the proposals counted, by id (for people reading the decision).
  public var proposals: [String: String]
  /// Who made the decision (a panel, a board, the participants).
  public var decidedBy: String
  /// Why, in plain English.
  public var rationale: String
  /// What the organisation did with it.
  public var outcome: Outcome
  /// Reasons given for the outcome ("including when changes cannot be made").
  public var outcomeReasons: String?
  /// The day it was made.
  public var decided: CalendarDate?
  /// The session it was taken in, when it came from a session's vote.
  public var sessionID: String?
  /// The stage of that session whose vote it was.
  public var stage: String?
  /// Provenance: for each proposal, the contributions it grew from (a session's options).
  public var provenance: [String: [String]]?
  /// The workspace state hash (the head of the event log's hash chain, hex) when the decision
  /// was recorded, so anyone can check later which history it was made on.
  public var stateHash: String?

  /// Creates a decision.
  public init(
    id: String, rule: PluginReference, winners: [String], rounds: [Round] = [], proposals: [String: String] = [:],
    decidedBy: String, rationale: String, outcome: Outcome, outcomeReasons: String? = nil, decided: CalendarDate? = nil,
    sessionID: String? = nil, stage: String? = nil, provenance: [String: [String]]? = nil,
    stateHash: String? = nil
  ) {
    self.id = id
    self.rule = rule
    self.winners = winners
    self.rounds = rounds
    self.proposals = proposals
    self.decidedBy = decidedBy
    self.rationale = rationale
    self.outcome = outcome
    self.outcomeReasons = outcomeReasons
    self.decided = decided
    self.sessionID = sessionID
    self.stage = stage
    self.provenance = provenance
    self.stateHash = stateHash
  }

  /// The name of proposal `id`, or the id when the count gave no other name.
  public func name(of id: String) -> String { proposals[id] ?? id }

  /// One round of a count, as the rule reported it.
  public struct Round: Sendable, Hashable, Codable {
    /// 1-based round number.
    public var number: Int
    /// Votes (or points, or the rule's words) per proposal id, exactly as the count wrote them.
    public var tally: [String: TallyNumber]
    /// Proposals elected in this round.
    public var elected: [String]
    /// Proposals excluded in this round.
    public var excluded: [String]
    /// The rule's explanations of this round, in order.
    public var notes: [String]

    /// Creates a round.
    public init(
      number: Int, tally: [String: TallyNumber], elected: [String] = [], excluded: [String] = [], notes: [String] = []
    ) {
      self.number = number
      self.tally = tally
      self.elected = elected
      self.excluded = excluded
      self.notes = notes
    }
  }

  /// What the organisation did with a decision.
  public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
    case accepted
    case partlyAccepted = "partly-accepted"
    case rejected

    /// True when the organisation owes reasons for not doing all that was decided
    /// (partly accepted or rejected).
    public var needsReasons: Bool { self != .accepted }
  }
}
