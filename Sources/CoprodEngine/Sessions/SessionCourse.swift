// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel

// MARK: - Where a session is

/// The place a session has reached: people arriving, a stage iteration under way, every
/// stage done, or closed.
public enum SessionPosition: Sendable {
  /// Started; people are arriving and no stage has begun.
  case arriving
  /// A stage iteration is under way.
  case stage(StagePlan)
  /// Every stage has ended; the session can be closed.
  case finished
  /// The session is closed.
  case closed
}

/// The course of a session: a state machine over a ``SessionRunner`` that keeps the place
/// (which stage, which iteration, the ballots and decision given so far) while entries are
/// fed to it one at a time. A scripted run feeds it a whole file inside one transaction; a
/// live run feeds it one facilitator entry per transaction; resuming replays the recorded
/// events into a fresh course (``SessionReplay``).
///
/// ```swift
/// let course = SessionCourse(runner: runner)
/// try course.open()
/// try course.admit([("p001", origin)])
/// try course.advance()                 // the first stage begins
/// try course.enter(entry)              // a story, a pass, a ballot, a commitment
/// try course.advance()                 // counts the vote, ends the stage, begins the next
/// try course.close()
/// ```
public final class SessionCourse {
  let runner: SessionRunner
  /// Where the session is.
  public private(set) var position: SessionPosition = .arriving
  /// The stage in progress (or next to begin), as an index into the format's stages.
  public private(set) var stageIndex = 0
  private var iteration = 1
  private var ballots: [SessionBallot] = []
  private var ruling: SessionEntry.Ruling?
  /// Who has spoken and who has passed in the current stage iteration, in order.
  public private(set) var spoken: [String] = []
  /// Who passed in the current stage iteration, in order.
  public private(set) var passed: [String] = []

  /// A course over `runner`; nothing is recorded until ``open()``.
  public init(runner: SessionRunner) {
    self.runner = runner
  }

  /// The format's stages.
  public var stages: [SessionFormatDefinition.Stage] { runner.format.definition.stages }
  /// The people present, in the order they arrived.
  public var attendees: [String] { runner.attendees }
  /// Ballots cast in the current vote.
  public var ballotsCast: [SessionBallot] { ballots }
  /// True when the current vote's decision has been given (as a `decision` entry).
  public var hasRuling: Bool { ruling != nil }

  /// Records the start of the session.
  public func open() throws {
    try runner.open()
  }

  /// Records people as present; they take part from now on (groups are formed when a stage
  /// begins).
  public func admit(_ people: [(id: String, origin: SessionEntry.Origin)]) throws {
    guard !isClosed else { throw SessionRunError("the session is closed") }
    try runner.admit(people)
  }

  /// Feeds one entry of the current stage iteration; it is recorded at once.
  public func enter(_ entry: SessionEntry) throws {
    guard case .stage(let plan) = position else {
      throw SessionInputError(entry.origin, nil, isClosed || isFinished ? "every stage has ended" : "no stage has begun yet; begin the first stage")
    }
    try runner.feed(entry, plan: plan, ballots: &ballots, ruling: &ruling)
    switch entry.body {
    case .contribution(let said):
      if let by = said.by, !spoken.contains(by) { spoken.append(by) }
    case .pass(let who): if !passed.contains(who) { passed.append(who) }
    default: break
    }
  }

  /// Takes a commitment exactly as recorded (used when replaying a session: how its `from`
  /// was written is not kept, only what it resolved to).
  func adopt(_ commitment: Commitment) throws {
    guard case .stage(let plan) = position, plan.stage.capture == "commitment" else {
      throw SessionRunError("commitment \(commitment.id) was recorded outside a stage that captures commitments")
    }
    try runner.record(.commitmentMade(commitment))
    runner.commitmentIDs.append(commitment.id)
  }

  /// Ends the current stage iteration (counting its vote and, when the vote is over,
  /// recording its decision with `given` or the `decision` entry fed earlier), then begins
  /// the next iteration or the next stage that runs; from ``SessionPosition/arriving`` it
  /// begins the first. `origin` is where the inputs gave the stage, for errors at its end.
  /// Returns the ids of stages skipped on the way.
  @discardableResult
  public func advance(ruling given: SessionEntry.Ruling? = nil, origin: SessionEntry.Origin? = nil) throws -> [String] {
    switch position {
    case .arriving:
      guard !runner.attendees.isEmpty else { throw SessionRunError("nobody is present yet; record attendance first") }
    case .stage(let plan):
      if given != nil {
        guard plan.stage.vote != nil else { throw SessionRunError("stage '\(plan.stage.id)' holds no vote to decide on") }
        guard ruling == nil else { throw SessionRunError("the vote's decision is already given") }
      }
      if try runner.end(plan, ballots: ballots, ruling: given ?? ruling, given: origin) {
        iteration += 1
      } else {
        stageIndex += 1
        iteration = 1
      }
    case .finished, .closed:
      throw SessionRunError("every stage has ended")
    }
    ballots = []
    ruling = nil
    spoken = []
    passed = []
    var skipped: [String] = []
    while stageIndex < stages.count {
      if let plan = try runner.begin(stages[stageIndex], iteration: iteration) {
        position = .stage(plan)
        return skipped
      }
      skipped.append(stages[stageIndex].id)
      stageIndex += 1
      iteration = 1
    }
    position = .finished
    return skipped
  }

  /// Records the end of the session, once every stage has ended.
  public func close() throws {
    guard isFinished else {
      if isClosed { throw SessionRunError("the session is already closed") }
      throw SessionRunError("the session has stages still to run")
    }
    try runner.record(.session(.closed(SessionClose(session: runner.setup.id, at: runner.setup.clock()))))
    position = .closed
  }

  /// Whose turn it is at each table of the current stage, when it has a speaking order:
  /// everyone in order, then those who passed (a turn at the end).
  public var turns: [TableTurn] {
    guard case .stage(let plan) = position else { return [] }
    return plan.orders.enumerated().map { index, order in
      let waiting = order.filter { passed.contains($0) && !spoken.contains($0) }
      let first = order.filter { !passed.contains($0) && !spoken.contains($0) }
      return TableTurn(group: index + 1, order: order, next: first.first ?? waiting.first, then: Array((first + waiting).dropFirst()), passed: waiting)
    }
  }

  private var isFinished: Bool {
    if case .finished = position { return true }
    return false
  }

  private var isClosed: Bool {
    if case .closed = position { return true }
    return false
  }
}

/// Whose turn it is at one table.
public struct TableTurn: Sendable, Equatable {
  /// The table (group) number, from 1.
  public var group: Int
  /// The speaking order drawn for it.
  public var order: [String]
  /// Who speaks now; nil when everyone has had a turn.
  public var next: String?
  /// Who speaks after them, in order (those who passed last).
  public var then: [String]
  /// Who passed and has not spoken yet.
  public var passed: [String]
}
