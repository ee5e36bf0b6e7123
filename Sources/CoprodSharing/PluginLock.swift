// coprod — co-production toolkit. Apache-2.0.

import CoprodPlugins
import Foundation

/// A workspace's `coprod.lock`: the exact plugins it uses, one a line, sorted by id, so a
/// change shows as a one-line diff.
///
/// ```text
/// # coprod.lock: the exact plugins this workspace uses. Written by coprod; keep it with the workspace.
/// # id version sha256 signer
/// org.coprod.irv 1.0.0 3f2a…9c bundled
/// org.example.format 1.3.0 77e0…01 key:1A2B3C4D5E6F7081
/// ```
///
/// The sha256 is the plugin's content hash (``PluginLoader/contentHash(of:)``); the signer
/// is `bundled`, `unsigned` or `key:KEYID`.
public struct PluginLock: Sendable, Equatable {
  /// One locked plugin.
  public struct Entry: Sendable, Equatable {
    /// Plugin id.
    public var id: String
    /// Exact version.
    public var version: String
    /// Content hash.
    public var sha256: String
    /// `bundled`, `unsigned` or `key:KEYID`.
    public var signer: String

    /// Creates an entry.
    public init(id: String, version: String, sha256: String, signer: String) {
      self.id = id
      self.version = version
      self.sha256 = sha256
      self.signer = signer
    }

    var line: String { "\(id) \(version) \(sha256) \(signer)" }
  }

  /// The entries by id.
  public var entries: [String: Entry]

  /// The lock file's name, in the workspace folder.
  public static let fileName = "coprod.lock"
  static let header = """
    # coprod.lock: the exact plugins this workspace uses. Written by coprod; keep it with the workspace.
    # id version sha256 signer
    """

  /// Creates a lock.
  public init(entries: [String: Entry] = [:]) { self.entries = entries }

  /// The file text, sorted by id.
  public var text: String {
    ([Self.header] + entries.keys.sorted().map { entries[$0]!.line }).joined(separator: "\n") + "\n"
  }

  /// Reads `text`.
  ///
  /// - Throws: ``SharingError`` naming the file and line of a malformed line.
  public init(text: String, source: String) throws(SharingError) {
    entries = [:]
    for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      let parts = line.split(separator: " ").map(String.init)
      guard parts.count == 4, SemanticVersion(parts[1]) != nil, parts[2].count == 64 else {
        throw SharingError("\(source):\(offset + 1): expected 'id version sha256 signer'; fix the line or delete it and run again with --update-lock")
      }
      entries[parts[0]] = Entry(id: parts[0], version: parts[1], sha256: parts[2], signer: parts[3])
    }
  }

  /// The lock of `workspace`, or nil when it has none.
  public static func read(workspace: URL) throws(SharingError) -> PluginLock? {
    let file = workspace.appendingPathComponent(fileName)
    guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
    return try PluginLock(text: String(decoding: data, as: UTF8.self), source: file.path)
  }

  /// Adds or replaces `entry` in the workspace's lock (made if missing).
  public static func record(_ entry: Entry, workspace: URL) throws {
    try update(workspace) { $0.entries[entry.id] = entry }
  }

  /// Removes `id` from the workspace's lock, if it has one.
  public static func remove(id: String, workspace: URL) throws {
    guard FileManager.default.fileExists(atPath: workspace.appendingPathComponent(fileName).path) else { return }
    try update(workspace) { $0.entries[id] = nil }
  }

  private static func update(_ workspace: URL, _ change: (inout PluginLock) -> Void) throws {
    try PluginInstaller.withLock(on: workspace, name: ".coprod-lock.lock") {
      var lock = try read(workspace: workspace) ?? PluginLock()
      let before = lock
      change(&lock)
      if lock != before || !FileManager.default.fileExists(atPath: workspace.appendingPathComponent(fileName).path) {
        try SharingFiles.save(Data(lock.text.utf8), to: workspace.appendingPathComponent(fileName))
      }
    }
  }

  // MARK: Checking at run time

  /// The entry that describes `plugin` as it is on disk now.
  public static func entry(for plugin: DiscoveredPlugin) -> Entry {
    Entry(
      id: plugin.manifest.id, version: plugin.manifest.version.description, sha256: PluginLoader.contentHash(of: plugin.folder),
      signer: PluginProvenance.signer(of: plugin).lockText)
  }

  /// The one-line refusal for a plugin that no longer matches the lock.
  static func mismatch(locked: Entry, found: Entry, folder: URL) -> String {
    "plugin \(found.id) does not match \(fileName): the lock has \(locked.version) sha256 \(locked.sha256.prefix(12))… signed by \(locked.signer), "
      + "but \(folder.path) holds \(found.version) sha256 \(found.sha256.prefix(12))… signed by \(found.signer); "
      + "restore the locked plugin, or run again with --update-lock to use this one and record it"
  }
}

/// The lock check of one command in a workspace: before a plugin (or a library it requires)
/// runs, it must match the workspace's `coprod.lock` (``check(_:)``, set as
/// ``PluginCatalog/loadCheck``); plugins the lock does not list yet — or, with `update`,
/// that differ from it — are recorded by ``commit()`` once the command has succeeded, so a
/// failed command writes nothing. A folder that is not a workspace (no `coprod.json`) is not
/// checked.
public final class PluginLockGuard: @unchecked Sendable {
  private let workspace: URL
  private let update: Bool
  private let mutex = NSLock()
  private var pending: [String: PluginLock.Entry] = [:]

  /// A guard for `workspace`; with `update`, a plugin that differs from the lock is used and
  /// recorded instead of stopping the command.
  public init(workspace: URL, update: Bool) {
    self.workspace = workspace
    self.update = update
  }

  private var isWorkspace: Bool { FileManager.default.fileExists(atPath: workspace.appendingPathComponent("coprod.json").path) }

  /// Refuses `plugin` when it differs from its lock line (unless updating).
  ///
  /// - Throws: ``SharingError`` naming the lock's and the plugin's version, hash and signer.
  public func check(_ plugin: DiscoveredPlugin) throws {
    guard isWorkspace else { return }
    let found = PluginLock.entry(for: plugin)
    let locked = try PluginLock.read(workspace: workspace)?.entries[found.id]
    if let locked, !update, locked != found {
      throw SharingError(PluginLock.mismatch(locked: locked, found: found, folder: plugin.folder))
    }
    if locked != found {
      mutex.lock()
      pending[found.id] = found
      mutex.unlock()
    }
  }

  /// Records the plugins checked that the lock did not list (or, updating, listed otherwise).
  public func commit() throws {
    mutex.lock()
    let entries = pending.values.sorted { $0.id < $1.id }
    pending = [:]
    mutex.unlock()
    for entry in entries { try PluginLock.record(entry, workspace: workspace) }
  }
}

