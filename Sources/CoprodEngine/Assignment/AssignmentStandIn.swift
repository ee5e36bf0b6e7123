// coprod — co-production toolkit. Apache-2.0.

// STAND-IN for the `assign` branch's table mixing and sortition (Sources/CoprodEngine/Assignment):
// the same declarations with trivially simple bodies, so the session runtime compiles before
// the real implementation lands. The coordinator deletes this file when merging `assign`.

// MARK: - People

/// A person to assign, with the features assignment may look at (e.g. perspective).
public struct AssignablePerson: Sendable, Hashable {
  /// Pseudonymous id.
  public var id: String
  /// Feature → value.
  public var features: [String: String]
  /// Creates a person.
  public init(id: String, features: [String: String]) {
    self.id = id
    self.features = features
  }
}

// MARK: - Table mixing

/// What a table plan is asked for.
public struct TablePlanRequest: Sendable {
  /// The people to seat.
  public var people: [AssignablePerson]
  /// People per table.
  public var tableSize: Int
  /// Rounds to plan.
  public var rounds: Int
  /// Features every table should mirror.
  public var diversify: [String]
  /// Earlier tables (lists of ids) whose pairs should not meet again.
  public var history: [[String]]
  /// People who stay at their table between rounds (hosts).
  public var stay: [String]
  /// The seed.
  public var seed: UInt64
  /// Creates a request.
  public init(
    people: [AssignablePerson], tableSize: Int, rounds: Int = 1, diversify: [String] = [], history: [[String]] = [],
    stay: [String] = [], seed: UInt64
  ) {
    self.people = people
    self.tableSize = tableSize
    self.rounds = rounds
    self.diversify = diversify
    self.history = history
    self.stay = stay
    self.seed = seed
  }
}

/// A plan: round → table → ids, with its scores.
public struct TablePlan: Sendable, Hashable, Codable {
  /// Round → table → ids.
  public var rounds: [[[String]]]
  /// How good the plan is.
  public var scores: TablePlanScores
  /// Creates a plan.
  public init(rounds: [[[String]]], scores: TablePlanScores) {
    self.rounds = rounds
    self.scores = scores
  }
}

/// GroupSelect-style scores of a plan.
public struct TablePlanScores: Sendable, Hashable, Codable {
  /// Sum of L1 deviations of tables from the room (lower is more diverse).
  public var diversity: Double
  /// Pairs that meet more than once.
  public var repeatMeetings: Int
  /// Share of possible pairs that meet.
  public var uniqueMeetingShare: Double
  /// Creates scores.
  public init(diversity: Double, repeatMeetings: Int, uniqueMeetingShare: Double) {
    self.diversity = diversity
    self.repeatMeetings = repeatMeetings
    self.uniqueMeetingShare = uniqueMeetingShare
  }
}

/// Table mixing (stand-in: people chunked in order).
public enum TableMixer {
  /// A mixed plan (stand-in: chunks people in order).
  public static func plan(_ request: TablePlanRequest) throws -> TablePlan { try randomPlan(request) }

  /// An unmixed plan (stand-in: chunks people in order).
  public static func randomPlan(_ request: TablePlanRequest) throws -> TablePlan {
    let ids = request.people.map(\.id)
    let size = max(request.tableSize, 1)
    let tables = stride(from: 0, to: ids.count, by: size).map { Array(ids[$0..<min($0 + size, ids.count)]) }
    return TablePlan(
      rounds: Array(repeating: tables, count: max(request.rounds, 1)),
      scores: TablePlanScores(diversity: 0, repeatMeetings: 0, uniqueMeetingShare: 0))
  }
}

// MARK: - Sortition

/// A min/max quota for one feature value.
public struct Quota: Sendable, Hashable, Codable {
  /// The feature.
  public var feature: String
  /// Its value.
  public var value: String
  /// At least this many.
  public var min: Int
  /// At most this many.
  public var max: Int
  /// Creates a quota.
  public init(feature: String, value: String, min: Int, max: Int) {
    self.feature = feature
    self.value = value
    self.min = min
    self.max = max
  }
}

/// What a panel draw is asked for.
public struct PanelRequest: Sendable {
  /// Who may be drawn.
  public var pool: [AssignablePerson]
  /// The quotas.
  public var quotas: [Quota]
  /// Panel size.
  public var size: Int
  /// The seed.
  public var seed: Int64
  /// Creates a request.
  public init(pool: [AssignablePerson], quotas: [Quota], size: Int, seed: Int64) {
    self.pool = pool
    self.quotas = quotas
    self.size = size
    self.seed = seed
  }
}

/// How one quota came out.
public struct QuotaOutcome: Sendable, Hashable, Codable {
  /// The quota.
  public var quota: Quota
  /// People in the pool with the value.
  public var inPool: Int
  /// People selected with the value.
  public var selected: Int
}

/// A drawn panel.
public struct PanelSelection: Sendable, Hashable, Codable {
  /// Selected ids.
  public var selected: [String]
  /// Selection probability per person.
  public var probabilities: [String: Double]
  /// The lowest of them.
  public var minimumProbability: Double
  /// How each quota came out.
  public var quotas: [QuotaOutcome]
  /// The algorithm used.
  public var algorithm: String
  /// The seed.
  public var seed: Int64
}

/// Stratified sortition (stand-in: the first N).
public enum Sortition {
  /// Selects a panel (stand-in: the first `size` people).
  public static func select(_ request: PanelRequest) throws -> PanelSelection {
    let selected = Array(request.pool.prefix(request.size).map(\.id))
    return PanelSelection(
      selected: selected, probabilities: [:], minimumProbability: 0, quotas: [], algorithm: "stand-in", seed: request.seed)
  }
}
