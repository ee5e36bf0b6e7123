// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import Foundation

// MARK: - run

/// `coprod run FORMAT --inputs FILE.yaml | --live | --dry-run`, `coprod run --resume sN`.
struct RunCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a session format: record it from an inputs file or live, entry by entry, or rehearse it on a synthetic room.",
    discussion: """
      With --inputs the session is recorded in the workspace (--workspace DIR, default the \
      current directory) as session events: stages, attendance, groups, speaking orders, \
      contributions, votes, counts, decisions and commitments. The whole file is checked as the \
      session runs; on any problem nothing is written. With --live a facilitator enters what \
      happens as it happens (a screen in a terminal, the line protocol of docs/cli.md \
      otherwise); each entry is recorded at once and --resume sN carries on after a stop or \
      a crash. With --dry-run the format runs on --people simulated people and nothing is \
      written (no workspace needed).
      """)

  @Argument(help: "The session format: a name, a plugin id or a path to a plugin folder (optional with --resume).") var format: String?
  @Option(help: ArgumentHelp("What happened in the session (see docs/formats/README.md).", valueName: "FILE.yaml")) var inputs: String?
  @Flag(help: "Rehearse the format on a synthetic room; write nothing.") var dryRun = false
  @Flag(help: "Run the session live: enter attendance, contributions, passes, ballots and commitments as they happen.") var live = false
  @Option(help: ArgumentHelp("Carry on a live session that was stopped or interrupted.", valueName: "SESSION")) var resume: String?
  @Option(help: "People in the rehearsal's synthetic room (default 12).") var people: Int = 12
  @Option(parsing: .unconditional, help: "The seed of every draw (groups, speaking orders, lots); overrides the inputs file's (default 0).") var seed: Int64?
  @Option(help: ArgumentHelp("Grant a permission the format asks for: attendee-perspectives or participants (repeatable).", valueName: "PERMISSION")) var grant: [String] = []
  @OptionGroup var location: PluginLocationOptions
  @OptionGroup var limits: LimitOptions
  @OptionGroup var lock: LockOptions

  func run() async throws {
    let folder = URL(fileURLWithPath: location.workspace ?? FileManager.default.currentDirectoryPath)
    if live || resume != nil {
      guard inputs == nil, !dryRun else { throw ValidationError("--live and --resume take entries as they happen; leave out --inputs and --dry-run") }
      let request = LiveSessionRequest(
        format: format, resume: resume, seed: seed, grants: grant, limits: try limits.limits(), workspace: folder,
        busyTimeout: WorkspaceOptions.busyTimeout)
      let context = try CommandContext.current()
      let fixed = ProcessInfo.processInfo.environment["COPROD_NOW"] != nil
      let clock: @Sendable () -> Timestamp = { fixed ? context.now : Timestamp(Date()) }
      try lock.guarded(try location.catalog(), workspace: location.workspace) { catalog in
        let session =
          resume == nil
          ? try LiveSession.start(request, catalog: catalog, context: context, clock: clock, logger: CLILog.logger)
          : try LiveSession.resume(request, catalog: catalog, context: context, clock: clock, logger: CLILog.logger)
        LiveConsole(session, terminal: LiveConsole.isTerminal).run(resumed: resume != nil)
      }
      return
    }
    guard let format else { throw ValidationError("give the session format to run, e.g. coprod run story-circle --inputs day1.yaml") }
    let request = SessionRunRequest(
      format: format, inputs: inputs, dryRun: dryRun, people: people, seed: seed, grants: grant, limits: try limits.limits(),
      workspace: folder, busyTimeout: WorkspaceOptions.busyTimeout)
    let context = try CommandContext.current()
    let output = try lock.guarded(try location.catalog(), workspace: location.workspace, record: !dryRun) {
      try SessionRun.run(request, catalog: $0, context: context, logger: CLILog.logger)
    }
    for note in output.notes { printError(note) }
    print(output.text, terminator: "")
  }
}

// MARK: - sessions

/// `coprod sessions list|show`.
struct SessionsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sessions", abstract: "List the sessions run in the workspace, or show one stage by stage.",
    subcommands: [List.self, Show.self])

  /// `coprod sessions list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List sessions: when, which format, how many people, what they decided.")

    @OptionGroup var options: WorkspaceOptions
    @Flag(help: "Print the sessions as JSON.") var json = false

    func run() async throws {
      let reports = try SessionReport.all(in: try options.open())
      if json { return try printJSON(reports) }
      print(SessionText.list(reports), terminator: "")
    }
  }

  /// `coprod sessions show ID`.
  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show a session: its timeline, attendance by perspective (small groups suppressed) and what each stage produced.")

    @OptionGroup var options: WorkspaceOptions
    @Argument(help: "The session id (s1, s2, …).") var id: String
    @Flag(help: "Print the session as JSON.") var json = false

    func run() async throws {
      let report = try SessionReport.read(id, from: try options.open())
      if json { return try printJSON(report) }
      print(SessionText.show(report), terminator: "")
    }
  }
}
