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

  /// Creates a decision.
  public init(
    id: String, rule: PluginReference, winners: [String], rounds: [Round] = [], decidedBy: String,
    rationale: String, outcome: Outcome, outcomeReasons: String? = nil, decided: CalendarDate? = nil
  ) {
    self.id = id
    self.rule = rule
    self.winners = winners
    self.rounds = rounds
    self.decidedBy = decidedBy
    self.rationale = rationale
    self.outcome = outcome
    self.outcomeReasons = outcomeReasons
    self.decided = decided
  }

  /// One round of a count.
  public struct Round: Sendable, Hashable, Codable {
    /// Votes (or points) per proposal id, scaled by the rule as it chose.
    public var tally: [String: Double]
    /// Proposals elected in this round.
    public var elected: [String]
    /// Proposals excluded in this round.
    public var excluded: [String]
    /// The rule's explanation of this round.
    public var note: String?

    /// Creates a round.
    public init(tally: [String: Double], elected: [String] = [], excluded: [String] = [], note: String? = nil) {
      self.tally = tally
      self.elected = elected
      self.excluded = excluded
      self.note = note
    }
  }

  /// What the organisation did with a decision.
  public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
    case accepted
    case partlyAccepted = "partly-accepted"
    case rejected
  }
}
