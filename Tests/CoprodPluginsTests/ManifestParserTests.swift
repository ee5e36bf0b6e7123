// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
@testable import CoprodPlugins
import Foundation
import Testing

@Suite("Plugin manifests")
struct ManifestParserTests {
  static let valid = """
    id: org.example.irv
    name: Instant runoff
    version: 1.2.3
    description: Eliminates the weakest until one has a majority.
    authors: [Example Council]
    license: Apache-2.0
    api_version: 1
    provides:
      - kind: voting-rule
        name: irv
        entry: rule.lua
    settings:
      method:
        type: string
        default: scottish
        choices: [scottish, meek]
    dependencies:
      org.example.helpers: ^1.0
    """

  func parse(_ text: String) -> Result<PluginManifest, ManifestError> {
    Result { () throws(ManifestError) in try ManifestParser.parse(text, file: "p/plugin.yaml", folder: nil) }
  }

  func error(_ text: String) -> String? {
    if case .failure(let error) = parse(text) { return error.description }
    return nil
  }

  @Test func readsEveryField() throws {
    let manifest = try parse(Self.valid).get()
    #expect(manifest.id == "org.example.irv")
    #expect(manifest.version == SemanticVersion(1, 2, 3))
    #expect(manifest.provides == [.init(kind: .votingRule, name: "irv", entry: "rule.lua")])
    #expect(manifest.settings.map(\.key) == ["method"])
    #expect(manifest.settings[0].defaultValue == .string("scottish"))
    #expect(manifest.dependencies.map(\.id) == ["org.example.helpers"])
    #expect(manifest.permissions.isEmpty)
  }

  @Test(arguments: [
    ("version: 1.2.3", "version: 1.0", "p/plugin.yaml:3: version: '1.0' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0)"),
    ("api_version: 1", "api_version: 2", "p/plugin.yaml:7: api_version: 2 is newer than this coprod supports (1); upgrade coprod or use a version of the plugin written for API 1"),
    ("api_version: 1", "api_version: 0", "p/plugin.yaml:7: api_version: 0 is no longer supported (this coprod runs API 1 to 1); update the plugin"),
    ("api_version: 1", "api_version: one", "p/plugin.yaml:7: api_version: expected a whole number (this coprod implements API 1)"),
    ("id: org.example.irv", "id: IRV", "p/plugin.yaml:1: id: 'IRV' is not a reverse-DNS id; use lower-case words separated by dots, e.g. org.example.irv"),
    ("license: Apache-2.0", "license: Apache 2", "p/plugin.yaml:6: license: 'Apache 2' is not an SPDX license identifier (e.g. Apache-2.0, MIT, OGL-UK-3.0, GPL-3.0-or-later)"),
    ("kind: voting-rule", "kind: voting_rule", "p/plugin.yaml:9: provides[1].kind: 'voting_rule' is not one of session-format, voting-rule, report, library"),
    ("entry: rule.lua", "entry: ../rule.lua", "p/plugin.yaml:11: provides[1].entry: '../rule.lua' must be a .lua file inside the plugin folder"),
    ("license: Apache-2.0", "license: Apache-2.0\nhomepage: x", "p/plugin.yaml:7: homepage: unknown field (allowed: id, name, version, description, authors, license, api_version, provides, permissions, settings, dependencies, repository, translations)"),
    ("default: scottish", "default: hare", "p/plugin.yaml:15: settings.method.default: must be one of the choices"),
    ("org.example.helpers: ^1.0", "org.example.helpers: soon", "p/plugin.yaml:18: dependencies.org.example.helpers: 'soon' is not a version constraint (e.g. ^1.2, >=1.0.0, <2.0.0)"),
  ])
  func namesLineAndField(original: String, replacement: String, expected: String) {
    #expect(error(Self.valid.replacingOccurrences(of: original, with: replacement)) == expected)
  }

  @Test func missingFieldIsNamed() {
    #expect(error(Self.valid.replacingOccurrences(of: "license: Apache-2.0\n", with: "")) == "p/plugin.yaml: license: is required; see docs/plugin-guide.md")
  }

  @Test func unknownPermissionIsRefused() {
    #expect(error(Self.valid + "\npermissions: [network]") == "p/plugin.yaml:19: permissions[1]: 'network' is not a permission coprod knows (personal-data, equality-data, participants, attendee-perspectives)")
  }

  @Test func brokenYAMLNamesTheLine() {
    #expect(error("id: a.b\nname: [unclosed\n") == "p/plugin.yaml:3: is not valid YAML (did not find expected ',' or ']')")
  }

  @Test func entryMustExistInTheFolder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-manifest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(throws: ManifestError(file: "p/plugin.yaml", line: 11, field: "provides[1].entry", problem: "no file 'rule.lua' in \(folder.path)")) {
      try ManifestParser.parse(Self.valid, file: "p/plugin.yaml", folder: folder)
    }
  }

  @Test func semanticVersionsCompareBySemVer() {
    let versions = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0", "1.2.0", "10.0.0"].compactMap(SemanticVersion.init)
    #expect(versions.count == 7)
    #expect(versions == versions.sorted())
    #expect(SemanticVersion("01.0.0") == nil)
    #expect(SemanticVersion("1.0.0+build.7")?.build == "build.7")
  }

  @Test func constraintsAcceptTheRightVersions() throws {
    let caret = try #require(VersionConstraint("^1.2"))
    #expect(caret.accepts(SemanticVersion(1, 9, 0)))
    #expect(!caret.accepts(SemanticVersion(2, 0, 0)))
    #expect(!caret.accepts(SemanticVersion(1, 1, 9)))
    let range = try #require(VersionConstraint(">=1.0.0, <1.5"))
    #expect(range.accepts(SemanticVersion(1, 4, 9)))
    #expect(!range.accepts(SemanticVersion(1, 5, 0)))
    #expect(VersionConstraint("soon") == nil)
  }
}

@Suite("Plugin translation files")
struct TranslationLoaderTests {
  @Test func nestedKeysAndPluralForms() throws {
    let entries = try TranslationLoader.parse("a: A\nb:\n  c: C\n  d: { one: \"{count} day\", other: \"{count} days\" }\n", file: "i18n/en.yaml")
    #expect(entries == ["a": .text("A"), "b.c": .text("C"), "b.d": .plural(["one": "{count} day", "other": "{count} days"])])
  }

  @Test func pluralFormsNeedOther() {
    #expect(throws: ManifestError(file: "i18n/cy.yaml", line: 1, field: "d", problem: "plural forms need 'other' (the form for any number without its own)")) {
      try TranslationLoader.parse("d: { one: un }\n", file: "i18n/cy.yaml")
    }
  }
}
