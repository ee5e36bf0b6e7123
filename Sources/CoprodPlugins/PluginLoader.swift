// coprod — co-production toolkit. Apache-2.0.

import Crypto
import CoprodLua
import CoprodModel
import Foundation
import Logging

/// Reads plugins from disk and starts their sandboxes.
public enum PluginLoader {
  /// Reads and validates the manifest in `folder`.
  public static func readManifest(in folder: URL) throws(ManifestError) -> PluginManifest {
    let file = folder.appendingPathComponent(PluginManifest.fileName)
    let shown = file.path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw ManifestError(file: folder.path, line: nil, field: "", problem: "is not a plugin folder (no such directory)")
    }
    guard let data = FileManager.default.contents(atPath: file.path) else {
      throw ManifestError(file: shown, line: nil, field: "", problem: "is missing; a plugin folder needs a plugin.yaml (see docs/plugin-guide.md)")
    }
    var limits = InputLimits.current
    limits.documentBytes = min(limits.documentBytes, 1 << 20)
    do {
      try TextCheck.checkDocument(data, limits: limits, what: "manifest")
    } catch {
      throw ManifestError(file: shown, line: error.line, field: "", problem: error.problem)
    }
    return try ManifestParser.parse(String(decoding: data, as: UTF8.self), file: shown, folder: folder)
  }

  /// The plugin's content hash: SHA-256 of the lines `<sha256 of file>  <relative path>` for
  /// every regular, non-hidden file outside the plugin's own `tests/` folder (tests do not
  /// change what a plugin computes), sorted by path — the same as
  /// `find . -type f ! -path '*/.*' ! -path './tests/*' | sed 's|^./||' | LC_ALL=C sort | xargs sha256sum | sha256sum`.
  public static func contentHash(of folder: URL) -> String {
    let manager = FileManager.default
    let base = folder.resolvingSymlinksInPath().standardizedFileURL.path
    var files: [String] = []
    if let walker = manager.enumerator(atPath: base) {
      while let relative = walker.nextObject() as? String {
        let parts = relative.split(separator: "/")
        if parts.first == "tests" || parts.contains(where: { $0.hasPrefix(".") }) { continue }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
          files.append(relative)
        }
      }
    }
    var listing = ""
    for relative in files.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
      let data = manager.contents(atPath: base + "/" + relative) ?? Data()
      listing += hex(SHA256.hash(data: data)) + "  " + relative + "\n"
    }
    return hex(SHA256.hash(data: Data(listing.utf8)))
  }

  /// The hash recorded with a result of `plugin` (tallies, decisions, sessions): it covers
  /// the code that actually ran, the plugin's own files and those of the libraries it
  /// declares as dependencies. Without dependencies it is ``contentHash(of:)`` of the
  /// plugin's folder; with them, the SHA-256 of the lines `<content hash>  <plugin id>`, the
  /// plugin's own first, then each dependency as found in `catalog`, sorted by id — the
  /// same as `printf '%s  %s\n' <hash> <id> … | sha256sum`. A dependency that is not
  /// installed is listed with the hash `missing`.
  public static func runHash(of plugin: DiscoveredPlugin, catalog: PluginCatalog) -> String {
    let own = contentHash(of: plugin.folder)
    guard !plugin.manifest.dependencies.isEmpty else { return own }
    var listing = "\(own)  \(plugin.manifest.id)\n"
    for id in Set(plugin.manifest.dependencies.map(\.id)).sorted() {
      let hash = catalog.plugin(id: id).map { contentHash(of: $0.folder) } ?? "missing"
      listing += "\(hash)  \(id)\n"
    }
    return hex(SHA256.hash(data: Data(listing.utf8)))
  }

  /// SHA-256 of a file's bytes, as hex.
  public static func sha256(of data: Data) -> String { hex(SHA256.hash(data: data)) }

  private static func hex(_ digest: SHA256.Digest) -> String { digest.map { String(format: "%02x", $0) }.joined() }

  /// A sandbox for `plugin`, with its declared dependencies reachable through `require`.
  ///
  /// - Throws: ``PluginLookupError`` when a dependency is missing or of the wrong version,
  ///   ``PluginRunError`` when the state cannot start.
  public static func sandbox(for plugin: DiscoveredPlugin, catalog: PluginCatalog, limits: LuaLimits, seed: Int64, logger: Logger) throws -> LuaSandbox {
    try catalog.loadCheck?(plugin)
    var dependencies: [String: URL] = [:]
    for dependency in plugin.manifest.dependencies {
      guard let found = catalog.plugin(id: dependency.id) else {
        throw PluginLookupError("plugin \(plugin.manifest.id) needs \(dependency.id) \(dependency.constraint), which is not installed; add it to a plugin directory")
      }
      guard dependency.constraint.accepts(found.manifest.version) else {
        throw PluginLookupError("plugin \(plugin.manifest.id) needs \(dependency.id) \(dependency.constraint), but \(found.manifest.version) is installed (\(found.folder.path))")
      }
      try catalog.loadCheck?(found)
      dependencies[dependency.id] = found.folder
    }
    return try LuaSandbox(pluginID: plugin.manifest.id, root: plugin.folder, limits: limits, seed: seed, dependencies: dependencies, logger: logger)
  }

  /// Resolves `--option key=value` pairs against the manifest's settings.
  ///
  /// - Returns: every declared setting, with its default unless overridden.
  /// - Throws: ``PluginLookupError`` for an unknown key, a malformed pair, a value of the
  ///   wrong type or one not among the setting's choices.
  public static func settings(for manifest: PluginManifest, options: [String]) throws(PluginLookupError) -> [String: LuaValue] {
    var values: [String: LuaValue] = [:]
    for setting in manifest.settings { values[setting.key] = setting.defaultValue }
    for option in options {
      guard let equals = option.firstIndex(of: "=") else {
        throw PluginLookupError("--option \(option): expected key=value")
      }
      let key = String(option[..<equals])
      let text = String(option[option.index(after: equals)...])
      guard let setting = manifest.setting(key) else {
        let known = manifest.settings.map(\.key)
        throw PluginLookupError("--option \(option): plugin \(manifest.id) has no setting '\(key)'" + (known.isEmpty ? " (it has no settings)" : " (settings: \(known.joined(separator: ", ")))"))
      }
      guard let value = ManifestParser.settingValue(text: text, setting.type) else {
        throw PluginLookupError("--option \(option): '\(text)' is not a valid \(setting.type.rawValue)")
      }
      if !setting.choices.isEmpty, !setting.choices.contains(value) {
        let choices = setting.choices.map { choice -> String in
          switch choice {
          case .string(let text): text
          case .integer(let number): String(number)
          case .number(let number): String(number)
          case .boolean(let flag): String(flag)
          default: "?"
          }
        }
        throw PluginLookupError("--option \(option): must be one of \(choices.joined(separator: ", "))")
      }
      values[key] = value
    }
    return values
  }
}
