// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodPlugins
import CoprodStore
import Foundation
import Logging

// MARK: - Request

/// What `coprod run` was asked to do.
public struct SessionRunRequest: Sendable {
  /// A session-format name, plugin id or folder.
  public var format: String
  /// The inputs file of a scripted session; nil with `dryRun`.
  public var inputs: String?
  /// Simulate on a synthetic room and write nothing.
  public var dryRun: Bool
  /// People in the synthetic room of a dry run.
  public var people: Int
  /// The seed (overrides the inputs file's).
  public var seed: Int64?
  /// Permissions granted to the format with `--grant`, as typed.
  public var grants: [String]
  /// Limits of every plugin run.
  public var limits: LuaLimits
  /// The workspace folder (a scripted session runs in it).
  public var workspace: URL
  /// How long to wait for another command writing the workspace.
  public var busyTimeout: TimeInterval

  /// Creates a request.
  public init(
    format: String, inputs: String?, dryRun: Bool, people: Int = 12, seed: Int64? = nil, grants: [String] = [],
    limits: LuaLimits = .default, workspace: URL, busyTimeout: TimeInterval = SQLiteWorkspaceStore.defaultBusyTimeout
  ) {
    self.format = format
    self.inputs = inputs
    self.dryRun = dryRun
    self.people = people
    self.seed = seed
    self.grants = grants
    self.limits = limits
    self.workspace = workspace
    self.busyTimeout = busyTimeout
  }
}

/// A finished run: the session as recorded (or as it would be, for a dry run) and its
/// account for people.
public struct SessionRunOutput: Sendable {
  /// The session, read back as `coprod sessions show` reads it.
  public var report: SessionReport
  /// What to print.
  public var text: String
  /// Warnings for standard error (a format that replaces another plugin with the same id).
  public var notes: [String] = []
}

// MARK: - Running

/// `coprod run`: runs a session format from an inputs file into a workspace, or rehearses it
/// on a synthetic room.
public enum SessionRun {
  /// Runs the request.
  ///
  /// - Throws: ``SessionInputError`` naming the inputs file's line and field,
  ///   ``PluginRunError`` naming the plugin, file and stage, ``PluginLookupError``,
  ///   ``PermissionError`` or ``SessionRunError``. Nothing is written when anything fails.
  public static func run(_ request: SessionRunRequest, catalog: PluginCatalog, context: CommandContext, logger: Logger) throws -> SessionRunOutput {
    let (plugin, provision) = try catalog.resolve(request.format, kind: .sessionFormat)
    let granted = try permissions(request.grants, manifest: plugin.manifest)
    if request.dryRun {
      guard request.inputs == nil else { throw SessionRunError("--dry-run rehearses on a synthetic room; leave out --inputs") }
      guard (1...10_000).contains(request.people) else { throw SessionRunError("--people must be from 1 to 10000") }
      var output = try rehearse(request, plugin: plugin, entry: provision.entry, granted: granted, catalog: catalog, context: context, logger: logger)
      output.notes = catalog.shadowingNotice(for: plugin).map { ["warning: \($0)"] } ?? []
      return output
    }
    guard let path = request.inputs else {
      throw SessionRunError("give --inputs FILE.yaml (what happened in the session), or --dry-run to rehearse it")
    }
    let inputs = try SessionInputs.read(path)
    let seed = request.seed ?? inputs.seed ?? 0
    let format = try LoadedFormat.load(plugin, entry: provision.entry, catalog: catalog, limits: request.limits, seed: seed, logger: logger)
      .applying(inputs.settings, file: inputs.file)
    var source = try ScriptedSource(inputs, format: format.definition)
    let workspace = try Workspace.open(at: request.workspace, busyTimeout: request.busyTimeout)
    let id = try workspace.store.write(context.info, dryRun: false) { writer in
      let id = try WorkspaceOperations.newID(nil, prefix: "s", taken: try writer.sessionIDs(), what: "session")
      let setup = SessionSetup(
        id: id, seed: seed, mode: .scripted, inputsSHA256: inputs.sha256, clock: { context.now }, granted: granted,
        limits: request.limits, catalog: catalog, logger: logger)
      let runner = SessionRunner(format: format, setup: setup, world: try .workspace(workspace, writer: writer), record: { try writer.record($0) })
      try runner.run(from: &source)
      try source.checkAllUsed()
      return id
    }
    let report = try SessionReport.read(id, from: workspace)
    return SessionRunOutput(
      report: report, text: SessionText.recorded(report), notes: catalog.shadowingNotice(for: plugin).map { ["warning: \($0)"] } ?? [])
  }

  /// Checks `--grant` against what the format's manifest asks for.
  static func permissions(_ grants: [String], manifest: PluginManifest) throws -> [PluginManifest.Permission] {
    try grants.map { name in
      guard let permission = PluginManifest.Permission(rawValue: name) else {
        let known = PluginManifest.Permission.allCases.map(\.rawValue).joined(separator: ", ")
        throw PermissionError(description: "--grant \(name): not a permission (\(known))")
      }
      guard manifest.permissions.contains(permission) else {
        throw PermissionError(description: "--grant \(name): plugin \(manifest.id) does not ask for it in plugin.yaml; grant only what a plugin asks for")
      }
      return permission
    }
  }

  /// Runs the format on a synthetic room in a scratch workspace that is removed afterwards,
  /// and describes the day: stages with minutes, groups, speaking orders, the vote and count.
  /// `settings` override `plugin.yaml`'s defaults as an inputs file's `settings:` would
  /// (`fixtures.rehearse { settings = … }`), checked against the manifest in the same way.
  static func rehearse(
    _ request: SessionRunRequest, plugin: DiscoveredPlugin, entry: String, granted: [PluginManifest.Permission],
    settings: [(key: String, value: String, line: Int)] = [], catalog: PluginCatalog, context: CommandContext, logger: Logger
  ) throws -> SessionRunOutput {
    let seed = request.seed ?? 0
    let format = try LoadedFormat.load(plugin, entry: entry, catalog: catalog, limits: request.limits, seed: seed, logger: logger)
      .applying(settings, file: "fixtures.rehearse")
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-rehearsal-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    // Simulated people need no suppression: the room is shown as it is.
    var manifest = try Workspace.create(at: scratch, name: "Rehearsal", now: context.now).manifest
    manifest.privacy.minimumGroupSize = 1
    let workspace = try Workspace.open(at: scratch).replacingManifest(manifest)
    let room = SyntheticRoom.people(request.people, seed: seed)
    var source = RehearsalSource(people: room.map(\.id), seed: seed)
    try workspace.store.write(context.info, dryRun: false) { writer in
      for person in room { try writer.record(.participantAdded(person)) }
      let setup = SessionSetup(
        id: "rehearsal", seed: seed, mode: .scripted, inputsSHA256: nil, clock: { context.now }, granted: granted,
        limits: request.limits, catalog: catalog, logger: logger)
      let runner = SessionRunner(format: format, setup: setup, world: try .workspace(workspace, writer: writer), record: { try writer.record($0) })
      try runner.run(from: &source)
    }
    var report = try SessionReport.read("rehearsal", from: workspace)
    report.plan(with: format.definition)
    return SessionRunOutput(report: report, text: SessionText.rehearsal(report, people: room.count))
  }
}
