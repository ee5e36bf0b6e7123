// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodPlugins
import CoprodStore
import Foundation
import Logging

// MARK: - Input sources

/// Where a session's entries come from: a scripted file, the rehearsal simulator, or (for
/// live sessions) a facilitator at a terminal. The runner asks for who is present once, then
/// for each stage iteration's entries one at a time, so a live source can prompt and the
/// runner can record each entry as soon as it is given.
public protocol SessionInputSource {
  /// The pseudonymous ids of the people present, with where each came from.
  mutating func attendance() throws -> [(id: String, origin: SessionEntry.Origin)]
  /// The next entry of the stage iteration `plan` describes, or nil when it is over.
  mutating func next(in plan: StagePlan) throws -> SessionEntry?
  /// Called when a stage is skipped, so a source holding entries for it can object.
  mutating func skipped(_ stage: String, reason: String) throws
  /// Where the source gave a stage iteration's entries (`day1.yaml:12`, `stages.ratings[2]`),
  /// for errors about the iteration as a whole; nil when it has no such place.
  func origin(of stage: String, iteration: Int) -> SessionEntry.Origin?
}

/// What a stage iteration looks like when it starts: what an input source needs to know.
public struct StagePlan: Sendable {
  /// The stage.
  public var stage: SessionFormatDefinition.Stage
  /// Which run of it, from 1.
  public var iteration: Int
  /// The people taking part: those present, or the stage's `people` (e.g. a jury's panel).
  public var attendees: [String]
  /// Round → group → ids, when the stage groups people.
  public var groups: [[[String]]]
  /// Each group's speaking order (first round), when the stage has turns.
  public var orders: [[String]]
  /// The options of the stage's vote.
  public var options: [SessionOption]
  /// The ballot people fill in, when the stage has a vote.
  public var ballotKind: BallotKind?
  /// Dots each person may place, for a dot vote.
  public var dots: Int?
  /// Ids of the contributions made so far in the session, by stage.
  public var contributions: [String: [String]]
  /// The winning options of the latest vote counted in the session.
  public var winners: [SessionOption]
}

/// The seed, mode and services a session runs with.
public struct SessionSetup {
  /// The session id (`s1`).
  public var id: String
  /// The seed of every draw.
  public var seed: Int64
  /// How it is run.
  public var mode: SessionMode
  /// The SHA-256 of the inputs file, when scripted.
  public var inputsSHA256: String?
  /// The time stamped on the session's events.
  public var clock: () -> Timestamp
  /// Permissions the user granted the format.
  public var granted: [PluginManifest.Permission]
  /// Limits of every plugin run (the format's and each count's).
  public var limits: LuaLimits
  /// Where voting rules are found.
  public var catalog: PluginCatalog
  /// Where plugins' `print` goes.
  public var logger: Logger

  /// Creates a setup.
  public init(
    id: String, seed: Int64, mode: SessionMode, inputsSHA256: String?, clock: @escaping () -> Timestamp,
    granted: [PluginManifest.Permission], limits: LuaLimits, catalog: PluginCatalog, logger: Logger
  ) {
    self.id = id
    self.seed = seed
    self.mode = mode
    self.inputsSHA256 = inputsSHA256
    self.clock = clock
    self.granted = granted
    self.limits = limits
    self.catalog = catalog
    self.logger = logger
  }
}

// MARK: - Runner

/// Runs a session format stage by stage: a state machine fed ``SessionEntry`` values by a
/// ``SessionInputSource``, recording every step as a ``WorkspaceChange`` through `record` as
/// soon as it happens (a scripted run records them all in one transaction; a live run can
/// commit each one).
///
/// ```swift
/// let runner = SessionRunner(format: format, setup: setup, world: world, record: writer.record)
/// try runner.run(from: &source)
/// ```
public final class SessionRunner {
  let format: LoadedFormat
  let setup: SessionSetup
  let world: SessionWorld
  let record: (WorkspaceChange) throws -> Void

  /// The people present, and what the host (never a plugin, unless granted) knows of them.
  private(set) var attendees: [String] = []
  private(set) var people: [String: Participant] = [:]
  /// Contributions made in the session, in order.
  private(set) var said: [Said] = []
  /// Votes counted, in order.
  private(set) var votes: [VoteResult] = []
  /// Groups formed per stage, each iteration's rounds.
  private(set) var groupsByStage: [String: [[[String]]]] = [:]
  /// Decisions recorded in the session.
  private(set) var decisions: [Decision] = []
  private var decisionIDs: [String]
  var commitmentIDs: [String]

  /// One contribution made in the session.
  struct Said {
    var contribution: Contribution
    var localID: String?
    var iteration: Int
  }

  /// One counted vote.
  struct VoteResult {
    var stage: String
    var iteration: Int
    var options: [SessionOption]
    var ballots: [SessionBallot]
    var count: SessionCount
  }

  /// Creates a runner; nothing is recorded until ``run(from:)``.
  public init(format: LoadedFormat, setup: SessionSetup, world: SessionWorld, record: @escaping (WorkspaceChange) throws -> Void) {
    self.format = format
    self.setup = setup
    self.world = world
    self.record = record
    self.decisionIDs = world.decisionIDs
    self.commitmentIDs = world.commitmentIDs
  }

  // MARK: Driving

  /// Runs the whole session from `source`: start, every stage in order (skipping those whose
  /// `when` says no, repeating those with `repeat_until` or `max_rounds`), then close. The
  /// ``SessionCourse`` keeps the place; a live session drives the same course entry by entry.
  public func run(from source: inout some SessionInputSource) throws {
    let course = SessionCourse(runner: self)
    try course.open()
    try course.admit(try source.attendance())
    var current: StagePlan?
    while true {
      let origin = current.flatMap { source.origin(of: $0.stage.id, iteration: $0.iteration) }
      for stage in try course.advance(origin: origin) { try source.skipped(stage, reason: Self.skipReason) }
      guard case .stage(let plan) = course.position else { break }
      current = plan
      while let entry = try source.next(in: plan) { try course.enter(entry) }
    }
    try course.close()
  }

  /// Records the start of the session (who is present comes with ``admit(_:)``).
  func open() throws {
    try record(
      .session(
        .started(
          SessionStart(
            id: setup.id, format: format.reference, formatName: format.definition.name, seed: setup.seed,
            inputsSHA256: setup.inputsSHA256, mode: setup.mode, at: setup.clock()))))
  }

  /// Checks that everyone in `attendance` may take part, then records them as present; nobody
  /// is admitted when anyone cannot be.
  func admit(_ attendance: [(id: String, origin: SessionEntry.Origin)]) throws {
    guard !attendance.isEmpty else {
      throw SessionRunError("nobody is present: give attendance (the pseudonymous ids of the people in the room)")
    }
    var admitted: [(String, Participant)] = []
    for (id, origin) in attendance {
      guard let record = try world.participant(id) else {
        throw SessionInputError(origin, nil, "no participant '\(id)' in this workspace; import them first (coprod participants import)")
      }
      if record.erased { throw SessionInputError(origin, nil, "'\(id)' was erased and cannot take part") }
      if let withdrawn = record.withdrawn {
        throw SessionInputError(origin, nil, "'\(id)' withdrew consent to take part on \(withdrawn)")
      }
      if people[id] != nil || admitted.contains(where: { $0.0 == id }) { throw SessionInputError(origin, nil, "'\(id)' is already present") }
      admitted.append((id, record.participant))
    }
    try record(.session(.attendance(SessionAttendance(session: setup.id, participants: admitted.map(\.0)))))
    for (id, participant) in admitted {
      people[id] = participant
      attendees.append(id)
    }
  }

  // MARK: Stage start

  /// Why a stage whose `when` said no is skipped.
  static let skipReason = "when(session) returned false"

  /// Starts an iteration of `stage`: asks `when` (first iteration), forms groups, draws
  /// speaking orders and puts options to the vote. Returns nil when the stage is skipped.
  func begin(_ stage: SessionFormatDefinition.Stage, iteration: Int) throws -> StagePlan? {
    if iteration == 1, let when = stage.when {
      guard try truth(try call(when, stage: stage, iteration: iteration, what: "when(session)"), stage, "when(session)") else {
        try record(
          .session(.stageSkipped(SessionStageMark(session: setup.id, stage: stage.id, iteration: 1, at: setup.clock(), reason: Self.skipReason))))
        return nil
      }
    }
    try record(.session(.stageStarted(SessionStageMark(session: setup.id, stage: stage.id, iteration: iteration, at: setup.clock()))))
    let taking = try members(of: stage)
    var plan = StagePlan(
      stage: stage, iteration: iteration, attendees: taking, groups: [], orders: [], options: [], ballotKind: nil, dots: nil,
      contributions: Dictionary(grouping: said, by: { $0.contribution.stage ?? "" }).mapValues { $0.map(\.contribution.id) },
      winners: votes.last.map { vote in vote.count.record.winners.compactMap { id in vote.options.first { $0.id == id } } } ?? [])
    if let grouping = stage.groups {
      let (method, rounds, scores) = try formGroups(grouping, people: taking, stage: stage, iteration: iteration)
      plan.groups = rounds
      groupsByStage[stage.id, default: []].append(contentsOf: rounds)
      try record(
        .session(
          .groupsFormed(
            SessionGroups(session: setup.id, stage: stage.id, iteration: iteration, method: method, rounds: rounds, scores: scores))))
    }
    if let turns = stage.turns, turns.kind == "round_robin" {
      let groups = plan.groups.first ?? [taking]
      for (index, group) in groups.enumerated() {
        let order = SessionDraw.shuffled(group, seed: SessionDraw.seed(setup.seed, "turns", stage.id, iteration, index))
        plan.orders.append(order)
        try record(
          .session(.speakingOrder(SessionTurns(session: setup.id, stage: stage.id, iteration: iteration, group: index + 1, order: order))))
      }
    }
    if let vote = stage.vote {
      plan.options = try options(for: stage, vote: vote, iteration: iteration)
      for option in plan.options { try record(.session(.optionAdded(option))) }
      let kinds = try ruleKinds(vote.rule)
      if let ballot = vote.ballot, !kinds.contains(ballot) {
        throw PluginRunError(
          kind: .invalidResult, pluginID: format.reference.id, location: format.entry,
          message: "stage '\(stage.id)': vote.ballot is \(ballot.rawValue), but \(vote.rule) counts \(kinds.map(\.rawValue).joined(separator: " or ")) ballots")
      }
      plan.ballotKind = vote.ballot ?? kinds.first
      plan.dots = vote.dots
    }
    return plan
  }

  private func formGroups(
    _ grouping: SessionFormatDefinition.Grouping, people taking: [String], stage: SessionFormatDefinition.Stage, iteration: Int
  ) throws -> (String, [[[String]]], SessionGroups.GroupScores?) {
    switch grouping.kind {
    case "plenary": return ("plenary", [[taking]], nil)
    case "solo": return ("solo", [taking.map { [$0] }], nil)
    case "plugin":
      guard let function = grouping.function else { return ("plenary", [[taking]], nil) }
      let value = try call(function, stage: stage, iteration: iteration, what: "groups(session)")
      return ("plugin", [try groupList(value, stage: stage)], nil)
    default:
      let size = grouping.kind == "pairs" ? 2 : (grouping.size ?? 8)
      let earlier = groupsByStage[stage.id] ?? []
      var stay: [String] = []
      if grouping.stay == true, let first = earlier.first { stay = first.compactMap(\.first) }
      let request = TablePlanRequest(
        people: taking.map { AssignablePerson(id: $0, features: features(of: $0)) }, tableSize: size,
        rounds: grouping.rounds ?? 1, diversify: grouping.mix.map { [$0] } ?? [], history: earlier.flatMap { $0 },
        stay: stay, seed: UInt64(bitPattern: SessionDraw.seed(setup.seed, "groups", stage.id, iteration, 0)))
      let plan: TablePlan
      do {
        plan = try TableMixer.plan(request)
      } catch {
        throw SessionRunError("stage '\(stage.id)': cannot seat \(taking.count) people at tables of \(size): \(error)")
      }
      return (
        grouping.kind, plan.rounds,
        .init(diversity: plan.scores.diversity, repeatMeetings: plan.scores.repeatMeetings, uniqueMeetingShare: plan.scores.uniqueMeetingShare)
      )
    }
  }

  /// What the host's assignment services may look at: the first perspective and the language.
  func features(of id: String) -> [String: String] {
    let person = people[id]
    return [
      "perspective": person?.perspectives.first?.rawValue ?? "not stated",
      "language": person?.language ?? "not stated",
    ]
  }

  /// The options of a stage's vote: the contributions of `vote.options`'s stage, or what
  /// `options(session)` returns.
  private func options(for stage: SessionFormatDefinition.Stage, vote: SessionFormatDefinition.Vote, iteration: Int) throws -> [SessionOption] {
    var options: [SessionOption] = []
    if let source = vote.options {
      for (position, entry) in said.enumerated().filter({ $0.element.contribution.stage == source }).map(\.element).enumerated() {
        let c = entry.contribution
        options.append(
          SessionOption(
            session: setup.id, stage: stage.id, iteration: iteration, id: entry.localID ?? "\(source).\(position + 1)",
            name: c.text, derivedFrom: [c.id], wordsBy: c.authorID))
      }
      guard !options.isEmpty else {
        throw SessionRunError("stage '\(stage.id)': the vote has no options: stage '\(source)' captured nothing")
      }
      return options
    }
    guard let function = stage.options else {
      throw SessionRunError("stage '\(stage.id)': the vote has no options; give vote.options (a stage id) or options (a function)")
    }
    let value = try call(function, stage: stage, iteration: iteration, what: "options(session)")
    func invalid(_ problem: String) -> PluginRunError {
      PluginRunError(kind: .invalidResult, pluginID: format.reference.id, location: format.entry, message: "stage '\(stage.id)': options(session) \(problem)")
    }
    guard let list = value.tableValue, list.fields.isEmpty, list.otherKeys.isEmpty, !list.array.isEmpty else {
      throw invalid("returned \(value.tableValue == nil ? value.typeName : "an empty or keyed table"); expected a list of { id, name, cost?, from? }")
    }
    guard list.array.count <= 1_000 else { throw invalid("returned \(list.array.count) options; at most 1000") }
    var seen: Set<String> = []
    for (offset, item) in list.array.enumerated() {
      let at = "[\(offset + 1)]"
      guard let table = item.tableValue else { throw invalid("\(at) is a \(item.typeName); expected { id, name, cost?, from? }") }
      if let unknown = table.fields.keys.sorted().first(where: { !["id", "name", "cost", "from"].contains($0) }) {
        throw invalid("\(at).\(unknown): unknown field (expected id, name, cost, from)")
      }
      guard let id = table["id"].stringValue, Participant.isValidID(id) else {
        throw invalid("\(at).id: expected an id (letters, digits, '-', '_' or '.'), got \(table["id"].typeName)")
      }
      guard seen.insert(id).inserted else { throw invalid("\(at).id: '\(id)' is used twice") }
      guard let name = table["name"].stringValue, !name.trimmed.isEmpty, name.count <= 10_000 else {
        throw invalid("\(at).name: expected the option's name (text), got \(table["name"].typeName)")
      }
      var cost: Int64?
      if table["cost"] != .nil {
        guard let value = table["cost"].integerValue, value >= 0 else { throw invalid("\(at).cost: expected a whole number of at least 0") }
        cost = value
      }
      var from: [String] = []
      switch table["from"] {
      case .nil: break
      case .table(let ids) where ids.fields.isEmpty:
        for source in ids.array {
          guard let text = source.stringValue, try said.contains(where: { $0.contribution.id == text }) || world.contributionExists(text) else {
            throw invalid("\(at).from: \(source.stringValue.map { "'\($0)'" } ?? source.typeName) is not a contribution")
          }
          from.append(text)
        }
      default: throw invalid("\(at).from: expected a list of contribution ids")
      }
      if vote.hasBudget && cost == nil { throw invalid("\(at).cost: missing; a budget vote needs every option's cost") }
      let sources = said.filter { from.contains($0.contribution.id) }
      let wordsBy = from.count == 1 && sources.count == 1 ? sources[0].contribution.authorID : nil
      options.append(
        SessionOption(
          session: setup.id, stage: stage.id, iteration: iteration, id: id, name: name.trimmed, cost: cost, derivedFrom: from,
          wordsBy: wordsBy))
    }
    return options
  }

  private var ruleKindCache: [String: [BallotKind]] = [:]

  private func ruleKinds(_ rule: String) throws -> [BallotKind] {
    if let kinds = ruleKindCache[rule] { return kinds }
    let kinds = try Tally.ballotKinds(of: rule, catalog: setup.catalog, limits: setup.limits, logger: setup.logger)
    ruleKindCache[rule] = kinds
    return kinds
  }

  // MARK: Entries

  /// Checks one entry against the stage and records it.
  func feed(_ entry: SessionEntry, plan: StagePlan, ballots: inout [SessionBallot], ruling: inout SessionEntry.Ruling?) throws {
    let stage = plan.stage
    func fail(_ field: String?, _ problem: String) -> SessionInputError { SessionInputError(entry.origin, field, problem) }
    func present(_ id: String, _ field: String) throws {
      guard people[id] != nil else {
        throw fail(field, "'\(id)' is not present (attendance: \(attendees.prefix(12).joined(separator: ", "))\(attendees.count > 12 ? ", …" : ""))")
      }
      try takesPart(id, plan: plan, field: field, origin: entry.origin)
    }
    switch entry.body {
    case .contribution(let words):
      guard let capture = stage.capture, capture != "commitment" else {
        throw fail(nil, stage.capture == "commitment"
          ? "stage '\(stage.id)' captures commitments: give text and owner"
          : "stage '\(stage.id)' captures nothing; stories, ideas and comments belong in a stage with capture")
      }
      if let by = words.by { try present(by, "by") }
      if let local = words.localID, said.contains(where: { $0.localID == local }) {
        throw fail("id", "'\(local)' is already used in this session")
      }
      let from = try words.from.map { try resolve($0, field: "from", entry: entry) }
      let position = said.filter { $0.contribution.stage == stage.id }.count + 1
      let id = "\(setup.id)-\(words.localID ?? "\(stage.id)-\(position)")"
      guard try !world.contributionExists(id), !said.contains(where: { $0.contribution.id == id }) else {
        throw fail("id", "contribution '\(id)' already exists in this workspace; choose another id")
      }
      let contribution = Contribution(
        id: id, kind: words.kind ?? ContributionKind(rawValue: capture) ?? .comment, authorID: words.by, sessionID: setup.id,
        stage: stage.id, text: words.text, consentToQuote: words.quote, anonymity: words.anonymity, derivedFrom: from,
        made: setup.clock().date, iteration: plan.iteration)
      try record(.contributionAdded(contribution))
      said.append(Said(contribution: contribution, localID: words.localID, iteration: plan.iteration))

    case .pass(let who):
      guard stage.turns?.allowPass == true else { throw fail("pass", "stage '\(stage.id)' has no turns that allow passing") }
      try present(who, "pass")
      try record(.session(.passed(SessionPass(session: setup.id, stage: stage.id, iteration: plan.iteration, participantID: who))))

    case .ballot(let vote):
      guard stage.vote != nil, let kind = plan.ballotKind else { throw fail(nil, "stage '\(stage.id)' holds no vote") }
      try present(vote.voter, "by")
      guard !ballots.contains(where: { $0.voterID == vote.voter }) else { throw fail("by", "'\(vote.voter)' has already voted in this vote") }
      let marks = try self.marks(vote.choice, kind: kind, plan: plan, fail: fail)
      let ballot = SessionBallot(
        session: setup.id, stage: stage.id, iteration: plan.iteration, voterID: vote.voter, kind: kind, marks: marks, reason: vote.reason)
      try record(.session(.ballotCast(ballot)))
      ballots.append(ballot)

    case .commitment(let promise):
      guard stage.capture == "commitment" else { throw fail(nil, "stage '\(stage.id)' does not capture commitments") }
      var derived: [String] = []
      var decisionID: String?
      for (offset, reference) in promise.from.enumerated() {
        if let vote = votes.last(where: { $0.options.contains { $0.id == reference } }),
          let option = vote.options.first(where: { $0.id == reference })
        {
          derived += option.derivedFrom
          decisionID = decisions.last(where: { $0.stage == vote.stage })?.id ?? decisionID
        } else {
          derived.append(try resolve(reference, field: "from[\(offset + 1)]", entry: entry))
        }
      }
      let id = try WorkspaceOperations.newID(nil, prefix: WorkspaceOperations.commitmentPrefix, taken: commitmentIDs, what: "commitment")
      let commitment = Commitment(
        id: id, text: promise.text, owner: promise.owner, due: promise.due, decisionID: decisionID, sessionID: setup.id,
        stage: stage.id, derivedFrom: derived)
      try record(.commitmentMade(commitment))
      commitmentIDs.append(id)

    case .decision(var given):
      guard stage.vote != nil else { throw fail("decision", "stage '\(stage.id)' holds no vote to decide on") }
      guard ruling == nil else { throw fail("decision", "the vote's decision is already given") }
      given.origin = entry.origin
      ruling = given
    }
  }

  /// A ballot's marks, checked against the vote's options and ballot kind.
  private func marks(
    _ choice: SessionEntry.Choice, kind: BallotKind, plan: StagePlan, fail: (String?, String) -> SessionInputError
  ) throws -> [SessionBallot.Mark] {
    let ids = plan.options.map(\.id)
    let field: String =
      switch choice {
      case .rank: "rank"
      case .approve: "approve"
      case .dots: "dots"
      case .scores: "scores"
      case .consent: "consent"
      }
    guard choice.kind == kind else {
      throw fail(field, "this vote takes \(kind.rawValue) ballots (\(Self.ballotHint(kind))), not \(field)")
    }
    func option(_ id: String) throws -> String {
      guard ids.contains(id) else {
        throw fail(field, "\(id) is not an option of this vote (\(ids.prefix(20).joined(separator: ", "))\(ids.count > 20 ? ", …" : ""))")
      }
      return id
    }
    switch choice {
    case .rank(let groups):
      var seen: Set<String> = []
      var marks: [SessionBallot.Mark] = []
      for (level, group) in groups.enumerated() {
        for id in group {
          guard seen.insert(try option(id)).inserted else { throw fail(field, "\(id) is ranked twice") }
          marks.append(.init(option: id, rank: level))
        }
      }
      return marks
    case .approve(let approved):
      var seen: Set<String> = []
      for id in approved where !seen.insert(try option(id)).inserted { throw fail(field, "\(id) is approved twice") }
      return approved.map { .init(option: $0) }
    case .dots(let pairs), .scores(let pairs):
      let total = pairs.reduce(Int64(0)) { $0 + $1.1 }
      if case .dots = choice, let dots = plan.dots, total > Int64(dots) {
        throw fail(field, "places \(total) dots; each person has \(dots)")
      }
      return try pairs.map { .init(option: try option($0.0), points: $0.1) }
    case .consent(let answer):
      return ids.map { .init(option: $0, points: answer) }
    }
  }

  static func ballotHint(_ kind: BallotKind) -> String {
    switch kind {
    case .ranked: "rank: [ids, best first]"
    case .approval: "approve: [ids]"
    case .score: "scores: { id: n }, or consent: true / object: reason"
    case .cumulative: "dots: { id: n }"
    }
  }

  /// A `from` reference: a local id of this session, `stage.N` (the Nth contribution of a
  /// stage), or a contribution id in the workspace.
  private func resolve(_ reference: String, field: String, entry: SessionEntry) throws -> String {
    if let local = said.first(where: { $0.localID == reference }) { return local.contribution.id }
    if let dot = reference.lastIndex(of: "."), let position = Int(reference[reference.index(after: dot)...]), position >= 1 {
      let stage = String(reference[..<dot])
      let made = said.filter { $0.contribution.stage == stage }
      if position <= made.count { return made[position - 1].contribution.id }
      if format.definition.stages.contains(where: { $0.id == stage }) {
        throw SessionInputError(entry.origin, field, "\(reference): stage '\(stage)' has only \(made.count) contribution(s) so far")
      }
    }
    if try said.contains(where: { $0.contribution.id == reference }) || world.contributionExists(reference) { return reference }
    throw SessionInputError(entry.origin, field, "\(reference) is not an earlier entry (an id, or stage.N such as stories.1) nor a contribution in this workspace")
  }

  // MARK: Stage end

  /// Counts the stage's vote, records the decision when the vote is over, ends the iteration
  /// and says whether the stage runs again.
  /// `origin` is where the source gave the iteration's entries, named by errors about it.
  func end(_ plan: StagePlan, ballots: [SessionBallot], ruling: SessionEntry.Ruling?, given origin: SessionEntry.Origin? = nil) throws -> Bool {
    let stage = plan.stage
    var count: SessionCount?
    if let vote = stage.vote {
      guard !ballots.isEmpty else { throw Self.noBallots(stage: stage.id, given: origin) }
      let counted = try self.count(vote, plan: plan, ballots: ballots)
      try record(.session(.counted(counted)))
      votes.append(VoteResult(stage: stage.id, iteration: plan.iteration, options: plan.options, ballots: ballots, count: counted))
      count = counted
    }
    var again = plan.iteration < stage.iterationLimit
    if again, let repeatUntil = stage.repeatUntil {
      again = !(try truth(try call(repeatUntil, stage: stage, iteration: plan.iteration, what: "repeat_until(session)"), stage, "repeat_until(session)"))
    }
    if let count, !again {
      try decide(count, plan: plan, ruling: ruling)
    } else if let ruling {
      throw Self.earlyDecision(ruling, stage: stage.id, iteration: plan.iteration)
    }
    try record(.session(.stageEnded(SessionStageMark(session: setup.id, stage: stage.id, iteration: plan.iteration, at: setup.clock()))))
    return again
  }

  private func count(_ vote: SessionFormatDefinition.Vote, plan: StagePlan, ballots: [SessionBallot]) throws -> SessionCount {
    let stage = plan.stage
    let candidates = plan.options.map { Candidate(id: $0.id, name: $0.name, cost: $0.cost) }
    var index: [String: Int] = [:]
    for (position, option) in plan.options.enumerated() { index[option.id] = position }
    let kind = plan.ballotKind ?? .ranked
    var builder = BallotProfileBuilder(kind: kind, candidates: candidates)
    for ballot in ballots {
      let entries = ballot.marks.compactMap { index[$0.option] }
      switch kind {
      case .ranked:
        let ordered = ballot.marks.sorted { ($0.rank ?? 0, index[$0.option] ?? 0) < ($1.rank ?? 0, index[$1.option] ?? 0) }
        builder.addCanonical(
          entries: ordered.compactMap { index[$0.option].map(Int32.init) }, ranks: ordered.map { UInt16($0.rank ?? 0) }, points: [],
          count: 1, reason: ballot.reason)
      case .approval:
        builder.addCanonical(entries: entries.sorted().map(Int32.init), ranks: [], points: [], count: 1, reason: ballot.reason)
      case .score, .cumulative:
        let sorted = ballot.marks.sorted { (index[$0.option] ?? 0) < (index[$1.option] ?? 0) }
        builder.addCanonical(
          entries: sorted.compactMap { index[$0.option].map(Int32.init) }, ranks: [], points: sorted.map { $0.points ?? 0 }, count: 1,
          reason: ballot.reason)
      }
    }
    var profile = builder.profile
    let budget = try self.budget(of: vote, plan: plan)
    profile.budget = budget
    let seats = vote.seats ?? 1
    guard seats <= candidates.count else {
      throw SessionRunError("stage '\(stage.id)': the vote asks for \(seats) winners but has only \(candidates.count) options")
    }
    let options = try settingOptions(vote, plan: plan)
    let counted = try Tally.count(
      profile, seats: seats, budget: budget, rule: vote.rule, options: options, tieBreak: .lot,
      seed: SessionDraw.seed(setup.seed, "count", stage.id, plan.iteration, 0), limits: setup.limits,
      source: "session \(setup.id) stage '\(stage.id)'", catalog: setup.catalog, logger: setup.logger)
    return SessionCount(
      session: setup.id, stage: stage.id, iteration: plan.iteration,
      rule: PluginReference(id: counted.rule.id, version: counted.rule.version, hash: counted.rule.sha256, signer: counted.rule.signer), ruleName: counted.rule.name,
      seats: seats, budget: budget, settings: counted.settings.mapValues(Tally.settingText), ballots: ballots.count,
      record: counted.record)
  }

  /// The rule's settings as `key=value` options: `vote.dots`, then `vote.settings` (a table,
  /// or what the function returns).
  private func settingOptions(_ vote: SessionFormatDefinition.Vote, plan: StagePlan) throws -> [String] {
    var values: [String: LuaValue] = [:]
    if let dots = vote.dots { values["dots"] = .integer(Int64(dots)) }
    switch vote.settings {
    case .table(let table)?: values.merge(table.fields) { $1 }
    case .function(let function)?:
      let value = try call(function, stage: plan.stage, iteration: plan.iteration, what: "vote.settings(session)")
      guard let table = value.tableValue, table.array.isEmpty, table.otherKeys.isEmpty,
        table.fields.values.allSatisfy({ [.string, .integer, .number, .boolean].contains(Self.shape($0)) })
      else {
        throw PluginRunError(
          kind: .invalidResult, pluginID: format.reference.id, location: format.entry,
          message: "stage '\(plan.stage.id)': vote.settings(session) returned \(value.typeName); expected named settings such as { dots = 3 }")
      }
      values.merge(table.fields) { $1 }
    default: break
    }
    return values.keys.sorted().map { "\($0)=\(Tally.settingText(values[$0] ?? .nil))" }
  }

  private enum Shape { case string, integer, number, boolean, other }
  private static func shape(_ value: LuaValue) -> Shape {
    switch value {
    case .string: .string
    case .integer: .integer
    case .number: .number
    case .boolean: .boolean
    default: .other
    }
  }

  /// Records the decision of a finished vote: its winners and rounds, who decided and why
  /// (the ruling given, or defaults), and each option's provenance.
  private func decide(_ count: SessionCount, plan: StagePlan, ruling: SessionEntry.Ruling?) throws {
    let id = try WorkspaceOperations.newID(nil, prefix: WorkspaceOperations.decisionPrefix, taken: decisionIDs, what: "decision")
    let names = Dictionary(plan.options.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    var provenance: [String: [String]] = [:]
    for option in plan.options where !option.derivedFrom.isEmpty { provenance[option.id] = option.derivedFrom }
    let decision = Decision(
      id: id, rule: count.rule, winners: count.record.winners,
      rounds: count.record.rounds.map { round in
        Decision.Round(number: round.number, tally: round.tally, elected: round.elected, excluded: round.excluded, notes: round.notes.map(\.text))
      },
      proposals: names, decidedBy: ruling?.decidedBy ?? "The people present at session \(setup.id)",
      rationale: ruling?.rationale ?? "Chosen by \(count.ruleName) from \(count.ballots) ballot(s) at stage '\(plan.stage.id)' of \(format.definition.name).",
      outcome: ruling?.outcome ?? .accepted, outcomeReasons: ruling?.reasons, decided: setup.clock().date, sessionID: setup.id,
      stage: plan.stage.id, provenance: provenance.isEmpty ? nil : provenance)
    try record(.decisionRecorded(decision))
    decisionIDs.append(id)
    decisions.append(decision)
  }

  // MARK: Calling the format

  /// Calls a stage function with the `session` object; errors name the stage.
  func call(_ function: LuaFunctionReference, stage: SessionFormatDefinition.Stage, iteration: Int, what: String) throws -> LuaValue {
    do {
      return try format.sandbox.callStage(function, view: view(stage: stage, iteration: iteration), services: services(stage: stage, iteration: iteration))
    } catch {
      var named = error
      named.message = "stage '\(stage.id)': \(what): \(error.message)"
      throw named
    }
  }

  private func truth(_ value: LuaValue, _ stage: SessionFormatDefinition.Stage, _ what: String) throws -> Bool {
    guard case .boolean(let flag) = value else {
      throw PluginRunError(
        kind: .invalidResult, pluginID: format.reference.id, location: format.entry,
        message: "stage '\(stage.id)': \(what) returned \(value.typeName); expected true or false")
    }
    return flag
  }

  /// Groups returned by a format's `groups(session)`: a list of lists of people present, each
  /// person at most once.
  private func groupList(_ value: LuaValue, stage: SessionFormatDefinition.Stage) throws -> [[String]] {
    func invalid(_ problem: String) -> PluginRunError {
      PluginRunError(kind: .invalidResult, pluginID: format.reference.id, location: format.entry, message: "stage '\(stage.id)': groups(session) \(problem)")
    }
    guard let list = value.tableValue, list.fields.isEmpty, list.otherKeys.isEmpty, !list.array.isEmpty else {
      throw invalid("returned \(value.typeName); expected a list of groups, each a list of ids")
    }
    var seen: Set<String> = []
    return try list.array.enumerated().map { offset, item in
      guard let group = item.tableValue, group.fields.isEmpty else { throw invalid("[\(offset + 1)] is not a list of ids") }
      return try group.array.map { member in
        guard let id = member.stringValue, people[id] != nil else {
          throw invalid("[\(offset + 1)] names \(member.stringValue.map { "'\($0)'" } ?? member.typeName), who is not present")
        }
        guard seen.insert(id).inserted else { throw invalid("puts '\(id)' in two groups") }
        return id
      }
    }
  }
}
