// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodStore
import Foundation

// MARK: - Workspace

/// A consultation workspace: a folder holding a small manifest (`coprod.json`) and one
/// SQLite database.
public struct Workspace: Sendable {
  /// The workspace folder.
  public let directory: URL
  /// The manifest read from `coprod.json`.
  public let manifest: WorkspaceManifest
  /// The store holding the event log and tables.
  public let store: any WorkspaceStore

  /// The smallest group size shown in aggregates (k).
  public var minimumGroupSize: Int { manifest.privacy.minimumGroupSize }

  /// Makes a new workspace in `directory` (created if missing; it must not already hold a
  /// workspace).
  public static func create(at directory: URL, name: String?, now: Timestamp) throws -> Workspace {
    let fm = FileManager.default
    let manifestURL = directory.appendingPathComponent(WorkspaceManifest.fileName)
    if fm.fileExists(atPath: manifestURL.path) { throw WorkspaceError.alreadyExists(directory.path) }
    do {
      try fm.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw WorkspaceError.cannotCreate(directory.path, error.localizedDescription)
    }
    let manifest = WorkspaceManifest(name: name ?? directory.lastPathComponent, created: now)
    let databasePath = directory.appendingPathComponent(manifest.database).path
    if fm.fileExists(atPath: databasePath) { throw WorkspaceError.alreadyExists(directory.path) }
    let store = try SQLiteWorkspaceStore.create(at: databasePath)
    try write(manifest, to: directory)
    return Workspace(directory: directory, manifest: manifest, store: store)
  }

  /// Opens the workspace in `directory`, migrating an older database forward.
  public static func open(at directory: URL, busyTimeout: TimeInterval = SQLiteWorkspaceStore.defaultBusyTimeout) throws -> Workspace {
    let manifestURL = directory.appendingPathComponent(WorkspaceManifest.fileName)
    guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
      throw WorkspaceError.notAWorkspace(directory.path)
    }
    let manifest: WorkspaceManifest
    do {
      manifest = try JSONDecoder().decode(WorkspaceManifest.self, from: data)
    } catch {
      throw WorkspaceError.badManifest(
        manifestURL.path,
        "not a workspace manifest (\(DecodingProblem.describe(error))); restore it from a backup, or import a `coprod export` bundle into a new workspace")
    }
    guard manifest.format == WorkspaceManifest.formatName else {
      throw WorkspaceError.badManifest(manifestURL.path, "format: expected \"\(WorkspaceManifest.formatName)\"")
    }
    guard manifest.formatVersion <= WorkspaceManifest.currentFormatVersion else {
      throw WorkspaceError.badManifest(manifestURL.path, "formatVersion \(manifest.formatVersion) is newer than this coprod; upgrade coprod")
    }
    guard manifest.privacy.minimumGroupSize >= 1 else {
      throw WorkspaceError.badManifest(manifestURL.path, "privacy.minimumGroupSize: must be at least 1")
    }
    let store = try SQLiteWorkspaceStore.open(
      at: directory.appendingPathComponent(manifest.database).path, busyTimeout: busyTimeout)
    return Workspace(directory: directory, manifest: manifest, store: store)
  }

  /// Replaces the manifest (used when a bundle brings its own name and privacy settings).
  public func replacingManifest(_ manifest: WorkspaceManifest) throws -> Workspace {
    try Self.write(manifest, to: directory)
    return Workspace(directory: directory, manifest: manifest, store: store)
  }

  static func write(_ manifest: WorkspaceManifest, to directory: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let url = directory.appendingPathComponent(WorkspaceManifest.fileName)
    do {
      try (try encoder.encode(manifest) + Data("\n".utf8)).write(to: url, options: .atomic)
    } catch {
      throw WorkspaceError.cannotCreate(url.path, error.localizedDescription)
    }
  }
}

// MARK: - Command context

/// Who runs a command, when, and with what command line; stamped on every event it makes.
public struct CommandContext: Sendable {
  /// Who (`COPROD_ACTOR`, else the login name).
  public var actor: String
  /// When (`COPROD_NOW` if set, for reproducible runs; else the clock), to the second.
  public var now: Timestamp
  /// The command line after `coprod`, with free text masked (``RecordedCommandLine``).
  public var commandLine: String
  /// Told now and then what share of a long command's work is done (0 to 1), for a progress
  /// bar; nil when no one is watching.
  public var progress: (@Sendable (Double) -> Void)?

  /// Creates a context.
  public init(actor: String, now: Timestamp, commandLine: String) {
    self.actor = actor
    self.now = now
    self.commandLine = commandLine
  }

  /// The context of this process, from its environment and arguments.
  public static func current(arguments: [String] = CommandLine.arguments) throws -> CommandContext {
    let env = ProcessInfo.processInfo.environment
    let actor = env["COPROD_ACTOR"] ?? env["USER"] ?? env["LOGNAME"] ?? "unknown"
    let now: Timestamp
    if let fixed = env["COPROD_NOW"] {
      guard let value = Timestamp(fixed) else { throw WorkspaceError.badClock(fixed) }
      now = value
    } else {
      now = Timestamp(Date())
    }
    return CommandContext(actor: actor, now: now, commandLine: RecordedCommandLine.record(Array(arguments.dropFirst())))
  }

  /// The ``CommandInfo`` for the store.
  public var info: CommandInfo { CommandInfo(actor: actor, at: now, command: commandLine) }

}

extension Timestamp {
  /// `date` in UTC, truncated to the second.
  public init(_ date: Date) {
    guard let value = Timestamp(secondsSince1970: Int64(date.timeIntervalSince1970.rounded(.down))) else {
      preconditionFailure("\(date) is outside the years 0000-9999")
    }
    self = value
  }
}
