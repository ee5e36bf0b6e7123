// coprod — co-production toolkit. Apache-2.0.

import CoprodModel

// MARK: - Sessions as stored

/// A session as its tables hold it: how it started, who came, and each stage in the order it
/// ran or was skipped.
public struct StoredSession: Sendable, Hashable, Codable {
  /// How it started (format, seed, inputs, mode, time).
  public var start: SessionStart
  /// When it closed, if it has.
  public var closed: Timestamp?
  /// Pseudonymous ids of the people present, in the order given.
  public var attendance: [String]
  /// Stage iterations in the order they started (or were skipped).
  public var stages: [Stage]
  /// Ids of the contributions made in the session, in the order they were made.
  public var contributions: [String]

  /// Creates a stored session.
  public init(start: SessionStart, closed: Timestamp?, attendance: [String], stages: [Stage], contributions: [String]) {
    self.start = start
    self.closed = closed
    self.attendance = attendance
    self.stages = stages
    self.contributions = contributions
  }

  /// One iteration of a stage.
  public struct Stage: Sendable, Hashable, Codable {
    /// The stage id.
    public var stage: String
    /// The iteration, from 1.
    public var iteration: Int
    /// `started`, `ended` or `skipped`.
    public var status: String
    /// Why it was skipped.
    public var reason: String?
    /// When it started.
    public var started: Timestamp?
    /// When it ended (or was skipped).
    public var ended: Timestamp?
    /// How people were grouped: round → group → ids, with the plan's scores.
    public var groups: Groups?
    /// Each group's speaking order.
    public var turns: [Turns]
    /// Who passed, in the order they passed.
    public var passes: [String]
    /// The options put to the stage's vote.
    public var options: [SessionOption]
    /// How many ballots were cast.
    public var ballots: Int
    /// The count of the vote.
    public var count: SessionCount?

    /// Creates a stage.
    public init(
      stage: String, iteration: Int, status: String, reason: String?, started: Timestamp?, ended: Timestamp?, groups: Groups?,
      turns: [Turns], passes: [String], options: [SessionOption], ballots: Int, count: SessionCount?
    ) {
      self.stage = stage
      self.iteration = iteration
      self.status = status
      self.reason = reason
      self.started = started
      self.ended = ended
      self.groups = groups
      self.turns = turns
      self.passes = passes
      self.options = options
      self.ballots = ballots
      self.count = count
    }
  }

  /// The groups of a stage.
  public struct Groups: Sendable, Hashable, Codable {
    /// `tables`, `pairs`, `solo`, `plenary` or `plugin`.
    public var method: String
    /// Round → group → ids.
    public var rounds: [[[String]]]
    /// The plan's scores, when the host mixed the tables.
    public var scores: SessionGroups.GroupScores?

    /// Creates groups.
    public init(method: String, rounds: [[[String]]], scores: SessionGroups.GroupScores?) {
      self.method = method
      self.rounds = rounds
      self.scores = scores
    }
  }

  /// A group's speaking order.
  public struct Turns: Sendable, Hashable, Codable {
    /// The group, from 1.
    public var group: Int
    /// The order.
    public var order: [String]

    /// Creates a speaking order.
    public init(group: Int, order: [String]) {
      self.group = group
      self.order = order
    }
  }
}
