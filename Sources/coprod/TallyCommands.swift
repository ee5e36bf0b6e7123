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
  @OptionGroup var location: PluginLocationOptions
  @OptionGroup var limits: LimitOptions

  func run() async throws {
    try await reportingFailures {
      let request = TallyRequest(
        file: file, format: inputFormat, rule: rule, seats: seats, budget: budget, tieBreak: tieBreak, seed: seed,
        options: options, limits: try limits.limits())
      let result = try Tally.run(request, catalog: try location.catalog(), logger: CLILog.logger)
      try writeOutput(TallyRenderer.render(result, as: format), to: out)
    }
  }
}

struct ReportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Render a report plugin on a workspace, or on JSON data such as a tally's result.",
    discussion: """
      Without --data the report reads the workspace (--workspace DIR, default the current \
      directory): pseudonymous participants, the words of people who still take part and agreed \
      to be quoted, and group counts with small groups suppressed. Personal data reaches a \
      report only if its plugin.yaml asks for the permission and you grant it with --grant.
      """)

  @Argument(help: "The report: a name, a plugin id or a path to a plugin folder.") var report: String
  @Option(help: ArgumentHelp("Render this JSON (e.g. coprod tally … --format json) instead of the workspace.", valueName: "FILE")) var data: String?
  @Option(help: ArgumentHelp("Grant a permission the plugin asks for: personal-data or equality-data (repeatable).", valueName: "PERMISSION")) var grant: [String] = []
  @Option(help: ArgumentHelp("Write the Markdown to FILE (atomically) instead of standard output.", valueName: "FILE")) var out: String?
  @OptionGroup var location: PluginLocationOptions
  @OptionGroup var limits: LimitOptions

  func run() async throws {
    try await reportingFailures {
      let catalog = try location.catalog()
      let (plugin, provision) = try catalog.resolve(report, kind: .report)
      var granted: [PluginManifest.Permission] = []
      for name in grant {
        guard let permission = PluginManifest.Permission(rawValue: name) else {
          throw OutputError(description: "--grant \(name): not a permission (personal-data, equality-data)")
        }
        granted.append(permission)
      }
      let sandbox = try PluginLoader.sandbox(for: plugin, catalog: catalog, limits: try limits.limits(), seed: 0, logger: CLILog.logger)
      guard case .report(let definition) = try sandbox.loadDefinition(entry: provision.entry, kind: .report) else { return }
      let value: LuaValue
      switch (definition.input, data) {
      case ("workspace", nil):
        let workspace = try WorkspaceOptions.open(location.workspace)
        let (built, notes) = try WorkspaceReportData.build(
          workspace, manifest: plugin.manifest, granted: granted, today: try CommandContext.current().now.date)
        for note in notes { printError(note) }
        value = built
      case ("workspace", .some):
        throw OutputError(description: "report \(provision.name) renders a workspace; run it in a workspace (or with --workspace DIR) without --data")
      case (_, .some(let data)):
        guard granted.isEmpty else { throw OutputError(description: "--grant applies to workspace data, not to --data files") }
        guard let bytes = FileManager.default.contents(atPath: data) else {
          throw OutputError(description: "\(data): cannot be read; check the path")
        }
        value = try JSONLuaValue.read(bytes, file: data)
      case (_, nil):
        throw OutputError(description: "report \(provision.name) renders a count; give one with --data FILE.json (from coprod tally … --format json)")
      }
      try writeOutput(try sandbox.render(definition, data: value), to: out)
    }
  }
}
