// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodPlugins
import CoprodSharing
import CoprodStore
import Foundation
import Logging

// MARK: - What a session runs in

/// What the ``SessionRunner`` reads from the place a session runs: the workspace (inside
/// the write transaction that records it) or a synthetic room for a rehearsal.
public struct SessionWorld {
  /// The participant with an id, if there is one.
  public var participant: (String) throws -> ParticipantRecord?
  /// True when the workspace holds a contribution with an id.
  public var contributionExists: (String) throws -> Bool
  /// Decisions already recorded (new ones are numbered after them).
  public var decisionIDs: [String]
  /// Commitments already made.
  public var commitmentIDs: [String]
  /// The consultation record, if any.
  public var consultation: Consultation?
  /// The workspace's name.
  public var name: String
  /// The smallest group size shown (k).
  public var minimumGroupSize: Int

  /// Creates a world.
  public init(
    participant: @escaping (String) throws -> ParticipantRecord?, contributionExists: @escaping (String) throws -> Bool,
    decisionIDs: [String], commitmentIDs: [String], consultation: Consultation?, name: String, minimumGroupSize: Int
  ) {
    self.participant = participant
    self.contributionExists = contributionExists
    self.decisionIDs = decisionIDs
    self.commitmentIDs = commitmentIDs
    self.consultation = consultation
    self.name = name
    self.minimumGroupSize = minimumGroupSize
  }

  /// The world of a workspace, read through the writer of the transaction that records the
  /// session.
  static func workspace(_ workspace: Workspace, writer: any WorkspaceWriter) throws -> SessionWorld {
    SessionWorld(
      participant: { try writer.participant($0) }, contributionExists: { try writer.contributionExists($0) },
      decisionIDs: try writer.decisions().map(\.id), commitmentIDs: try writer.commitments().map(\.id),
      consultation: try writer.consultation(), name: workspace.manifest.name, minimumGroupSize: workspace.minimumGroupSize)
  }
}

/// A session format ready to run: its plugin, definition and sandbox.
public struct LoadedFormat {
  /// The plugin's id, version and content hash.
  public var reference: PluginReference
  /// The plugin's manifest.
  public var manifest: PluginManifest
  /// The entry file, for messages.
  public var entry: String
  /// The validated definition.
  public var definition: SessionFormatDefinition
  /// The sandbox its stage functions run in (one run, one budget).
  public var sandbox: LuaSandbox
  /// Its settings (`session.settings`): `plugin.yaml`'s defaults, overridden by an inputs
  /// file's `settings:` (``applying(_:file:)``).
  public var settings: [String: LuaValue]

  /// Resolves `reference` (a name, id or folder) and loads its definition in a sandbox seeded
  /// with `seed`.
  public static func load(
    _ reference: String, catalog: PluginCatalog, limits: LuaLimits, seed: Int64, logger: Logger
  ) throws -> LoadedFormat {
    let (plugin, provision) = try catalog.resolve(reference, kind: .sessionFormat)
    return try load(plugin, entry: provision.entry, catalog: catalog, limits: limits, seed: seed, logger: logger)
  }

  /// Loads the definition of `plugin`'s session format from `entry`.
  static func load(
    _ plugin: DiscoveredPlugin, entry: String, catalog: PluginCatalog, limits: LuaLimits, seed: Int64, logger: Logger
  ) throws -> LoadedFormat {
    let sandbox = try PluginLoader.sandbox(for: plugin, catalog: catalog, limits: limits, seed: seed, logger: logger)
    guard case .sessionFormat(let definition) = try sandbox.loadDefinition(entry: entry, kind: .sessionFormat) else {
      throw SessionRunError("plugin \(plugin.manifest.id) did not define a session format")
    }
    return LoadedFormat(
      reference: PluginReference(
        id: plugin.manifest.id, version: plugin.manifest.version.description, hash: PluginLoader.runHash(of: plugin, catalog: catalog),
        signer: PluginProvenance.signer(of: plugin).citation),
      manifest: plugin.manifest, entry: entry, definition: definition, sandbox: sandbox,
      settings: try PluginLoader.settings(for: plugin.manifest, options: []))
  }
}

/// A session that cannot run as asked (not an input line's problem, nor a plugin's).
public struct SessionRunError: ReportableError, Equatable {
  /// What is wrong and what to do.
  public var description: String
  init(_ description: String) { self.description = description }
}
