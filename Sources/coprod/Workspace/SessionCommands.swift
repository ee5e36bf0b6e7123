// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import Foundation

// MARK: - run

/// `coprod run FORMAT --inputs FILE.yaml | --dry-run`.
struct RunCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a session format: record a session from an inputs file, or rehearse it on a synthetic room.",
    discussion: """
      With --inputs the session is recorded in the workspace (--workspace DIR, default the \
      current directory) as session events: stages, attendance, groups, speaking orders, \
      contributions, votes, counts, decisions and commitments. The whole file is checked as the \
      session runs; on any problem nothing is written. With --dry-run the format runs on \
      --people simulated people and nothing is written (no workspace needed).
      """)

  @Argument(help: "The session format: a name, a plugin id or a path to a plugin folder.") var format: String
  @Option(help: ArgumentHelp("What happened in the session (see docs/formats/README.md).", valueName: "FILE.yaml")) var inputs: String?
  @Flag(help: "Rehearse the format on a synthetic room; write nothing.") var dryRun = false
  @Option(help: "People in the rehearsal's synthetic room (default 12).") var people: Int = 12
  @Option(parsing: .unconditional, help: "The seed of every draw (groups, speaking orders, lots); overrides the inputs file's (default 0).") var seed: Int64?
  @Option(help: ArgumentHelp("Grant a permission the format asks for: attendee-perspectives (repeatable).", valueName: "PERMISSION")) var grant: [String] = []
  @OptionGroup var location: PluginLocationOptions
  @OptionGroup var limits: LimitOptions

  func run() async throws {
    let request = SessionRunRequest(
      format: format, inputs: inputs, dryRun: dryRun, people: people, seed: seed, grants: grant, limits: try limits.limits(),
      workspace: URL(fileURLWithPath: location.workspace ?? FileManager.default.currentDirectoryPath),
      busyTimeout: WorkspaceOptions.busyTimeout)
    let output = try SessionRun.run(request, catalog: try location.catalog(), context: try CommandContext.current(), logger: CLILog.logger)
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
