// coprod — co-production toolkit. Apache-2.0.

import CoprodDocument
import CoprodLua
import CoprodModel
import CoprodPlugins
import Foundation
import Logging

// MARK: - Request

/// What `coprod report` was asked to do.
public struct ReportRequest: Sendable {
  /// A bundled report name, a plugin id or a path to a plugin folder.
  public var report: String
  /// JSON to render (e.g. a tally's result) instead of the workspace.
  public var dataFile: String?
  /// The workspace folder a workspace report reads (the current directory when nil).
  public var workspace: URL
  /// Permissions granted with `--grant`, as typed.
  public var grants: [String]
  /// The plugin's limits.
  public var limits: LuaLimits
  /// Today, for overdue commitments and the like.
  public var today: CalendarDate
  /// How long to wait for another command writing the workspace.
  public var busyTimeout: TimeInterval
  /// The output format.
  public var format: ReportFormat
  /// The council's stylesheet and logo (HTML only).
  public var look: ReportLook

  /// Creates a request.
  public init(
    report: String, dataFile: String? = nil, workspace: URL, grants: [String] = [], limits: LuaLimits = .default,
    today: CalendarDate, busyTimeout: TimeInterval, format: ReportFormat = .markdown, look: ReportLook = ReportLook()
  ) {
    self.report = report
    self.dataFile = dataFile
    self.workspace = workspace
    self.grants = grants
    self.limits = limits
    self.today = today
    self.busyTimeout = busyTimeout
    self.format = format
    self.look = look
  }
}

/// A rendered report and the notes for the person who ran it (e.g. a permission asked for but
/// not granted).
public struct ReportOutput: Sendable, Equatable {
  /// The document (Markdown or HTML).
  public var text: String
  /// Notes for standard error.
  public var notes: [String]
}

// MARK: - Running

/// Renders a report plugin on a workspace or on JSON data.
public enum Report {
  /// Resolves the report, builds what it reads (the workspace's privacy-preserving view or the
  /// JSON file) and renders it in the plugin's sandbox.
  ///
  /// - Throws: ``PluginLookupError`` for an unknown report, ``PermissionError`` for a bad
  ///   `--grant`, ``ReportError`` when the input does not suit the report,
  ///   ``PluginRunError`` when the plugin fails or hits a limit.
  public static func run(_ request: ReportRequest, catalog: PluginCatalog, logger: Logger) throws -> ReportOutput {
    let style = try request.look.style(format: request.format)
    let prepared = try prepare(request, catalog: catalog, logger: logger)
    let rendered = try prepared.sandbox.render(prepared.definition, data: prepared.data, privacy: prepared.privacy)
    var document = rendered.document
    var notes = prepared.notes
    if let privacy = prepared.privacy, rendered.suppressedCounts > 0 {
      notes.append("\(rendered.suppressedCounts) count(s) below \(privacy.minimumGroupSize) in the report's tables were replaced by '\(privacy.suppressedText)'")
    }
    if let shadows = prepared.shadows {
      notes.insert("warning: \(shadows)", at: 0)
      document.blocks.append(.note("Warning: \(shadows)."))
    }
    document.stamp = prepared.stamp
    let text = switch request.format {
    case .markdown: MarkdownRenderer.render(document)
    case .html: HTMLRenderer.render(document, name: prepared.definition.name, style: style)
    }
    return ReportOutput(text: text, notes: notes)
  }

  /// The exact data the report would receive as its `data` argument, as JSON (for
  /// `coprod report --dump-input`), and the notes; nothing is rendered.
  ///
  /// - Throws: as ``run(_:catalog:logger:)`` does before rendering.
  public static func input(_ request: ReportRequest, catalog: PluginCatalog, logger: Logger) throws -> ReportOutput {
    let prepared = try prepare(request, catalog: catalog, logger: logger)
    return ReportOutput(text: JSONLuaValue.write(prepared.data), notes: prepared.notes)
  }

  private static func prepare(
    _ request: ReportRequest, catalog: PluginCatalog, logger: Logger
  ) throws -> (
    sandbox: LuaSandbox, definition: ReportDefinition, data: LuaValue, notes: [String], privacy: DocumentPrivacy?, shadows: String?,
    stamp: Stamp
  ) {
    let (plugin, provision) = try catalog.resolve(request.report, kind: .report)
    var granted: [PluginManifest.Permission] = []
    for name in request.grants {
      guard let permission = PluginManifest.Permission(rawValue: name) else {
        let known = PluginManifest.Permission.allCases.map(\.rawValue).joined(separator: ", ")
        throw PermissionError(description: "--grant \(name): not a permission (\(known))")
      }
      granted.append(permission)
    }
    let sandbox = try PluginLoader.sandbox(for: plugin, catalog: catalog, limits: request.limits, seed: 0, logger: logger)
    guard case .report(let definition) = try sandbox.loadDefinition(entry: provision.entry, kind: .report) else {
      throw ReportError(description: "plugin \(plugin.manifest.id) did not define a report")
    }
    let value: LuaValue
    var stamp = Stamp(
      report: provision.name,
      plugins: [Stamp.Plugin(role: "report", plugin)]
        + Set(plugin.manifest.dependencies.map(\.id)).sorted().compactMap { catalog.plugin(id: $0).map { Stamp.Plugin(role: "library", $0) } })
    var notes: [String] = []
    var privacy: DocumentPrivacy?
    switch (definition.input, request.dataFile) {
    case ("workspace", nil):
      let workspace = try Workspace.open(at: request.workspace, busyTimeout: request.busyTimeout)
      let built = try WorkspaceReportData.build(workspace, manifest: plugin.manifest, granted: granted, today: request.today)
      (value, notes, privacy) = (built.value, built.notes, built.privacy)
      stamp.stateHash = value.tableValue?["state_hash"].stringValue
    case ("workspace", .some):
      throw ReportError(description: "report \(provision.name) renders a workspace; run it in a workspace (or with --workspace DIR) without --data")
    case (_, .some(let data)):
      guard granted.isEmpty else { throw ReportError(description: "--grant applies to workspace data, not to --data files") }
      guard let bytes = FileManager.default.contents(atPath: data) else {
        throw ReportError(description: "\(data): cannot be read; check the path")
      }
      value = try JSONLuaValue.read(bytes, file: data)
      stamp.data = (file: data, sha256: PluginLoader.sha256(of: bytes))
      if let rule = value.tableValue?["rule"].tableValue, let id = rule["id"].stringValue, let version = rule["version"].stringValue,
        let sha256 = rule["sha256"].stringValue
      {
        stamp.plugins.append(Stamp.Plugin(role: "rule", id: id, version: version, sha256: sha256))
      }
    case (_, nil):
      throw ReportError(description: "report \(provision.name) renders a count; give one with --data FILE.json (from coprod tally … --format json)")
    }
    return (sandbox, definition, value, notes, privacy, catalog.shadowingNotice(for: plugin), stamp)
  }
}

/// A report asked for with input it cannot render.
public struct ReportError: ReportableError, Equatable {
  /// What is wrong and what to do.
  public var description: String
}
