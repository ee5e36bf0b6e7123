// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
@testable import CoprodPlugins
import Foundation
import Testing

@Suite("Plugin discovery")
struct PluginCatalogTests {
  /// Writes a minimal voting-rule plugin.
  static func writePlugin(in parent: URL, folder: String, id: String, version: String, name: String = "first") throws {
    let directory = parent.appendingPathComponent(folder)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try """
      id: \(id)
      name: Test rule
      version: \(version)
      description: A test.
      authors: [Tests]
      license: MIT
      api_version: 1
      provides:
        - { kind: voting-rule, name: \(name), entry: rule.lua }
      """.write(to: directory.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)
    try "return coprod.voting_rule { name = 'x', ballot = 'ranked', count = function() end }".write(
      to: directory.appendingPathComponent("rule.lua"), atomically: true, encoding: .utf8)
  }

  static func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-catalog-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test func laterSourcesShadowEarlierOnes() throws {
    let root = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let bundled = root.appendingPathComponent("bundled")
    let extra = root.appendingPathComponent("extra")
    try Self.writePlugin(in: bundled, folder: "a", id: "org.test.a", version: "1.0.0")
    try Self.writePlugin(in: bundled, folder: "b", id: "org.test.b", version: "1.0.0", name: "second")
    try Self.writePlugin(in: extra, folder: "a-fork", id: "org.test.a", version: "2.0.0")
    let catalog = PluginCatalog.discover([.init(kind: .bundled, folder: bundled), .init(kind: .commandLine, folder: extra)])
    #expect(catalog.plugins.map(\.manifest.id) == ["org.test.a", "org.test.b", "org.test.a"])
    #expect(catalog.plugins[0].shadowedBy == extra.appendingPathComponent("a-fork"))
    #expect(catalog.active.map(\.manifest.version.description) == ["1.0.0", "2.0.0"])
    #expect(catalog.plugin(id: "org.test.a")?.source == .commandLine)
    let resolved = try catalog.resolve("first", kind: .votingRule)
    #expect(resolved.plugin.manifest.version == SemanticVersion(2, 0, 0))
  }

  @Test func brokenManifestsAreReportedNotFatal() throws {
    let root = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    try Self.writePlugin(in: root, folder: "good", id: "org.test.good", version: "1.0.0")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("bad"), withIntermediateDirectories: true)
    try "id: nope".write(to: root.appendingPathComponent("bad/plugin.yaml"), atomically: true, encoding: .utf8)
    let catalog = PluginCatalog.discover([.init(kind: .user, folder: root)])
    #expect(catalog.active.map(\.manifest.id) == ["org.test.good"])
    #expect(catalog.problems.map(\.description) == ["\(root.path)/bad/plugin.yaml: name: is required; see docs/plugin-guide.md"])
  }

  @Test func unknownRuleNamesTheKnownOnes() throws {
    let root = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    try Self.writePlugin(in: root, folder: "a", id: "org.test.a", version: "1.0.0")
    let catalog = PluginCatalog.discover([.init(kind: .bundled, folder: root)])
    #expect(throws: PluginLookupError.self) { try catalog.resolve("irv", kind: .votingRule) }
    do {
      _ = try catalog.resolve("irv", kind: .votingRule)
    } catch {
      #expect(error.description == "no voting-rule named 'irv' (known: first); give a name, a plugin id or a path to a plugin folder (for a plugin folder here, ./irv)")
    }
  }

  @Test func contentHashChangesWithAnyFile() throws {
    let root = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    try Self.writePlugin(in: root, folder: "a", id: "org.test.a", version: "1.0.0")
    let folder = root.appendingPathComponent("a")
    let before = PluginLoader.contentHash(of: folder)
    #expect(before.count == 64)
    #expect(PluginLoader.contentHash(of: folder) == before)
    try "-- changed".write(to: folder.appendingPathComponent("rule.lua"), atomically: true, encoding: .utf8)
    #expect(PluginLoader.contentHash(of: folder) != before)
  }

  @Test func optionsAreCheckedAgainstSettings() throws {
    let manifest = try ManifestParser.parse(ManifestParserTests.valid, file: "p/plugin.yaml", folder: nil)
    #expect(try PluginLoader.settings(for: manifest, options: ["method=meek"]) == ["method": .string("meek")])
    #expect(try PluginLoader.settings(for: manifest, options: []) == ["method": .string("scottish")])
    #expect(throws: PluginLookupError.self) { try PluginLoader.settings(for: manifest, options: ["method=hare"]) }
    #expect(throws: PluginLookupError.self) { try PluginLoader.settings(for: manifest, options: ["seats=3"]) }
  }
}
