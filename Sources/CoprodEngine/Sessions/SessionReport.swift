// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodStore
import Foundation

// MARK: - A session as people see it

/// A recorded session as `coprod sessions show` gives it: the timeline, attendance by
/// perspective with small groups suppressed, and what each stage produced. Words appear only
/// where the person agreed to be quoted; people who withdrew are left out of groups, speaking
/// orders, passes and contributions (their ballots stay in the counts).
public struct SessionReport: Sendable, Equatable, Codable {
  /// The session id.
  public var id: String
  /// The format, exactly.
  public var format: Format
  /// The seed.
  public var seed: Int64
  /// `scripted` or `live`.
  public var mode: String
  /// SHA-256 of the inputs file.
  public var inputsSHA256: String?
  /// When it started and closed.
  public var started: String
  /// When it closed, if it has.
  public var closed: String?
  /// How many people came, and by perspective (small groups suppressed).
  public var attendance: Attendance
  /// The stages in the order they ran or were skipped.
  public var stages: [Stage]

  /// A format's identity.
  public struct Format: Sendable, Equatable, Codable {
    /// Plugin id.
    public var id: String
    /// Display name.
    public var name: String
    /// Version.
    public var version: String
    /// Content hash.
    public var sha256: String
  }

  /// Who came.
  public struct Attendance: Sendable, Equatable, Codable {
    /// People present.
    public var people: Int
    /// By perspective, groups smaller than k without a count.
    public var byPerspective: [GroupCount]
  }

  /// One stage iteration.
  public struct Stage: Sendable, Equatable, Codable {
    /// The stage id.
    public var stage: String
    /// Its title, when known.
    public var title: String?
    /// Planned minutes, when known (rehearsals).
    public var minutes: Double?
    /// Minutes each person speaks, when the stage has turns and says (rehearsals).
    public var minutesEach: Double?
    /// The iteration.
    public var iteration: Int
    /// `started`, `ended` or `skipped`.
    public var status: String
    /// Why it was skipped.
    public var reason: String?
    /// When it started.
    public var started: String?
    /// When it ended.
    public var ended: String?
    /// How people were grouped.
    public var groups: StoredSession.Groups?
    /// Speaking orders, people who passed moved to the end.
    public var speakingOrders: [StoredSession.Turns]
    /// Who passed.
    public var passes: [String]
    /// Contributions made in this iteration (those recorded without one count as the first's).
    public var contributions: [Said]
    /// The options of its vote.
    public var options: [Option]
    /// Ballots cast.
    public var ballots: Int
    /// The count.
    public var count: Count?
    /// Decisions taken from its vote.
    public var decisions: [String]
    /// Commitments made in it.
    public var commitments: [Promise]
  }

  /// A contribution as shown.
  public struct Said: Sendable, Equatable, Codable {
    /// Its id.
    public var id: String
    /// Its kind.
    public var kind: String
    /// The author, unless anonymous.
    public var author: String?
    /// The words, only with consent to quote.
    public var text: String?
    /// What it grew from.
    public var from: [String]
  }

  /// An option as shown.
  public struct Option: Sendable, Equatable, Codable {
    /// Its id.
    public var id: String
    /// Its name.
    public var name: String
    /// Its cost.
    public var cost: Int64?
    /// What it grew from.
    public var from: [String]
  }

  /// A vote's count as shown.
  public struct Count: Sendable, Equatable, Codable {
    /// The rule, exactly.
    public var rule: Format
    /// Winners in order.
    public var winners: [String]
    /// Rounds.
    public var rounds: [TallyRecord.Round]
    /// Ties broken.
    public var tieBreaks: [TallyRecord.TieBreak]
  }

  /// A commitment as shown.
  public struct Promise: Sendable, Equatable, Codable {
    /// Its id.
    public var id: String
    /// What will be done.
    public var text: String
    /// Who.
    public var owner: String
    /// When.
    public var due: String?
    /// The decision it follows.
    public var decision: String?
    /// What it comes from.
    public var from: [String]
  }

  /// Reads session `id` from `workspace`.
  /// - Throws: ``WorkspaceError`` when there is no such session.
  public static func read(_ id: String, from workspace: Workspace) throws -> SessionReport {
    guard let session = try workspace.store.sessions().first(where: { $0.start.id == id }) else {
      throw WorkspaceError.invalidValue(field: "session", problem: "no session '\(id)' in this workspace; see `coprod sessions list`")
    }
    return try make(session, workspace: workspace)
  }

  /// Every session in `workspace`, in the order they started.
  public static func all(in workspace: Workspace) throws -> [SessionReport] {
    try workspace.store.sessions().map { try make($0, workspace: workspace) }
  }

  static func make(_ session: StoredSession, workspace: Workspace) throws -> SessionReport {
    let store = workspace.store
    let id = session.start.id
    let listing = try store.contributions(ContributionFilter())
    let order = Dictionary(session.contributions.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
    let mine = listing.contributions.map(\.contribution).filter { $0.sessionID == id }
      .sorted { (order[$0.id] ?? 0) < (order[$1.id] ?? 0) }
    let withdrawn = try store.withdrawnParticipantIDs()
    let decisions = try store.decisions().filter { $0.sessionID == id }
    let commitments = try store.commitments().filter { $0.sessionID == id }
    let attendance = Attendance(
      people: session.attendance.count,
      byPerspective: GroupCount.suppressingSmallGroups(
        try store.rawAttendanceCounts(session: id, by: .perspective), k: workspace.minimumGroupSize))
    let stages = session.stages.map { stage in
      let made = mine.filter { $0.stage == stage.stage && ($0.iteration ?? 1) == stage.iteration && stage.status != "skipped" }
      let isLastIteration = !session.stages.contains { $0.stage == stage.stage && $0.iteration > stage.iteration }
      return Stage(
        stage: stage.stage, title: nil, minutes: nil, minutesEach: nil, iteration: stage.iteration, status: stage.status, reason: stage.reason,
        started: stage.started?.text, ended: stage.ended?.text,
        groups: stage.groups.map { groups in
          .init(method: groups.method, rounds: groups.rounds.map { $0.map { $0.filter { !withdrawn.contains($0) } } }, scores: groups.scores)
        },
        speakingOrders: stage.turns.map { turns in
          let order = turns.order.filter { !withdrawn.contains($0) }
          return .init(group: turns.group, order: order.filter { !stage.passes.contains($0) } + order.filter { stage.passes.contains($0) })
        },
        passes: stage.passes.filter { !withdrawn.contains($0) },
        contributions: made.map { c in
          Said(
            id: c.id, kind: c.kind.rawValue, author: c.anonymity == .anonymous ? nil : c.authorID,
            text: c.consentToQuote && !c.text.isEmpty ? c.text : nil, from: c.derivedFrom)
        },
        options: stage.options.map { Option(id: $0.id, name: $0.name, cost: $0.cost, from: $0.derivedFrom) },
        ballots: stage.ballots,
        count: stage.count.map { count in
          Count(
            rule: Format(id: count.rule.id, name: count.ruleName, version: count.rule.version, sha256: count.rule.hash),
            winners: count.record.winners, rounds: count.record.rounds, tieBreaks: count.record.tieBreaks)
        },
        decisions: decisions.filter { $0.stage == stage.stage && isLastIteration }.map(\.id),
        commitments: isLastIteration
          ? commitments.filter { $0.stage == stage.stage }.map { c in
            Promise(id: c.id, text: c.text, owner: c.owner, due: c.due?.text, decision: c.decisionID, from: c.derivedFrom ?? [])
          } : [])
    }
    return SessionReport(
      id: id,
      format: Format(id: session.start.format.id, name: session.start.formatName, version: session.start.format.version, sha256: session.start.format.hash),
      seed: session.start.seed, mode: session.start.mode.rawValue, inputsSHA256: session.start.inputsSHA256,
      started: session.start.at.text, closed: session.closed?.text, attendance: attendance, stages: stages)
  }

  /// Fills in each stage's title and planned minutes from the format's definition.
  mutating func plan(with definition: SessionFormatDefinition) {
    for index in stages.indices {
      let planned = definition.stages.first { $0.id == stages[index].stage }
      stages[index].title = planned?.title
      stages[index].minutes = planned?.minutes
      stages[index].minutesEach = planned?.turns?.minutesEach
    }
  }
}
