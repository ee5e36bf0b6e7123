// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import CoprodStore
import Foundation

/// `coprod panel select|list|show`.
struct PanelCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "panel",
    abstract: "Draw a sortition panel from a pool with quotas, fair to individuals; list and show the draws.",
    subcommands: [Select.self, List.self, Show.self])

  /// `coprod panel select`.
  struct Select: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Draw a panel of N from a pool, meeting min/max quotas per feature value.",
      discussion: """
        The pool is a CSV with an id column and one column per feature (age band, area, …); the \
        quotas are a CSV with columns feature,value,min,max. Quotas that cannot be met are \
        refused before drawing. The draw maximises the lowest selection probability (maximin) \
        and prints the panel, how each quota was met and everyone's probability. The same \
        files, size and seed always draw the same panel. Inside a workspace (--workspace DIR, \
        or the current directory when it holds one) the draw is recorded as a panel.drawn event.
        """)

    @Option(help: ArgumentHelp("The people who may be drawn: id, then one column per feature.", valueName: "FILE.csv")) var pool: String
    @Option(help: ArgumentHelp("The quotas: feature,value,min,max.", valueName: "FILE.csv")) var quotas: String
    @Option(help: "Panel size.") var size: Int
    @Option(parsing: .unconditional, help: "The seed of the draw (any whole number, negative too).") var seed: Int64
    @Option(help: "The workspace to record the draw in (default: the current directory, if it is one).") var workspace: String?
    @Flag(help: "Print the draw as JSON.") var json = false

    func run() async throws {
      let directory = workspace ?? FileManager.default.currentDirectoryPath
      let inWorkspace =
        workspace != nil
        || FileManager.default.fileExists(atPath: URL(fileURLWithPath: directory).appendingPathComponent(WorkspaceManifest.fileName).path)
      let report = try PanelSelect.run(
        PanelSelectRequest(pool: pool, quotas: quotas, size: size, seed: seed),
        workspace: inWorkspace ? try WorkspaceOptions.open(directory) : nil, context: try CommandContext.current())
      if json { return try printJSON(report) }
      print(PanelText.report(report), terminator: "")
    }
  }

  /// `coprod panel list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the panels drawn in the workspace.")

    @OptionGroup var options: WorkspaceOptions
    @Flag(help: "Print the draws as JSON.") var json = false

    func run() async throws {
      let draws = try options.open().store.panels()
      if json { return try printJSON(draws) }
      print(PanelText.list(draws), terminator: "")
    }
  }

  /// `coprod panel show ID`.
  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a recorded draw: the files' fingerprints, the panel and how each quota was met.")

    @OptionGroup var options: WorkspaceOptions
    @Argument(help: "The draw's id (panel1, panel2, …).") var id: String
    @Flag(help: "Print the draw as JSON.") var json = false

    func run() async throws {
      let draw = try PanelSelect.read(id, from: try options.open())
      if json { return try printJSON(draw) }
      print(PanelText.show(draw), terminator: "")
    }
  }
}
