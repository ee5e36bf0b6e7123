// coprod — co-production toolkit. Apache-2.0.

import CoprodModel

// MARK: - Kinds

/// The three kinds of thing a plugin can provide.
public enum PluginKind: String, Sendable, Codable, CaseIterable, Comparable {
  /// The stages of a session.
  case sessionFormat = "session-format"
  /// How ballots become a decision.
  case votingRule = "voting-rule"
  /// What a consultation produces for people.
  case report
  /// Lua modules other plugins `require` (declared as a dependency); its entry returns a
  /// table of functions and defines nothing by itself.
  case library

  /// The Lua constructor that defines this kind, e.g. `coprod.voting_rule`.
  public var constructor: String {
    switch self {
    case .sessionFormat: "coprod.session_format"
    case .votingRule: "coprod.voting_rule"
    case .report: "coprod.report"
    case .library: "a table of functions"
    }
  }

  /// Orders kinds by their raw names.
  public static func < (lhs: PluginKind, rhs: PluginKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

// MARK: - Definitions

/// A validated definition returned by a plugin's entry file.
public enum PluginDefinition: Equatable, Sendable {
  /// `coprod.voting_rule { … }`.
  case votingRule(VotingRuleDefinition)
  /// `coprod.session_format { … }`.
  case sessionFormat(SessionFormatDefinition)
  /// `coprod.report { … }`.
  case report(ReportDefinition)

  /// The definition's kind.
  public var kind: PluginKind {
    switch self {
    case .votingRule: .votingRule
    case .sessionFormat: .sessionFormat
    case .report: .report
    }
  }

  /// The definition's display name.
  public var name: String {
    switch self {
    case .votingRule(let rule): rule.name
    case .sessionFormat(let format): format.name
    case .report(let report): report.name
    }
  }
}

/// A voting rule: turns ballots into a decision, round by round.
public struct VotingRuleDefinition: Equatable, Sendable {
  /// Display name.
  public var name: String
  /// One-paragraph description.
  public var description: String?
  /// The ballot kinds the rule accepts.
  public var ballotKinds: [BallotKind]
  /// `count(election, count)`.
  public var count: LuaFunctionReference
}

/// A session format: the ordered stages of a session.
public struct SessionFormatDefinition: Equatable, Sendable {
  /// Display name.
  public var name: String
  /// One-paragraph description.
  public var description: String?
  /// Roles the session needs, e.g. facilitator.
  public var roles: [String]
  /// The stages, in order.
  public var stages: [Stage]

  /// One stage of a session.
  public struct Stage: Equatable, Sendable {
    /// Unique id within the format.
    public var id: String
    /// Heading shown to people.
    public var title: String?
    /// Planned length in minutes.
    public var minutes: Double?
    /// What the facilitator says or shows.
    public var prompt: String?
    /// What the stage captures: story, idea, comment, objection, commitment.
    public var capture: String?
    /// The id of an earlier stage whose contributions this stage works on.
    public var from: String?
    /// How people are grouped, e.g. `tables` of 8 mixed by perspective.
    public var groups: Grouping?
    /// How turns are taken.
    public var turns: Turns?
    /// A vote held in this stage.
    public var vote: Vote?
    /// `when(session) -> bool`: the stage runs only when it returns true.
    public var when: LuaFunctionReference?
    /// `options(session) -> { { id, name, cost?, from }, … }`: the vote's options.
    public var options: LuaFunctionReference?
    /// `repeat_until(session) -> bool`: asked after each iteration; the stage runs again
    /// until it returns true or `maxRounds` iterations have run.
    public var repeatUntil: LuaFunctionReference?
    /// How many times the stage may run (1 unless it repeats).
    public var maxRounds: Int?
    /// The id of an earlier stage whose groups are the only people taking part in this
    /// stage (e.g. the jurors drawn at a citizens' jury's `selection`); everyone present
    /// when nil.
    public var people: String? = nil

    /// How many iterations the stage may run.
    public var iterationLimit: Int { maxRounds ?? (repeatUntil == nil ? 1 : 10) }
  }

  /// How people are grouped in a stage.
  public struct Grouping: Equatable, Sendable {
    /// solo, pairs, tables, plenary, or `plugin` when a function makes the groups.
    public var kind: String
    /// People per group (tables).
    public var size: Int?
    /// The attribute to mix groups by, e.g. perspective.
    public var mix: String?
    /// Rounds of tables planned at once, each mixing people anew (tables).
    public var rounds: Int?
    /// True when each table's host (its first member) stays while the others move on, as
    /// in a World Café's later rounds.
    public var stay: Bool?
    /// `groups(session) -> { { id, … }, … }` when a function makes the groups.
    public var function: LuaFunctionReference?
  }

  /// How turns are taken in a stage.
  public struct Turns: Equatable, Sendable {
    /// round_robin or open.
    public var kind: String
    /// Minutes per person.
    public var minutesEach: Double?
    /// Whether a person may pass.
    public var allowPass: Bool?
  }

  /// A vote held in a stage.
  public struct Vote: Equatable, Sendable {
    /// The voting rule (name, id or path).
    public var rule: String
    /// The id of the stage whose outputs are the options.
    public var options: String?
    /// Dots per person, for dot voting.
    public var dots: Int?
    /// The ballot people fill in: ranked, approval, score or cumulative (default: the
    /// first kind the rule counts).
    public var ballot: BallotKind?
    /// Winners to choose.
    public var seats: Int?
    /// The budget, for participatory budgeting, in whole money units.
    public var budget: Int64?
    /// `budget(session) -> integer`: the budget worked out when the vote is counted (e.g.
    /// from `session.settings`), instead of a fixed `budget`.
    public var budgetFunction: LuaFunctionReference? = nil
    /// The rule's settings: a table, or `settings(session) -> table`.
    public var settings: LuaValue?

    /// True when the vote has a budget, fixed or worked out: its options then need costs.
    public var hasBudget: Bool { budget != nil || budgetFunction != nil }
  }
}

/// A report: renders consultation data for people.
public struct ReportDefinition: Equatable, Sendable {
  /// Display name.
  public var name: String
  /// One-paragraph description.
  public var description: String?
  /// What the report renders: `tally` (a count's JSON) or `workspace` (a workspace view).
  public var input: String
  /// Output formats the report supports (markdown by default).
  public var formats: [String]
  /// `render(data, doc)`.
  public var render: LuaFunctionReference
}
