// coprod — co-production toolkit. Apache-2.0.

import Foundation

extension PluginCatalog {
  /// `./NAME` when the current directory holds a plugin folder `NAME` (with a plugin.yaml),
  /// so a plugin just made with `plugins new NAME` is found by its bare name.
  static func localFolder(_ name: String, in directory: String = FileManager.default.currentDirectoryPath) -> String? {
    guard !name.contains("/"), !name.hasPrefix("."),
      FileManager.default.fileExists(atPath: URL(fileURLWithPath: directory).appendingPathComponent(name).appendingPathComponent(PluginManifest.fileName).path)
    else { return nil }
    return "./\(name)"
  }

  /// Finds one plugin of any kind: a path to a plugin folder, a plugin id, the short name of
  /// something an active plugin provides, or a plugin folder of that name in the current
  /// directory.
  ///
  /// - Throws: ``PluginLookupError`` when nothing or more than one plugin matches, or the
  ///   folder's manifest cannot be read.
  public func find(_ reference: String) throws(PluginLookupError) -> DiscoveredPlugin {
    if reference.contains("/") || reference.hasPrefix(".") { return try Self.folderPlugin(reference) }
    if let match = plugin(id: reference) { return match }
    let named = active.filter { $0.manifest.provides.contains { $0.name == reference } }
    if named.count == 1 { return named[0] }
    if named.count > 1 {
      throw PluginLookupError("'\(reference)' is provided by several plugins (\(named.map(\.manifest.id).joined(separator: ", "))); name one by its id")
    }
    if let local = Self.localFolder(reference) { return try Self.folderPlugin(local) }
    throw PluginLookupError("no plugin '\(reference)'; give a plugin id, a name from coprod plugins list, or a path to a plugin folder")
  }

  private static func folderPlugin(_ path: String) throws(PluginLookupError) -> DiscoveredPlugin {
    let folder = URL(fileURLWithPath: path).standardizedFileURL
    do {
      return DiscoveredPlugin(manifest: try PluginLoader.readManifest(in: folder), folder: folder, source: .commandLine)
    } catch {
      throw PluginLookupError(error.description)
    }
  }
}
