// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import CoprodLua
import CoprodPlugins
import CoprodSharing
import Foundation

/// `coprod plugins …`: list, inspect, check and scaffold plugins.
enum PluginCommands {
  static let all: [any ParsableCommand.Type] = [PluginsCommand.self]
}

struct PluginsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plugins",
    abstract: "List, inspect, check, test, create and share Lua plugins.",
    subcommands: [List.self, Info.self, Check.self, New.self, Test.self, API.self] + PluginSharingCommands.all
  )

  // MARK: list

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List discovered plugins, which one is used for each id, and from where.")

    @OptionGroup var location: PluginLocationOptions
    @Flag(help: "Print JSON instead of a table.") var json = false

    struct Row: Encodable {
      var id: String
      var name: String
      var version: String
      var kinds: [String]
      var provides: [String]
      var apiVersion: Int
      var source: String
      var folder: String
      var status: String
      var shadowedBy: String?
      var signer: String

      enum CodingKeys: String, CodingKey {
        case id, name, version, kinds, provides, source, folder, status, signer
        case apiVersion = "api_version"
        case shadowedBy = "shadowed_by"
      }
    }

    func run() async throws {
      let catalog = try location.catalog()
      let rows = catalog.plugins.map { plugin in
        Row(
          id: plugin.manifest.id, name: plugin.manifest.name, version: plugin.manifest.version.description,
          kinds: Array(Set(plugin.manifest.provides.map(\.kind.rawValue))).sorted(),
          provides: plugin.manifest.provides.map { "\($0.kind.rawValue):\($0.name)" },
          apiVersion: plugin.manifest.apiVersion, source: plugin.source.rawValue, folder: plugin.folder.path,
          status: plugin.isActive ? "used" : "shadowed", shadowedBy: plugin.shadowedBy?.path,
          signer: PluginProvenance.signer(of: plugin).lockText)
      }
      for problem in catalog.problems { printError("skipped a broken plugin: \(problem)") }
      if json {
        try printJSON(rows)
        return
      }
      let table = [["ID", "VERSION", "PROVIDES", "API", "SOURCE", "SIGNER", "STATUS", "FOLDER"]] + rows.map {
        [$0.id, $0.version, $0.provides.joined(separator: ","), String($0.apiVersion), $0.source, $0.signer, $0.shadowedBy.map { "shadowed by \($0)" } ?? $0.status, $0.folder]
      }
      print(formatTable(table), terminator: "")
    }
  }

  // MARK: info

  struct Info: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a plugin's manifest: what it provides, its settings and permissions.")

    @Argument(help: "A plugin id or a path to a plugin folder.") var plugin: String
    @OptionGroup var location: PluginLocationOptions

    func run() async throws {
      let catalog = try location.catalog()
      let found: DiscoveredPlugin
      if plugin.contains("/") || plugin.hasPrefix(".") {
        let folder = URL(fileURLWithPath: plugin).standardizedFileURL
        found = DiscoveredPlugin(manifest: try PluginLoader.readManifest(in: folder), folder: folder, source: .commandLine)
      } else if let match = catalog.plugin(id: plugin) {
        found = match
      } else {
        throw OutputError(description: "no plugin with id '\(plugin)'; see coprod plugins list, or give a path to a plugin folder")
      }
      let manifest = found.manifest
      var lines = [
        "\(manifest.name) (\(manifest.id) \(manifest.version))",
        manifest.description,
        "",
        "Authors:      \(manifest.authors.joined(separator: ", "))",
        "License:      \(manifest.license)",
        "API version:  \(manifest.apiVersion)",
        "Folder:       \(found.folder.path) (\(found.source.rawValue))",
        "SHA-256:      \(PluginLoader.contentHash(of: found.folder))",
        "Run hash:     \(PluginLoader.runHash(of: found, catalog: catalog)) (with its dependencies; recorded with results)",
        "Permissions:  \(manifest.permissions.isEmpty ? "none" : manifest.permissions.map(\.rawValue).joined(separator: ", "))",
      ]
      if let repository = manifest.repository { lines.append("Repository:   \(repository)") }
      lines.append("Provides:")
      lines += manifest.provides.map { "  \($0.kind.rawValue) '\($0.name)' from \($0.entry)" }
      if !manifest.settings.isEmpty {
        lines.append("Settings (--option key=value):")
        for setting in manifest.settings {
          var line = "  \(setting.key) (\(setting.type.rawValue), default \(Tally.settingText(setting.defaultValue)))"
          if !setting.choices.isEmpty { line += " one of \(setting.choices.map(Tally.settingText).joined(separator: ", "))" }
          if let description = setting.description { line += ": \(description)" }
          lines.append(line)
        }
      }
      if !manifest.dependencies.isEmpty {
        lines.append("Dependencies:")
        lines += manifest.dependencies.map { "  \($0.id) \($0.constraint)" }
      }
      print(lines.joined(separator: "\n"))
    }
  }

  // MARK: check

  struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check plugin folders: the manifest, every entry loaded in the sandbox, and a trial run.",
      discussion: "Exits 0 when every plugin is good, otherwise 1 with one line per problem.")

    @Argument(help: "Plugin folders to check.") var paths: [String]
    @OptionGroup var location: PluginLocationOptions
    @OptionGroup var limits: LimitOptions

    func run() async throws {
      let catalog = try location.catalog()
      let limits = try limits.limits()
      var failed = false
      for path in paths {
        let folder = URL(fileURLWithPath: path).standardizedFileURL
        let problems = PluginCheck.problems(in: folder, catalog: catalog, limits: limits, logger: CLILog.logger)
        if problems.isEmpty {
          print("ok \(path)")
        } else {
          failed = true
          for problem in problems { printError(problem) }
        }
      }
      if failed { throw ExitCode(1) }
    }
  }

  // MARK: new

  struct New: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a plugin that passes check and does something real.")

    @Argument(help: "The plugin's short name, e.g. my-rule.") var name: String
    @Option(help: "voting-rule, session-format, report or library.") var kind: PluginKind
    @Option(
      help: ArgumentHelp(
        "Where to create the plugin folder (default: the current directory; for a session format, the workspace's plugins/ folder, where `coprod run NAME` finds it).",
        valueName: "DIR")) var dir: String?
    @Option(help: "The plugin id (default: org.example.NAME).") var id: String?
    @Option(help: ArgumentHelp("For a report: what it reads, tally (a count's JSON, the default) or workspace.", valueName: "INPUT"))
    var input: String?

    func run() async throws {
      // A session format lands in the workspace's plugins/ folder (the current directory's),
      // which `coprod run` searches, so it runs by its name straight away.
      let chosen = dir ?? (kind == .sessionFormat ? "plugins" : nil)
      let parent = URL(fileURLWithPath: chosen ?? FileManager.default.currentDirectoryPath)
      if let input {
        guard input == "tally" || input == "workspace" else { throw OutputError(description: "--input \(input): a report reads tally or workspace") }
        guard kind == .report else { throw OutputError(description: "--input \(input) is for reports; leave it out for a \(kind.rawValue)") }
      }
      let folder = try PluginScaffold.create(name: name, kind: kind, in: parent, id: id, workspaceReport: input == "workspace")
      print("created \(folder.path)")
      print("next: coprod plugins check \(chosen.map { "\($0)/" } ?? "")\(name)")
      print("test it: coprod plugins test \(chosen.map { "\($0)/" } ?? "./")\(name)")
      if kind == .sessionFormat { print("then rehearse it: coprod run \(dir.map { "\($0)/\(name)" } ?? name) --dry-run") }
    }
  }

  // MARK: api

  struct API: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the Lua API reference (docs/lua-api.md) for this coprod.")

    func run() async throws { print(LuaAPI.markdown(), terminator: "") }
  }
}

extension PluginKind: ExpressibleByArgument {}

/// Left-aligned columns separated by two spaces.
func formatTable(_ rows: [[String]]) -> String {
  guard let width = rows.first?.count else { return "" }
  let widths = (0..<width).map { column in rows.map { $0[column].count }.max() ?? 0 }
  return rows.map { row in
    row.enumerated().map { offset, cell in
      offset == width - 1 ? cell : cell + String(repeating: " ", count: widths[offset] - cell.count)
    }.joined(separator: "  ")
  }.joined(separator: "\n") + "\n"
}
