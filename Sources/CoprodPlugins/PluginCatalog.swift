// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import Foundation

// MARK: - Sources

/// A folder plugins are discovered in.
public struct PluginSource: Sendable, Equatable {
  /// Where the folder comes from, in discovery order.
  public enum Kind: String, Sendable, Equatable, Comparable {
    /// The plugins shipped with coprod.
    case bundled
    /// The user's plugin directory (`$XDG_DATA_HOME/coprod/plugins`).
    case user
    /// The current workspace's `plugins/`.
    case workspace
    /// A `--plugins-dir DIR` (or a plugin path given directly).
    case commandLine = "plugins-dir"

    private var rank: Int {
      switch self {
      case .bundled: 0
      case .user: 1
      case .workspace: 2
      case .commandLine: 3
      }
    }

    /// Discovery order.
    public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rank < rhs.rank }
  }

  /// Where it comes from.
  public var kind: Kind
  /// The folder: a folder of plugin folders, or one plugin folder.
  public var folder: URL

  /// Creates a source.
  public init(kind: Kind, folder: URL) {
    self.kind = kind
    self.folder = folder.standardizedFileURL
  }

  /// The standard sources: bundled, user, workspace, then each `--plugins-dir` in order.
  ///
  /// - Parameters:
  ///   - workspace: the workspace folder (the current directory when none is given).
  ///   - pluginDirectories: the `--plugins-dir` folders.
  ///   - environment: the process environment (for `COPROD_BUNDLED_PLUGINS`,
  ///     `XDG_DATA_HOME` and `HOME`).
  public static func standard(workspace: URL, pluginDirectories: [URL], environment: [String: String] = ProcessInfo.processInfo.environment) -> [PluginSource] {
    var sources: [PluginSource] = []
    if let bundled = bundledFolder(environment: environment) { sources.append(.init(kind: .bundled, folder: bundled)) }
    if let data = environment["XDG_DATA_HOME"].flatMap({ $0.isEmpty ? nil : $0 }) {
      sources.append(.init(kind: .user, folder: URL(fileURLWithPath: data).appendingPathComponent("coprod/plugins")))
    } else if let home = environment["HOME"], !home.isEmpty {
      sources.append(.init(kind: .user, folder: URL(fileURLWithPath: home).appendingPathComponent(".local/share/coprod/plugins")))
    }
    sources.append(.init(kind: .workspace, folder: workspace.appendingPathComponent("plugins")))
    sources += pluginDirectories.map { .init(kind: .commandLine, folder: $0) }
    return sources
  }

  /// The bundled plugins: `COPROD_BUNDLED_PLUGINS`, else `../share/coprod/plugins` beside the
  /// executable, else the `plugins/` of the source checkout the executable was built in.
  public static func bundledFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
    if let path = environment["COPROD_BUNDLED_PLUGINS"], !path.isEmpty { return URL(fileURLWithPath: path) }
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var folder = executable.deletingLastPathComponent()
    let installed = folder.appendingPathComponent("../share/coprod/plugins").standardizedFileURL
    if FileManager.default.fileExists(atPath: installed.path) { return installed }
    while folder.path != "/" {
      if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
        return folder.appendingPathComponent("plugins")
      }
      folder = folder.deletingLastPathComponent()
    }
    return nil
  }
}

// MARK: - Discovered plugins

/// A plugin found in a source folder.
public struct DiscoveredPlugin: Sendable, Equatable {
  /// Its manifest.
  public var manifest: PluginManifest
  /// Its folder.
  public var folder: URL
  /// Where it was found.
  public var source: PluginSource.Kind
  /// The folder of the plugin with the same id that shadows this one, if any.
  public var shadowedBy: URL?

  /// Creates a record of a plugin found in `folder`.
  public init(manifest: PluginManifest, folder: URL, source: PluginSource.Kind, shadowedBy: URL? = nil) {
    self.manifest = manifest
    self.folder = folder
    self.source = source
    self.shadowedBy = shadowedBy
  }

  /// Whether this is the plugin used for its id.
  public var isActive: Bool { shadowedBy == nil }
}

/// Every plugin discovered, in discovery order, plus the manifests that could not be read.
public struct PluginCatalog: Sendable {
  /// All plugins found, shadowed ones included.
  public private(set) var plugins: [DiscoveredPlugin]
  /// Broken manifests found while discovering (they are skipped).
  public private(set) var problems: [ManifestError]
  /// Run on every plugin, and every library it requires, before it is loaded to run
  /// (``PluginLoader/sandbox(for:catalog:limits:seed:logger:)``); throwing stops the command.
  /// A workspace's lock file check goes here.
  public var loadCheck: (@Sendable (DiscoveredPlugin) throws -> Void)?

  /// The plugins in use: for each id, the last one discovered.
  public var active: [DiscoveredPlugin] { plugins.filter(\.isActive) }

  /// Discovers plugins in `sources`, in order: a later plugin with the same id shadows an
  /// earlier one. A folder reached twice (e.g. the workspace is the source checkout) is read
  /// once.
  public static func discover(_ sources: [PluginSource]) -> PluginCatalog {
    var catalog = PluginCatalog(plugins: [], problems: [], loadCheck: nil)
    var seenFolders: Set<String> = []
    for source in sources {
      for folder in pluginFolders(in: source.folder) {
        let real = folder.resolvingSymlinksInPath().path
        guard seenFolders.insert(real).inserted else { continue }
        do {
          let manifest = try PluginLoader.readManifest(in: folder)
          for index in catalog.plugins.indices where catalog.plugins[index].manifest.id == manifest.id && catalog.plugins[index].isActive {
            catalog.plugins[index].shadowedBy = folder
          }
          catalog.plugins.append(DiscoveredPlugin(manifest: manifest, folder: folder, source: source.kind))
        } catch {
          catalog.problems.append(error)
        }
      }
    }
    return catalog
  }

  /// The plugin folders in `folder`: the folder itself if it holds a manifest, else its
  /// sub-folders that do, sorted by name.
  static func pluginFolders(in folder: URL) -> [URL] {
    let manager = FileManager.default
    if manager.fileExists(atPath: folder.appendingPathComponent(PluginManifest.fileName).path) { return [folder] }
    guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else { return [] }
    return names.sorted().filter { !$0.hasPrefix(".") }.map { folder.appendingPathComponent($0) }.filter {
      manager.fileExists(atPath: $0.appendingPathComponent(PluginManifest.fileName).path)
    }
  }

  /// The active plugin with `id`.
  public func plugin(id: String) -> DiscoveredPlugin? { active.last { $0.manifest.id == id } }

  /// The plugin `plugin` replaces by reusing its id (e.g. a workspace plugin with the id of a
  /// bundled rule), if any: the one discovered just before it, or, for a plugin given by path,
  /// the active one.
  public func shadowed(by plugin: DiscoveredPlugin) -> DiscoveredPlugin? {
    plugins.last { $0.manifest.id == plugin.manifest.id && ($0.shadowedBy == plugin.folder || ($0.isActive && !$0.folder.isSameFile(as: plugin.folder))) }
  }

  /// The line that announces that `plugin` shadows another plugin, for standard error and for
  /// the result's metadata; nil when it shadows nothing.
  public func shadowingNotice(for plugin: DiscoveredPlugin) -> String? {
    guard let hidden = shadowed(by: plugin) else { return nil }
    return "plugin \(plugin.manifest.id) \(plugin.manifest.version) from \(plugin.folder.path) (\(plugin.source.rawValue)) replaces the \(hidden.source.rawValue) plugin with the same id (\(hidden.manifest.version), \(hidden.folder.path))"
  }

  /// Finds what `reference` names: a path to a plugin folder, a plugin id, or the short name
  /// of something of `kind` that an active plugin provides.
  ///
  /// - Throws: ``PluginLookupError`` when nothing or more than one thing matches, or the
  ///   folder's manifest is broken.
  public func resolve(_ reference: String, kind: PluginKind) throws(PluginLookupError) -> (plugin: DiscoveredPlugin, provision: PluginManifest.Provision) {
    func provision(of plugin: DiscoveredPlugin) throws(PluginLookupError) -> PluginManifest.Provision {
      let matching = plugin.manifest.provides.filter { $0.kind == kind }
      guard let first = matching.first else {
        throw PluginLookupError("plugin \(plugin.manifest.id) provides no \(kind.rawValue) (it provides \(plugin.manifest.provides.map { "\($0.kind.rawValue) '\($0.name)'" }.joined(separator: ", ")))")
      }
      return first
    }
    if reference.contains("/") || reference.hasPrefix(".") {
      let folder = URL(fileURLWithPath: reference).standardizedFileURL
      let manifest: PluginManifest
      do {
        manifest = try PluginLoader.readManifest(in: folder)
      } catch {
        throw PluginLookupError(error.description)
      }
      let plugin = DiscoveredPlugin(manifest: manifest, folder: folder, source: .commandLine)
      return (plugin, try provision(of: plugin))
    }
    if let plugin = plugin(id: reference) { return (plugin, try provision(of: plugin)) }
    let matches = active.flatMap { plugin in
      plugin.manifest.provides.filter { $0.kind == kind && $0.name == reference }.map { (plugin, $0) }
    }
    if matches.count == 1 { return matches[0] }
    if matches.count > 1 {
      throw PluginLookupError("'\(reference)' is provided by several plugins (\(matches.map(\.0.manifest.id).joined(separator: ", "))); name one by its id")
    }
    if let local = Self.localFolder(reference) { return try resolve(local, kind: kind) }
    let known = active.flatMap { $0.manifest.provides.filter { $0.kind == kind }.map(\.name) }.sorted()
    let hint = known.isEmpty ? "no \(kind.rawValue) plugins were found" : "known: \(known.joined(separator: ", "))"
    throw PluginLookupError("no \(kind.rawValue) named '\(reference)' (\(hint)); give a name, a plugin id or a path to a plugin folder (for a plugin folder here, ./\(reference))")
  }
}

extension URL {
  /// Whether both name the same file once symbolic links are followed.
  fileprivate func isSameFile(as other: URL) -> Bool { resolvingSymlinksInPath().path == other.resolvingSymlinksInPath().path }
}

/// A plugin reference that cannot be resolved.
public struct PluginLookupError: ReportableError, Equatable {
  /// What is wrong and what to do.
  public var description: String
  init(_ description: String) { self.description = description }
}
