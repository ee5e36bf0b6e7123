// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import CoprodLua
import CoprodPlugins
import Foundation

/// `coprod tally` and `coprod report`: count ballot files and render reports with plugins.
enum TallyCommands {
  static let all: [any ParsableCommand.Type] = [TallyCommand.self, ReportCommand.self]
}

extension TallyOutputFormat: ExpressibleByArgument {}
extension TieBreakMethod: ExpressibleByArgument {}
extension BallotFormat: ExpressibleByArgument {}
extension MoneyAmount: ExpressibleByArgument {
  public init?(argument: String) { self.init(parsing: argument) }
}

struct TallyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tally",
    abstract: "Count a ballot file with a voting-rule plugin and explain the result round by round.",
    discussion: """
      FILE is CSV, PrefLib (.soc .soi .toc .toi .cat), Pabulib (.pb) or BLT (.blt). \
      RULE is a bundled rule name (e.g. irv, stv, schulze, pb-mes), a plugin id or a path to a \
      plugin folder. The same input, rule version and seed always give the same bytes.
      """)

  @Argument(help: "The ballot file.") var file: String
  @Option(help: "The voting rule: a name, a plugin id or a path to a plugin folder.") var rule: String
  @Option(help: "Seats (winners) to fill (default: the file's own, else 1).") var seats: Int?
  @Option(help: "Budget for participatory budgeting, such as 250000 or 2500.50 (default: the file's own).")
  var budget: MoneyAmount?
  @Option(help: "Output: text, json or markdown.") var format: TallyOutputFormat = .text
  @Option(help: "How ties the rule cannot resolve are broken: lot, input-order or reverse-input-order.") var tieBreak: TieBreakMethod = .lot
  @Option(help: "Seed for the lot and for math.random (recorded in the output).") var seed: Int64 = 0
  @Option(name: .customLong("option"), help: ArgumentHelp("A rule setting, KEY=VALUE (repeatable; see coprod plugins info).", valueName: "KEY=VALUE")) var options: [String] = []
  @Option(help: "The ballot file's format when its extension does not say (csv, soc, soi, toc, toi, cat, pb, blt).") var inputFormat: BallotFormat?
  @Option(help: ArgumentHelp("Write the output to FILE (atomically) instead of standard output.", valueName: "FILE")) var out: String?
  @Flag(help: "Print the exact view of the ballots the rule would receive (JSON) instead of counting.") var dumpInput = false
  @OptionGroup var location: PluginLocationOptions
  @OptionGroup var limits: LimitOptions
  @OptionGroup var lock: LockOptions

  func run() async throws {
    let request = TallyRequest(
      file: file, format: inputFormat, rule: rule, seats: seats, budget: budget, tieBreak: tieBreak, seed: seed,
      options: options, limits: try limits.limits())
    if dumpInput {
      try writeOutput(try Tally.input(request, catalog: try location.catalog(), logger: CLILog.logger), to: out)
      return
    }
    let result = try lock.guarded(try location.catalog(), workspace: location.workspace) { try Tally.run(request, catalog: $0, logger: CLILog.logger) }
    if let shadows = result.rule.shadows { printError("warning: \(shadows)") }
    try writeOutput(TallyRenderer.render(result, as: format), to: out)
  }
}

struct ReportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Render a report plugin on a workspace, or on JSON data such as a tally's result.",
    discussion: """
      Without --data the report reads the workspace (--workspace DIR, default the current \
      directory): the words of people who still take part and agreed to be quoted, group \
      counts with small groups suppressed, and indicators coprod computes over everyone. \
      Participants one by one (pseudonymous ids, authors of contributions not marked \
      anonymous) or their personal data reach a report only if its plugin.yaml asks for the \
      permission and you grant it with --grant.
      """)

  @Argument(help: "The report: a name, a plugin id or a path to a plugin folder.") var report: String
  @Option(help: ArgumentHelp("Render this JSON (e.g. coprod tally … --format json) instead of the workspace.", valueName: "FILE")) var data: String?
  @Option(help: ArgumentHelp("Grant a permission the plugin asks for: participants, personal-data or equality-data (repeatable).", valueName: "PERMISSION")) var grant: [String] = []
  @Option(help: "Output format: markdown, or html (one self-contained accessible page with charts).") var format: ReportFormat = .markdown
  @Option(help: ArgumentHelp("Write the report to FILE (atomically) instead of standard output; for a report that writes several files (open-data), the folder DIR to write them into, whole or not at all.", valueName: "FILE|DIR")) var out: String?
  @Option(help: ArgumentHelp("The language(s) to write: en (default), cy, or cy+en for Welsh then English in every block.", valueName: "LANG")) var lang = "en"
  @Option(help: ArgumentHelp("A setting of a workspace report, e.g. --option decision=d2 (repeatable).", valueName: "KEY=VALUE")) var option: [String] = []
  @Option(help: ArgumentHelp("Add this CSS after coprod's own (--format html; inlined, so it must not fetch anything).", valueName: "FILE.css")) var stylesheet: String?
  @Option(help: ArgumentHelp("Show this image (.png, .jpg, .gif, .webp, .svg) at the top (--format html; embedded).", valueName: "FILE")) var logo: String?
  @Flag(help: "Print the exact data the report would receive (JSON) instead of rendering it.") var dumpInput = false
  @OptionGroup var location: PluginLocationOptions
  @OptionGroup var limits: LimitOptions
  @OptionGroup var lock: LockOptions

  func run() async throws {
    let request = ReportRequest(
      report: report, dataFile: data,
      workspace: URL(fileURLWithPath: location.workspace ?? FileManager.default.currentDirectoryPath), grants: grant,
      limits: try limits.limits(), today: try CommandContext.current().now.date, busyTimeout: WorkspaceOptions.busyTimeout,
      languages: try ReportLanguages(parsing: lang), options: option, format: format,
      look: ReportLook(stylesheet: stylesheet, logo: logo))
    let output =
      dumpInput
      ? try Report.input(request, catalog: try location.catalog(), logger: CLILog.logger)
      : try lock.guarded(try location.catalog(), workspace: location.workspace) { try Report.run(request, catalog: $0, logger: CLILog.logger) }
    if output.files.isEmpty {
      for note in output.notes { printError(note) }
      return try writeOutput(output.text, to: out)
    }
    guard let out else {
      throw OutputError(description: "report \(report) writes \(output.files.count + 1) files (\(ReportFolder.documentName(format)), \(output.files.map(\.name).joined(separator: ", "))); give --out DIR to write them into a folder")
    }
    try ReportFolder.write(document: output.text, named: ReportFolder.documentName(format), files: output.files, to: out)
    for note in output.notes { printError(note) }
    print("Wrote \(output.files.count + 1) files to \(out): \(([ReportFolder.documentName(format)] + output.files.map(\.name)).joined(separator: ", "))")
  }
}

extension ReportFormat: ExpressibleByArgument {}
