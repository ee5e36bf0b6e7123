// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import CoprodPlugins
import Foundation

extension PluginsCommand {
  /// `coprod plugins test`: runs plugins' own Lua tests.
  struct Test: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a plugin's own Lua tests (tests/*.lua) in its sandbox.",
      discussion: """
        Each file in the plugin's tests/ folder runs in a fresh sandbox with test, expect and \
        fixtures (docs/lua-api.md § Plugin tests). Prints a line per test, each failure with its \
        file:line, and a summary; exits 1 when a test fails or errs, or a plugin has no tests.
        """)

    @Argument(help: "Plugin folders, ids or names (e.g. ./my-rule, org.coprod.irv, irv).") var plugins: [String] = []
    @Flag(help: "Test every bundled plugin.") var bundled = false
    @OptionGroup var location: PluginLocationOptions
    @OptionGroup var limits: LimitOptions

    func run() async throws {
      let catalog = try location.catalog()
      guard bundled || !plugins.isEmpty else {
        throw OutputError(description: "give plugin folders or ids to test, or --bundled for every bundled plugin")
      }
      var chosen = try plugins.map { reference throws(PluginLookupError) in try catalog.find(reference) }
      if bundled { chosen += catalog.plugins.filter { $0.source == .bundled } }
      let limits = try limits.limits()
      let reports = chosen.map { PluginTest.run($0, catalog: catalog, limits: limits, logger: CLILog.logger) }
      print(reports.map(\.text).joined(separator: "\n"), terminator: "")
      if reports.count > 1 {
        let summary = PluginTestReport.summary(
          passed: reports.reduce(0) { $0 + $1.passed }, failed: reports.reduce(0) { $0 + $1.failed },
          errors: reports.reduce(0) { $0 + $1.errors })
        print("\n\(reports.count) plugins: \(summary)")
      }
      if reports.contains(where: { !$0.succeeded }) { throw ExitCode(1) }
    }
  }
}
