// coprod — co-production toolkit. Apache-2.0.

import CoprodDocument
import CoprodLua
import CoprodModel
import CoprodPlugins
import Foundation
import Logging

/// The results of one plugin's tests.
public struct PluginTestReport: Sendable, Equatable {
  /// One test file's results.
  public struct File: Sendable, Equatable {
    /// The file, relative to the plugin folder (`tests/rule_test.lua`).
    public var path: String
    /// Its cases, in order.
    public var cases: [PluginTestCase]
    /// Why the file itself did not run (a syntax error, an error outside any case, a limit).
    public var error: String?
  }

  /// The plugin's id.
  public var pluginID: String
  /// The plugin's version.
  public var version: String
  /// Its test files, in name order.
  public var files: [File]

  /// Cases that passed.
  public var passed: Int { files.reduce(0) { $0 + $1.cases.filter { $0.status == .passed }.count } }
  /// Cases whose expectations failed.
  public var failed: Int { files.reduce(0) { $0 + $1.cases.filter { $0.status == .failed }.count } }
  /// Cases that raised an error, plus files that did not run (and 1 when there are no tests).
  public var errors: Int {
    files.reduce(files.isEmpty ? 1 : 0) { $0 + $1.cases.filter { $0.status == .error }.count + ($1.error == nil ? 0 : 1) }
  }
  /// Whether everything passed (and there was something to run).
  public var succeeded: Bool { failed == 0 && errors == 0 }

  /// The account printed by `coprod plugins test`: a line per case (failures with their
  /// `file:line` message), then a summary line.
  public var text: String {
    var lines = ["\(pluginID) \(version)"]
    if files.isEmpty { lines.append("  ERROR  no tests: add tests/*.lua to the plugin folder (see docs/plugin-guide.md § Testing a plugin)") }
    for file in files {
      for test in file.cases {
        switch test.status {
        case .passed: lines.append("  ok     \(file.path): \(test.name)")
        case .failed: lines.append("  FAILED \(file.path): \(test.name)")
        case .error: lines.append("  ERROR  \(file.path): \(test.name)")
        }
        if let message = test.message { lines.append("         \(message)") }
      }
      if let error = file.error {
        lines.append("  ERROR  \(file.path) did not run")
        lines += error.split(separator: "\n").map { "         \($0)" }
      }
    }
    lines.append(PluginTestReport.summary(passed: passed, failed: failed, errors: errors))
    return lines.joined(separator: "\n") + "\n"
  }

  /// `N passed, N failed, N errors`.
  public static func summary(passed: Int, failed: Int, errors: Int) -> String {
    "\(passed) passed, \(failed) failed, \(errors) \(errors == 1 ? "error" : "errors")"
  }
}

/// `coprod plugins test`: runs a plugin's own Lua tests (tests/*.lua) in its sandbox, with
/// `test`, `expect` and `fixtures` (see docs/lua-api.md § Plugin tests).
public enum PluginTest {
  /// Runs every `tests/*.lua` of `plugin`, each file in a fresh sandbox with `limits`.
  ///
  /// A file that does not load, or fails outside a case, is reported as an error and the
  /// other files still run.
  public static func run(_ plugin: DiscoveredPlugin, catalog: PluginCatalog, limits: LuaLimits, logger: Logger) -> PluginTestReport {
    let tests = plugin.folder.appendingPathComponent("tests")
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: tests.path)) ?? []).filter { $0.hasSuffix(".lua") }.sorted()
    let fixtures = Fixtures(plugin: plugin, catalog: catalog, limits: limits, logger: logger).all
    let files = names.map { name -> PluginTestReport.File in
      let path = "tests/\(name)"
      do {
        let sandbox = try PluginLoader.sandbox(for: plugin, catalog: catalog, limits: limits, seed: 0, logger: logger)
        return .init(path: path, cases: try sandbox.runTests(file: path, fixtures: fixtures), error: nil)
      } catch {
        return .init(path: path, cases: [], error: "\(error)")
      }
    }
    return PluginTestReport(pluginID: plugin.manifest.id, version: plugin.manifest.version.description, files: files)
  }

  /// The `fixtures.*` functions for one plugin.
  struct Fixtures {
    let plugin: DiscoveredPlugin
    let catalog: PluginCatalog
    let limits: LuaLimits
    let logger: Logger

    var all: [String: PluginTestFixture] {
      [
        "count": count, "render": render, "files": files, "json": json, "rehearse": rehearse,
        "tally": { _ in SampleData.tallyData }, "workspace": { arguments in
          guard let language = arguments.first?.stringValue else { return SampleData.workspaceData }
          guard Translations.isLanguageCode(language) else { throw FixtureError("expects a language code such as \"cy\"") }
          return SampleData.workspaceData(language)
        },
      ]
    }

    /// A file inside the plugin's tests/ folder.
    func testFile(_ argument: LuaValue?) throws -> String {
      guard let name = argument?.stringValue else { throw FixtureError("expects a file name inside tests/, e.g. \"fixtures/small.csv\"") }
      let tests = plugin.folder.appendingPathComponent("tests").resolvingSymlinksInPath().standardizedFileURL
      let file = tests.appendingPathComponent(name).resolvingSymlinksInPath().standardizedFileURL
      guard file.path.hasPrefix(tests.path + "/") else { throw FixtureError("\(name) is outside the plugin's tests/ folder") }
      guard FileManager.default.fileExists(atPath: file.path) else { throw FixtureError("no file tests/\(name) in the plugin folder") }
      return file.path
    }

    func count(_ arguments: [LuaValue]) throws -> LuaValue {
      let file = try testFile(arguments.first)
      let options = arguments.count > 1 ? arguments[1].tableValue ?? LuaTable() : LuaTable()
      let known: Set = ["seats", "budget", "settings", "tie_break", "seed"]
      if let unknown = options.fields.keys.sorted().first(where: { !known.contains($0) }) {
        throw FixtureError("unknown option '\(unknown)'; use seats, budget, settings, tie_break or seed")
      }
      var budget: MoneyAmount?
      if options["budget"] != .nil {
        guard let amount = MoneyAmount(parsing: Tally.settingText(options["budget"])) else { throw FixtureError("budget must be an amount such as 250000") }
        budget = amount
      }
      var tieBreak = TieBreakMethod.lot
      if let method = options["tie_break"].stringValue {
        guard let chosen = TieBreakMethod(rawValue: method) else { throw FixtureError("tie_break must be lot, input-order or reverse-input-order") }
        tieBreak = chosen
      }
      let settings = (options["settings"].tableValue?.fields ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\(Tally.settingText($0.value))" }
      let request = TallyRequest(
        file: file, rule: plugin.folder.path, seats: options["seats"].integerValue.map(Int.init), budget: budget, tieBreak: tieBreak,
        seed: options["seed"].integerValue ?? 0, options: settings, limits: limits)
      let result = try Tally.run(request, catalog: catalog, logger: logger)
      return try JSONLuaValue.read(Data(TallyRenderer.json(result).utf8), file: file)
    }

    func render(_ arguments: [LuaValue]) throws -> LuaValue {
      .string(MarkdownRenderer.render(Document(blocks: BilingualDocument.combine(try renderAll(arguments)).blocks)))
    }

    /// The files a report writes beside its document, by name, as text.
    func files(_ arguments: [LuaValue]) throws -> LuaValue {
      let renders = try renderAll(arguments)
      var files: [String: LuaValue] = [:]
      for file in renders[0].files.map(ReportFiles.serialise) { files[file.name] = .string(String(decoding: file.bytes, as: UTF8.self)) }
      return .table(LuaTable(fields: files))
    }

    /// Renders this plugin's report once per language asked for (`{ lang = "cy+en" }`).
    private func renderAll(_ arguments: [LuaValue]) throws -> [RenderedDocument] {
      let (plugin, provision) = try catalog.resolve(self.plugin.folder.path, kind: .report)
      let sandbox = try PluginLoader.sandbox(for: plugin, catalog: catalog, limits: limits, seed: 0, logger: logger)
      guard case .report(let report) = try sandbox.loadDefinition(entry: provision.entry, kind: .report) else {
        throw FixtureError("plugin \(plugin.manifest.id) did not define a report")
      }
      let data = arguments.first ?? .nil
      let options = arguments.count > 1 ? arguments[1].tableValue ?? LuaTable() : LuaTable()
      if let unknown = options.fields.keys.sorted().first(where: { $0 != "lang" }) { throw FixtureError("unknown option '\(unknown)'; use lang") }
      let languages = try ReportLanguages(parsing: options["lang"].stringValue ?? "en")
      let translations = try TranslationLoader.load(folder: plugin.folder, manifest: plugin.manifest)
      return try languages.codes.map { code in
        let input = data != .nil ? data : report.input == "workspace" ? SampleData.workspaceData(code) : SampleData.tallyData
        // A workspace fixture is rendered under its own k, as `coprod report` would render it.
        let privacy = input.tableValue?["minimum_group_size"].integerValue.map {
          DocumentPrivacy(minimumGroupSize: Int($0), smallGroups: [])
        }
        return try sandbox.render(
          report, data: input, privacy: privacy,
          localizer: Localizer(language: code, languages: languages.codes, translations: translations, pluginID: plugin.manifest.id))
      }
    }

    func json(_ arguments: [LuaValue]) throws -> LuaValue {
      let file = try testFile(arguments.first)
      guard let bytes = FileManager.default.contents(atPath: file) else { throw FixtureError("tests/\(arguments[0].stringValue ?? ""): cannot be read") }
      return try JSONLuaValue.read(bytes, file: "tests/\(arguments[0].stringValue ?? "")")
    }

    func rehearse(_ arguments: [LuaValue]) throws -> LuaValue {
      let options = arguments.first?.tableValue ?? LuaTable()
      let known: Set = ["people", "seed", "settings"]
      if let unknown = options.fields.keys.sorted().first(where: { !known.contains($0) }) {
        throw FixtureError("unknown option '\(unknown)'; use people, seed or settings")
      }
      let people = Int(options["people"].integerValue ?? 12)
      guard (1...10_000).contains(people) else { throw FixtureError("people must be from 1 to 10000") }
      let settings = (options["settings"].tableValue?.fields ?? [:]).sorted { $0.key < $1.key }.map {
        (key: $0.key, value: Tally.settingText($0.value), line: 1)
      }
      let (plugin, provision) = try catalog.resolve(self.plugin.folder.path, kind: .sessionFormat)
      let request = SessionRunRequest(
        format: plugin.folder.path, inputs: nil, dryRun: true, people: people,
        seed: options["seed"].integerValue, limits: limits, workspace: plugin.folder)
      let output: SessionRunOutput
      do {
        output = try SessionRun.rehearse(
          request, plugin: plugin, entry: provision.entry, granted: [], settings: settings, catalog: catalog,
          context: SampleData.context, logger: logger)
      } catch let error as SessionInputError {
        // Only the settings can be wrong here (a rehearsal reads no inputs file): name the setting.
        throw FixtureError("\(error.path): \(error.problem)")
      }
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      return try JSONLuaValue.read(try encoder.encode(output.report), file: "the rehearsal")
    }
  }
}

/// A fixture called with arguments it cannot use.
struct FixtureError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
