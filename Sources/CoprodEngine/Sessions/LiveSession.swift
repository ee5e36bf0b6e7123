// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodPlugins
import CoprodStore
import Foundation
import Logging

// MARK: - Request

/// What `coprod run FORMAT --live` or `coprod run --resume sN` was asked to do.
public struct LiveSessionRequest: Sendable {
  /// The format (a name, plugin id or folder); optional when resuming (the recorded one).
  public var format: String?
  /// The session to carry on, when resuming.
  public var resume: String?
  /// The seed of a new session (default 0).
  public var seed: Int64?
  /// Permissions granted to the format, as typed (give the same ones when resuming).
  public var grants: [String]
  /// Limits of every plugin run.
  public var limits: LuaLimits
  /// The workspace folder.
  public var workspace: URL
  /// How long to wait for another command writing the workspace.
  public var busyTimeout: TimeInterval

  /// Creates a request.
  public init(
    format: String?, resume: String? = nil, seed: Int64? = nil, grants: [String] = [], limits: LuaLimits = .default,
    workspace: URL, busyTimeout: TimeInterval = SQLiteWorkspaceStore.defaultBusyTimeout
  ) {
    self.format = format
    self.resume = resume
    self.seed = seed
    self.grants = grants
    self.limits = limits
    self.workspace = workspace
    self.busyTimeout = busyTimeout
  }
}

// MARK: - A live session

/// A session run live by a facilitator: each command (``LiveCommand``) is checked and
/// recorded in its own transaction as soon as it is given, so stopping (or a crash) loses
/// nothing, and ``resume(_:catalog:context:clock:logger:)`` carries on where it stopped. A
/// command that cannot be used writes nothing and leaves the session as it was.
///
/// ```swift
/// let live = try LiveSession.start(request, catalog: catalog, context: context, clock: clock, logger: logger)
/// let reply = try live.perform(.attend(["p001", "p002"]), line: 1)
/// ```
public final class LiveSession {
  /// The session id (`s1`).
  public let id: String
  /// The course: where the session is.
  public private(set) var course: SessionCourse
  /// The format being run.
  public let format: PluginReference
  /// The format's display name.
  public let formatName: String
  /// The seed.
  public let seed: Int64
  /// When the current stage iteration started.
  public var stageStarted: Timestamp? { recorder.stageStarted }
  /// The current stage's planned minutes, when a stage with minutes is under way.
  public var stageMinutes: Double? {
    guard case .stage(let plan) = course.position else { return nil }
    return plan.stage.minutes
  }
  /// The clock live entries are stamped with.
  public let clock: () -> Timestamp

  let workspace: Workspace
  let context: CommandContext
  let recorder: LiveRecorder
  let reload: () throws -> LoadedFormat
  let makeSetup: (String, Int64) -> SessionSetup

  private init(
    id: String, course: SessionCourse, format: LoadedFormat, seed: Int64, clock: @escaping () -> Timestamp, workspace: Workspace,
    context: CommandContext, recorder: LiveRecorder, reload: @escaping () throws -> LoadedFormat,
    makeSetup: @escaping (String, Int64) -> SessionSetup
  ) {
    self.id = id
    self.course = course
    self.format = format.reference
    self.formatName = format.definition.name
    self.seed = seed
    self.clock = clock
    self.workspace = workspace
    self.context = context
    self.recorder = recorder
    self.reload = reload
    self.makeSetup = makeSetup
  }

  /// Starts a new live session: records `session.started` (people arrive with `attend`).
  public static func start(
    _ request: LiveSessionRequest, catalog: PluginCatalog, context: CommandContext, clock: @escaping () -> Timestamp, logger: Logger
  ) throws -> LiveSession {
    guard let reference = request.format else { throw SessionRunError("give the session format to run, e.g. coprod run story-circle --live") }
    let (plugin, provision) = try catalog.resolve(reference, kind: .sessionFormat)
    let granted = try SessionRun.permissions(request.grants, manifest: plugin.manifest)
    let seed = request.seed ?? 0
    let reload = { try LoadedFormat.load(plugin, entry: provision.entry, catalog: catalog, limits: request.limits, seed: seed, logger: logger) }
    let format = try reload()
    let workspace = try Workspace.open(at: request.workspace, busyTimeout: request.busyTimeout)
    let recorder = LiveRecorder()
    let makeSetup = setups(granted: granted, request: request, catalog: catalog, clock: clock, logger: logger)
    let info = CommandInfo(actor: context.actor, at: clock(), command: context.commandLine)
    let (id, course) = try workspace.store.write(info, dryRun: false) { writer in
      recorder.writer = writer
      defer { recorder.writer = nil }
      let id = try WorkspaceOperations.newID(nil, prefix: "s", taken: try writer.sessionIDs(), what: "session")
      let course = SessionCourse(runner: try runner(format, setup: makeSetup(id, seed), workspace: workspace, writer: writer, recorder: recorder, own: id))
      try course.open()
      return (id, course)
    }
    return LiveSession(
      id: id, course: course, format: format, seed: seed, clock: clock, workspace: workspace, context: context, recorder: recorder,
      reload: reload, makeSetup: makeSetup)
  }

  /// Carries on session `request.resume` where it stopped: its recorded steps are replayed
  /// (nothing is written) and the course continues from the last one.
  /// - Throws: ``SessionRunError`` when the session does not exist, is closed, or its format
  ///   has changed since it started.
  public static func resume(
    _ request: LiveSessionRequest, catalog: PluginCatalog, context: CommandContext, clock: @escaping () -> Timestamp, logger: Logger
  ) throws -> LiveSession {
    guard let id = request.resume else { throw SessionRunError("give the session to resume, e.g. --resume s1") }
    let workspace = try Workspace.open(at: request.workspace, busyTimeout: request.busyTimeout)
    guard let stored = try workspace.store.sessions().first(where: { $0.start.id == id }) else {
      throw SessionRunError("no session '\(id)' in this workspace; see coprod sessions list")
    }
    guard stored.closed == nil else { throw SessionRunError("session \(id) is closed; there is nothing to resume") }
    let start = stored.start
    let (plugin, provision) = try catalog.resolve(request.format ?? start.format.id, kind: .sessionFormat)
    guard plugin.manifest.id == start.format.id else {
      throw SessionRunError("session \(id) runs \(start.format.id), not \(plugin.manifest.id); leave out the format or give that one")
    }
    if let seed = request.seed, seed != start.seed { throw SessionRunError("session \(id) runs with seed \(start.seed); leave out --seed") }
    let granted = try SessionRun.permissions(request.grants, manifest: plugin.manifest)
    let reload = {
      try LoadedFormat.load(plugin, entry: provision.entry, catalog: catalog, limits: request.limits, seed: start.seed, logger: logger)
    }
    let format = try reload()
    guard format.reference.hash == start.format.hash else {
      throw SessionRunError(
        "session \(id) started with \(start.format.id) \(start.format.version) (sha256 \(start.format.hash.prefix(12))…), but it is now \(format.reference.version) (sha256 \(format.reference.hash.prefix(12))…); resume it with the format as it was")
    }
    let recorder = LiveRecorder()
    let makeSetup = setups(granted: granted, request: request, catalog: catalog, clock: clock, logger: logger)
    let course = try replayed(id, format: format, setup: makeSetup(id, start.seed), workspace: workspace, context: context, recorder: recorder)
    return LiveSession(
      id: id, course: course, format: format, seed: start.seed, clock: clock, workspace: workspace, context: context,
      recorder: recorder, reload: reload, makeSetup: makeSetup)
  }

  /// How the setup of a live session (id, seed) is made.
  private static func setups(
    granted: [PluginManifest.Permission], request: LiveSessionRequest, catalog: PluginCatalog, clock: @escaping () -> Timestamp,
    logger: Logger
  ) -> (String, Int64) -> SessionSetup {
    { id, seed in
      SessionSetup(
        id: id, seed: seed, mode: .live, inputsSHA256: nil, clock: clock, granted: granted, limits: request.limits, catalog: catalog,
        logger: logger)
    }
  }

  /// A runner recording through `recorder`, reading the workspace through `writer`; the
  /// decisions and commitments of session `own` are left out of those already taken (a
  /// replay records them again).
  private static func runner(
    _ format: LoadedFormat, setup: SessionSetup, workspace: Workspace, writer: any WorkspaceWriter, recorder: LiveRecorder, own: String
  ) throws -> SessionRunner {
    var world = try SessionWorld.workspace(workspace, writer: writer)
    world.participant = { [recorder] id in try recorder.current().participant(id) }
    world.contributionExists = { [recorder] id in
      // While replaying, the session's own contributions are about to be made again.
      if recorder.expected != nil && recorder.replayedContributions.contains(id) { return false }
      return try recorder.current().contributionExists(id)
    }
    world.decisionIDs = try writer.decisions().filter { $0.sessionID != own }.map(\.id)
    world.commitmentIDs = try writer.commitments().filter { $0.sessionID != own }.map(\.id)
    return SessionRunner(format: format, setup: setup, world: world, record: { [recorder] in try recorder.record($0) })
  }

  /// A course rebuilt from what session `id` recorded.
  private static func replayed(
    _ id: String, format: LoadedFormat, setup: SessionSetup, workspace: Workspace, context: CommandContext, recorder: LiveRecorder
  ) throws -> SessionCourse {
    let recorded = try SessionReplay.recorded(id, in: workspace.store)
    return try workspace.store.write(CommandInfo(actor: context.actor, at: setup.clock(), command: context.commandLine), dryRun: true) { writer in
      recorder.writer = writer
      recorder.expected = recorded
      recorder.cursor = 0
      recorder.replayedContributions = Set(recorded.compactMap { change in
        if case .contributionAdded(let c) = change { return c.id }
        return nil
      })
      defer {
        recorder.writer = nil
        recorder.expected = nil
      }
      let course = SessionCourse(runner: try runner(format, setup: setup, workspace: workspace, writer: writer, recorder: recorder, own: id))
      do {
        try SessionReplay.replay(recorded, into: course, cursor: { recorder.cursor })
      } catch {
        throw SessionRunError("cannot resume session \(id): \(error)")
      }
      return course
    }
  }

  // MARK: Commands

  /// What a command did, for people (and programs) to read.
  public struct Reply: Sendable, Equatable {
    /// Lines to show.
    public var lines: [String]
    /// True when the session is over (closed) or stopped (`quit`).
    public var stop: Bool
  }

  /// Parses and performs line `number` of the facilitator's input; a blank line or a
  /// comment does nothing.
  /// - Throws: as ``LiveCommand/parse(_:number:stages:)`` and ``perform(_:line:)``.
  public func perform(line: String, number: Int) throws -> Reply {
    guard let command = try LiveCommand.parse(line, number: number, stages: course.stages.map(\.id)) else {
      return Reply(lines: [], stop: false)
    }
    do {
      return try perform(command, line: number)
    } catch let error as SessionRunError {
      throw SessionInputError(place: "line \(number)", path: Self.word(of: command), problem: error.description)
    }
  }

  /// Performs `command` (line `line` of the facilitator's input), recording what it does in
  /// one transaction.
  /// - Throws: ``SessionInputError`` or ``SessionRunError`` (nothing is written and the
  ///   session stays where it was), or a plugin's error from counting a vote or a stage
  ///   function (likewise).
  public func perform(_ command: LiveCommand, line: Int) throws -> Reply {
    let origin = SessionEntry.Origin(place: "line \(line)", path: Self.word(of: command))
    switch command {
    case .help: return Reply(lines: LiveCommand.summary, stop: false)
    case .status: return Reply(lines: LiveText.status(self, now: clock()), stop: false)
    case .quit: return Reply(lines: ["stopped: session \(id) is not closed; carry on with: coprod run --resume \(id)"], stop: true)
    case .attend(let ids):
      try transaction { try course.admit(ids.map { ($0, origin) }) }
      let count = course.attendees.count
      return Reply(lines: ["ok: \(ids.joined(separator: ", ")) present (\(count) \(count == 1 ? "person" : "people"))"], stop: false)
    case .say(let said):
      try transaction { try course.enter(.init(origin: origin, body: .contribution(said))) }
      let made = course.runner.said.last?.contribution.id ?? ""
      return Reply(lines: ["ok: \(made)" + (said.by.map { " (\($0))" } ?? "")] + LiveText.turnLines(self, changedBy: said.by), stop: false)
    case .pass(let who):
      try transaction { try course.enter(.init(origin: origin, body: .pass(who))) }
      return Reply(lines: ["ok: \(who) passed"] + LiveText.turnLines(self, changedBy: who), stop: false)
    case .ballot(let voter, let marks):
      let choice = try Self.choice(marks, origin: origin, course: course)
      try transaction { try course.enter(.init(origin: origin, body: .ballot(.init(voter: voter, choice: choice)))) }
      return Reply(lines: [ballotLine(voter)], stop: false)
    case .consent(let voter, let answer, let reason):
      try transaction { try course.enter(.init(origin: origin, body: .ballot(.init(voter: voter, choice: .consent(answer), reason: reason)))) }
      return Reply(lines: [ballotLine(voter)], stop: false)
    case .commit(let promise):
      try transaction { try course.enter(.init(origin: origin, body: .commitment(promise))) }
      return Reply(lines: ["ok: commitment \(course.runner.commitmentIDs.last ?? "")"], stop: false)
    case .next: return Reply(lines: try advance(ruling: nil), stop: false)
    case .decide(let ruling): return Reply(lines: try advance(ruling: ruling), stop: false)
    case .end:
      try transaction { try course.close() }
      let report = try SessionReport.read(id, from: workspace)
      return Reply(lines: ["closed: session \(id)"] + SessionText.recorded(report).split(separator: "\n").map(String.init), stop: true)
    }
  }

  private func ballotLine(_ voter: String) -> String {
    "ok: ballot from \(voter) (\(course.ballotsCast.count) of \(course.attendees.count))"
  }

  /// Ends the stage and begins the next; on failure the course is rebuilt from the
  /// workspace, since ending a stage runs plugins that may have changed their state.
  private func advance(ruling: SessionEntry.Ruling?) throws -> [String] {
    let before = course.position
    let votes = course.runner.votes.count
    let decisions = course.runner.decisions.count
    var skipped: [String] = []
    do {
      try transaction { skipped = try course.advance(ruling: ruling) }
    } catch {
      course = try Self.replayed(id, format: try reload(), setup: makeSetup(id, seed), workspace: workspace, context: context, recorder: recorder)
      throw error
    }
    var lines: [String] = []
    if course.runner.votes.count > votes, let vote = course.runner.votes.last {
      let names = Dictionary(vote.options.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
      let chosen = vote.count.record.winners.map { "\($0) \"\(names[$0] ?? $0)\"" }.joined(separator: ", ")
      lines.append("counted: \(vote.count.ballots) ballot(s) by \(vote.count.ruleName); chosen: \(chosen.isEmpty ? "nothing" : chosen)")
    }
    if course.runner.decisions.count > decisions, let decision = course.runner.decisions.last {
      lines.append("decision: \(decision.id) (\(decision.outcome.rawValue))")
    }
    if case .stage(let plan) = before { lines.append("ended: \(plan.stage.id)" + (plan.iteration > 1 ? " round \(plan.iteration)" : "")) }
    lines += skipped.map { "skipped: \($0) (\(SessionRunner.skipReason))" }
    return lines + LiveText.status(self, now: clock())
  }

  /// Runs `body` in one write transaction, recording through it.
  private func transaction(_ body: () throws -> Void) throws {
    try workspace.store.write(CommandInfo(actor: context.actor, at: clock(), command: context.commandLine), dryRun: false) { writer in
      recorder.writer = writer
      defer { recorder.writer = nil }
      try body()
    }
  }

  /// A `ballot` line's marks read by the vote's ballot kind.
  static func choice(_ marks: [String], origin: SessionEntry.Origin, course: SessionCourse) throws -> SessionEntry.Choice {
    guard case .stage(let plan) = course.position, let kind = plan.ballotKind else {
      throw SessionInputError(origin, nil, "this stage holds no vote")
    }
    func fail(_ problem: String) -> SessionInputError { SessionInputError(origin, "marks", problem) }
    func pair(_ mark: String, needsNumber: Bool) throws -> (String, Int64) {
      let parts = mark.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      guard parts.count <= 2, let option = parts.first, !option.isEmpty else { throw fail("'\(mark)' is not OPTION or OPTION:N") }
      guard parts.count == 2 else {
        if needsNumber { throw fail("'\(mark)': give a score, e.g. \(option):4") }
        return (option, 1)
      }
      guard let number = Int64(parts[1]), (0...1_000_000).contains(number) else {
        throw fail("'\(mark)': expected a whole number from 0 to 1000000 after ':'")
      }
      return (option, number)
    }
    switch kind {
    case .ranked:
      return .rank(try marks.map { mark in
        let group = mark.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
        guard !group.contains(where: \.isEmpty) else { throw fail("'\(mark)': tied options are written t1=t3") }
        return group
      })
    case .approval:
      return .approve(marks)
    case .score:
      return .scores(try marks.map { try pair($0, needsNumber: true) })
    case .cumulative:
      var dots: [(String, Int64)] = []
      for mark in marks {
        let (option, count) = try pair(mark, needsNumber: false)
        if let index = dots.firstIndex(where: { $0.0 == option }) { dots[index].1 += count } else { dots.append((option, count)) }
      }
      return .dots(dots)
    }
  }

  /// The command word of `command`, for errors' paths.
  static func word(of command: LiveCommand) -> String {
    switch command {
    case .help: "help"
    case .status: "status"
    case .attend: "attend"
    case .say(let said): said.by == nil ? "note" : "say"
    case .pass: "pass"
    case .ballot: "ballot"
    case .consent(_, let answer, _): answer == 2 ? "consent" : answer == 1 ? "stand-aside" : "object"
    case .commit: "commit"
    case .decide: "decide"
    case .next: "next"
    case .end: "end"
    case .quit: "quit"
    }
  }
}

// MARK: - Recording

/// Where a live session's runner records: the current transaction's writer, or (while a
/// recorded session is replayed) a check against what was recorded.
final class LiveRecorder {
  /// The writer of the transaction under way.
  var writer: (any WorkspaceWriter)?
  /// The recorded changes being replayed, if any.
  var expected: [WorkspaceChange]?
  /// How many of them have been reproduced.
  var cursor = 0
  /// The ids of the contributions being replayed.
  var replayedContributions: Set<String> = []
  /// When the latest stage iteration started.
  var stageStarted: Timestamp?

  /// The writer of the transaction under way.
  func current() throws -> any WorkspaceWriter {
    guard let writer else { throw SessionRunError("the session is not being recorded") }
    return writer
  }

  /// Records `change`, or checks it against the next recorded change.
  func record(_ change: WorkspaceChange) throws {
    if let expected {
      guard cursor < expected.count else {
        throw SessionRunError("step \(cursor + 1) (\(change.kind.rawValue)) was never recorded")
      }
      guard SessionReplay.untimed(change) == SessionReplay.untimed(expected[cursor]) else {
        throw SessionRunError("step \(cursor + 1) comes out as \(change.kind.rawValue), differently from what was recorded (\(expected[cursor].kind.rawValue))")
      }
      if case .session(.stageStarted(let mark)) = expected[cursor] { stageStarted = mark.at }
      cursor += 1
      return
    }
    try current().record(change)
    if case .session(.stageStarted(let mark)) = change { stageStarted = mark.at }
  }
}
