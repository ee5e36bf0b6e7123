// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import Foundation
import Yams

// MARK: - Errors

/// A problem in a `plugin.yaml`: `FILE:LINE: field: problem`.
public struct ManifestError: ReportableError, Equatable {
  /// The manifest's path as shown to the user.
  public var file: String
  /// 1-based line, when known.
  public var line: Int?
  /// The field, e.g. `provides[1].entry`; empty for the whole file.
  public var field: String
  /// What is wrong and what to do.
  public var problem: String

  /// One line.
  public var description: String {
    let place = line.map { "\(file):\($0)" } ?? file
    return field.isEmpty ? "\(place): \(problem)" : "\(place): \(field): \(problem)"
  }
}

// MARK: - Parser

/// Reads and validates `plugin.yaml`. Unknown fields, missing fields, wrong types and an
/// unsupported `api_version` are errors naming the line and field.
public enum ManifestParser {
  static let fields = [
    "id", "name", "version", "description", "authors", "license", "api_version", "provides",
    "permissions", "settings", "dependencies", "repository", "translations",
  ]
  static let required = ["id", "name", "version", "description", "authors", "license", "api_version", "provides"]

  /// Parses the manifest text of the plugin in `folder`.
  ///
  /// - Parameters:
  ///   - text: the YAML.
  ///   - file: the path shown in errors.
  ///   - folder: the plugin folder, to check that entry files exist (nil skips the check).
  public static func parse(_ text: String, file: String, folder: URL?) throws(ManifestError) -> PluginManifest {
    func fail(_ line: Int?, _ field: String, _ problem: String) -> ManifestError {
      ManifestError(file: file, line: line, field: field, problem: problem)
    }
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else { throw fail(nil, "", "is empty; see docs/plugin-guide.md for the fields a manifest needs") }
      root = node
    } catch let error as ManifestError {
      throw error
    } catch let error as YamlError {
      throw fail(Self.line(of: error), "", "is not valid YAML (\(Self.summary(of: error)))")
    } catch {
      throw fail(nil, "", "is not valid YAML")
    }
    guard let mapping = root.mapping else { throw fail(root.mark?.line, "", "must be a mapping of fields (id, name, version, …)") }

    var values: [String: Node] = [:]
    var keyLines: [String: Int] = [:]
    for (key, value) in mapping {
      guard let name = key.string else { throw fail(key.mark?.line, "", "field names must be text") }
      guard fields.contains(name) else {
        throw fail(key.mark?.line, name, "unknown field (allowed: \(fields.joined(separator: ", ")))")
      }
      guard values[name] == nil else { throw fail(key.mark?.line, name, "appears twice") }
      values[name] = value
      keyLines[name] = key.mark?.line
    }
    for name in required where values[name] == nil {
      throw fail(nil, name, "is required; see docs/plugin-guide.md")
    }
    func node(_ name: String) -> Node { values[name]! }  // present: checked above
    func scalarText(_ name: String, _ value: Node, path: String? = nil) throws(ManifestError) -> String {
      guard let scalar = value.scalar else {
        throw fail(value.mark?.line, path ?? name, "expected text")
      }
      let trimmed = scalar.string.trimmed
      guard !trimmed.isEmpty else { throw fail(value.mark?.line, path ?? name, "must not be empty") }
      return trimmed
    }

    let id = try scalarText("id", node("id"))
    guard isPluginID(id) else {
      throw fail(node("id").mark?.line, "id", "'\(id)' is not a reverse-DNS id; use lower-case words separated by dots, e.g. org.example.irv")
    }
    let name = try scalarText("name", node("name"))
    let versionText = try scalarText("version", node("version"))
    guard let version = SemanticVersion(versionText) else {
      throw fail(node("version").mark?.line, "version", "'\(versionText)' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0)")
    }
    let description = try scalarText("description", node("description"))
    let authors = try stringList("authors", node("authors"), fail: fail)
    guard !authors.isEmpty else { throw fail(node("authors").mark?.line, "authors", "must name at least one author") }
    let license = try scalarText("license", node("license"))
    guard SPDX.isValidExpression(license) else {
      throw fail(node("license").mark?.line, "license", "'\(license)' is not an SPDX license identifier (e.g. Apache-2.0, MIT, OGL-UK-3.0, GPL-3.0-or-later)")
    }
    let apiNode = node("api_version")
    guard let apiVersion = apiNode.int, apiNode.scalar?.style == .plain else {
      throw fail(apiNode.mark?.line, "api_version", "expected a whole number (this coprod implements API \(LuaAPI.version))")
    }
    guard apiVersion <= LuaAPI.version else {
      throw fail(apiNode.mark?.line, "api_version", "\(apiVersion) is newer than this coprod supports (\(LuaAPI.version)); upgrade coprod or use a version of the plugin written for API \(LuaAPI.version)")
    }
    guard apiVersion >= LuaAPI.oldestSupported else {
      throw fail(apiNode.mark?.line, "api_version", "\(apiVersion) is no longer supported (this coprod runs API \(LuaAPI.oldestSupported) to \(LuaAPI.version)); update the plugin")
    }

    guard let provisionNodes = node("provides").sequence, !provisionNodes.isEmpty else {
      throw fail(node("provides").mark?.line, "provides", "must list at least one thing the plugin provides ({ kind, name, entry })")
    }
    var provides: [PluginManifest.Provision] = []
    for (offset, item) in provisionNodes.enumerated() {
      let path = "provides[\(offset + 1)]"
      guard let itemMap = item.mapping else { throw fail(item.mark?.line, path, "expected a mapping with kind, name and entry") }
      var itemValues: [String: Node] = [:]
      for (key, value) in itemMap {
        guard let keyName = key.string, ["kind", "name", "entry"].contains(keyName) else {
          throw fail(key.mark?.line, "\(path).\(key.string ?? "?")", "unknown field (allowed: kind, name, entry)")
        }
        itemValues[keyName] = value
      }
      for keyName in ["kind", "name", "entry"] where itemValues[keyName] == nil {
        throw fail(item.mark?.line, "\(path).\(keyName)", "is required")
      }
      let kindText = try scalarText("kind", itemValues["kind"]!, path: "\(path).kind")
      guard let kind = PluginKind(rawValue: kindText) else {
        throw fail(itemValues["kind"]?.mark?.line, "\(path).kind", "'\(kindText)' is not one of \(PluginKind.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      let provisionName = try scalarText("name", itemValues["name"]!, path: "\(path).name")
      guard isShortName(provisionName) else {
        throw fail(itemValues["name"]?.mark?.line, "\(path).name", "'\(provisionName)' must be lower-case letters, digits and hyphens, e.g. instant-runoff")
      }
      guard !provides.contains(where: { $0.kind == kind && $0.name == provisionName }) else {
        throw fail(itemValues["name"]?.mark?.line, "\(path).name", "another \(kind.rawValue) is already named '\(provisionName)'")
      }
      let entry = try scalarText("entry", itemValues["entry"]!, path: "\(path).entry")
      guard entry.hasSuffix(".lua"), !entry.hasPrefix("/"), !entry.split(separator: "/").contains("..") else {
        throw fail(itemValues["entry"]?.mark?.line, "\(path).entry", "'\(entry)' must be a .lua file inside the plugin folder")
      }
      if let folder {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: folder.appendingPathComponent(entry).path, isDirectory: &isDirectory)
        guard exists, !isDirectory.boolValue else {
          throw fail(itemValues["entry"]?.mark?.line, "\(path).entry", "no file '\(entry)' in \(folder.path)")
        }
      }
      provides.append(.init(kind: kind, name: provisionName, entry: entry))
    }

    var permissions: [PluginManifest.Permission] = []
    if let permissionNode = values["permissions"] {
      for (offset, permissionText) in try stringList("permissions", permissionNode, fail: fail).enumerated() {
        guard let permission = PluginManifest.Permission(rawValue: permissionText) else {
          throw fail(permissionNode.sequence?[offset].mark?.line, "permissions[\(offset + 1)]", "'\(permissionText)' is not a permission coprod knows (\(PluginManifest.Permission.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        permissions.append(permission)
      }
    }

    var settings: [PluginManifest.Setting] = []
    if let settingsNode = values["settings"] {
      guard let settingsMap = settingsNode.mapping else { throw fail(settingsNode.mark?.line, "settings", "expected a mapping of setting names to { type, default, … }") }
      for (key, value) in settingsMap {
        settings.append(try setting(key, value, fail: fail))
      }
    }

    var dependencies: [PluginManifest.Dependency] = []
    if let dependencyNode = values["dependencies"] {
      guard let dependencyMap = dependencyNode.mapping else { throw fail(dependencyNode.mark?.line, "dependencies", "expected a mapping of plugin ids to version constraints, e.g. org.example.helpers: ^1.0") }
      for (key, value) in dependencyMap {
        guard let dependencyID = key.string, isPluginID(dependencyID) else {
          throw fail(key.mark?.line, "dependencies", "'\(key.string ?? "?")' is not a plugin id")
        }
        let constraintText = try scalarText(dependencyID, value, path: "dependencies.\(dependencyID)")
        guard let constraint = VersionConstraint(constraintText) else {
          throw fail(value.mark?.line, "dependencies.\(dependencyID)", "'\(constraintText)' is not a version constraint (e.g. ^1.2, >=1.0.0, <2.0.0)")
        }
        dependencies.append(.init(id: dependencyID, constraint: constraint))
      }
    }
    let repository = try values["repository"].map { (value) throws(ManifestError) in try scalarText("repository", value) }
    var translations: String?
    if let node = values["translations"] {
      let folderName = try scalarText("translations", node)
      guard !folderName.hasPrefix("/"), !folderName.split(separator: "/").contains("..") else {
        throw fail(node.mark?.line, "translations", "'\(folderName)' must be a folder inside the plugin folder, e.g. i18n")
      }
      if let folder {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(folderName).path, isDirectory: &isFolder), isFolder.boolValue else {
          throw fail(node.mark?.line, "translations", "no folder \(folderName) in the plugin folder; create it with one LANG.yaml per language (en.yaml, cy.yaml)")
        }
      }
      translations = folderName
    }

    return PluginManifest(
      id: id, name: name, version: version, description: description, authors: authors, license: license,
      apiVersion: apiVersion, provides: provides, permissions: permissions, settings: settings,
      dependencies: dependencies, repository: repository, translations: translations)
  }

  private static func setting(_ key: Node, _ value: Node, fail: (Int?, String, String) -> ManifestError) throws(ManifestError) -> PluginManifest.Setting {
    guard let name = key.string, isSettingKey(name) else {
      throw fail(key.mark?.line, "settings", "'\(key.string ?? "?")' is not a setting name (lower-case letters, digits and _)")
    }
    let path = "settings.\(name)"
    guard let map = value.mapping else { throw fail(value.mark?.line, path, "expected { type, default, description?, choices? }") }
    var fields: [String: Node] = [:]
    for (fieldKey, fieldValue) in map {
      guard let fieldName = fieldKey.string, ["type", "default", "description", "choices"].contains(fieldName) else {
        throw fail(fieldKey.mark?.line, "\(path).\(fieldKey.string ?? "?")", "unknown field (allowed: type, default, description, choices)")
      }
      fields[fieldName] = fieldValue
    }
    guard let typeNode = fields["type"] else { throw fail(value.mark?.line, "\(path).type", "is required (string, integer, number or boolean)") }
    guard let typeText = typeNode.string, let type = PluginManifest.SettingType(rawValue: typeText) else {
      throw fail(typeNode.mark?.line, "\(path).type", "'\(typeNode.string ?? "?")' is not one of string, integer, number, boolean")
    }
    guard let defaultNode = fields["default"] else { throw fail(value.mark?.line, "\(path).default", "is required") }
    guard let defaultValue = settingValue(defaultNode, type) else {
      throw fail(defaultNode.mark?.line, "\(path).default", "'\(defaultNode.string ?? "?")' is not a valid \(type.rawValue)")
    }
    var choices: [LuaValue] = []
    if let choicesNode = fields["choices"] {
      guard let items = choicesNode.sequence, !items.isEmpty else { throw fail(choicesNode.mark?.line, "\(path).choices", "expected a non-empty list") }
      for (offset, item) in items.enumerated() {
        guard let choice = settingValue(item, type) else {
          throw fail(item.mark?.line, "\(path).choices[\(offset + 1)]", "'\(item.string ?? "?")' is not a valid \(type.rawValue)")
        }
        choices.append(choice)
      }
      guard choices.contains(defaultValue) else {
        throw fail(defaultNode.mark?.line, "\(path).default", "must be one of the choices")
      }
    }
    let description = fields["description"]?.string
    return .init(key: name, type: type, defaultValue: defaultValue, choices: choices, description: description)
  }

  /// Converts a YAML scalar or command-line text to a setting value of `type`.
  static func settingValue(_ node: Node, _ type: PluginManifest.SettingType) -> LuaValue? {
    guard let scalar = node.scalar else { return nil }
    if type == .string { return .string(scalar.string) }
    return settingValue(text: scalar.string, type)
  }

  /// Converts text (from `--option key=value`) to a setting value of `type`.
  public static func settingValue(text: String, _ type: PluginManifest.SettingType) -> LuaValue? {
    switch type {
    case .string: return .string(text)
    case .integer: return Int64(text).map(LuaValue.integer)
    case .number: return Double(text).flatMap { $0.isFinite ? LuaValue.number($0) : nil }
    case .boolean:
      switch text.lowercased() {
      case "true", "yes": return .boolean(true)
      case "false", "no": return .boolean(false)
      default: return nil
      }
    }
  }

  private static func stringList(_ name: String, _ node: Node, fail: (Int?, String, String) -> ManifestError) throws(ManifestError) -> [String] {
    guard let items = node.sequence else { throw fail(node.mark?.line, name, "expected a list, e.g. [Example Council]") }
    var result: [String] = []
    for (offset, item) in items.enumerated() {
      guard let text = item.string?.trimmed, !text.isEmpty else {
        throw fail(item.mark?.line, "\(name)[\(offset + 1)]", "expected non-empty text")
      }
      result.append(text)
    }
    return result
  }

  /// `org.example.irv`: two or more dot-separated parts of lower-case letters, digits, hyphens.
  public static func isPluginID(_ text: String) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count >= 2 && text.count <= 200 && parts.allSatisfy { part in
      guard let first = part.first, first.isLetter else { return false }
      return part.allSatisfy { ($0.isLowercase || $0.isNumber || $0 == "-") && $0.isASCII }
    }
  }

  static func isShortName(_ text: String) -> Bool {
    guard let first = text.first, first.isLetter || first.isNumber else { return false }
    return text.count <= 64 && text.allSatisfy { ($0.isLowercase || $0.isNumber || $0 == "-") && $0.isASCII }
  }

  static func isSettingKey(_ text: String) -> Bool {
    guard let first = text.first, first.isLetter else { return false }
    return text.allSatisfy { ($0.isLowercase || $0.isNumber || $0 == "_") && $0.isASCII }
  }

  /// The 1-based line a YAML error points at, if any.
  public static func line(of error: YamlError) -> Int? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
    default: return nil
    }
  }

  /// A YAML error's problem in a few words.
  public static func summary(of error: YamlError) -> String {
    switch error {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
    default: return "\(error)".split(separator: "\n").first.map(String.init) ?? "unreadable"
    }
  }
}
