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
  /// The languages to write, in order (`--lang`; English by default).
  public var languages: ReportLanguages
  /// `key=value` settings for a workspace report (`--option`), checked against its manifest.
  public var options: [String]
  /// The output format.
  public var format: ReportFormat
  /// The council's stylesheet and logo (HTML only).
  public var look: ReportLook

  /// Creates a request.
  public init(
    report: String, dataFile: String? = nil, workspace: URL, grants: [String] = [], limits: LuaLimits = .default,
    today: CalendarDate, busyTimeout: TimeInterval, languages: ReportLanguages = .english, options: [String] = [],
    format: ReportFormat = .markdown, look: ReportLook = ReportLook()
  ) {
    self.report = report
    self.dataFile = dataFile
    self.workspace = workspace
    self.grants = grants
    self.limits = limits
    self.today = today
    self.busyTimeout = busyTimeout
    self.languages = languages
    self.options = options
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
  /// Files the report writes beside the document (`doc:csv`, `doc:json`, `doc:file`),
  /// serialised; empty for most reports.
  public var files: [File] = []

  /// One file of a report that writes several.
  public struct File: Sendable, Equatable {
    /// Its name inside the output folder.
    public var name: String
    /// Its bytes.
    public var bytes: Data
  }
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
    var style = try request.look.style(format: request.format)
    let prepared = try prepare(request, catalog: catalog, logger: logger)
    let codes = request.languages.codes
    let primary = codes[0]
    var renders: [RenderedDocument] = []
    for code in codes {
      let localizer = Localizer(language: code, languages: codes, translations: prepared.translations, pluginID: prepared.pluginID)
      let data = code == primary ? prepared.data : try prepared.dataIn(code)
      renders.append(try prepared.sandbox.render(prepared.definition, data: data, privacy: prepared.privacy, localizer: localizer))
    }
    var notes = prepared.notes
    let (blocks, merged) = BilingualDocument.combine(renders)
    if !merged {
      notes.append("the \(codes[0]) and \(codes[1]) documents differ in shape, so they are written one after the other rather than block by block")
    }
    var document = Document(blocks: blocks, stamp: prepared.stamp)
    document.words = HostText.documentWords(primary)
    for render in renders { for missing in render.missing where !notes.contains(missing) { notes.append(missing) } }
    if let privacy = prepared.privacy, renders[0].suppressedCounts > 0 {
      notes.append(HostText.string(
        "coprod.note.suppressed", primary,
        ["n": String(renders[0].suppressedCounts), "k": String(privacy.minimumGroupSize), "text": privacy.suppressedText(in: primary)]))
    }
    if let shadows = prepared.shadows {
      notes.insert("warning: \(shadows)", at: 0)
      document.blocks += codes.map { .note(HostText.string("coprod.note.shadows", $0, ["text": shadows])) }
    }
    style.language = primary
    let text = switch request.format {
    case .markdown: MarkdownRenderer.render(document)
    case .html: HTMLRenderer.render(document, name: displayName(prepared, codes), style: style)
    }
    return ReportOutput(text: text, notes: notes, files: renders[0].files.map(ReportFiles.serialise))
  }

  /// The report's name in each language written, from the `report_name` text of its
  /// translation files (joined with " / " for two languages), else its definition's name.
  private static func displayName(_ prepared: Prepared, _ codes: [String]) -> String {
    let names = codes.compactMap { code -> String? in
      guard case .text(let name)? = prepared.translations.languages[code]?["report_name"] else { return nil }
      return name
    }
    return names.count == codes.count ? names.joined(separator: " / ") : prepared.definition.name
  }

  /// The exact data the report would receive as its `data` argument, as JSON (for
  /// `coprod report --dump-input`), and the notes; nothing is rendered.
  ///
  /// - Throws: as ``run(_:catalog:logger:)`` does before rendering.
  public static func input(_ request: ReportRequest, catalog: PluginCatalog, logger: Logger) throws -> ReportOutput {
    let prepared = try prepare(request, catalog: catalog, logger: logger)
    return ReportOutput(text: JSONLuaValue.write(prepared.data), notes: prepared.notes)
  }

  /// What rendering needs: the sandbox and definition, the data in the first language (and
  /// how to build it in another), the plugin's translations, notes, privacy rules and stamp.
  private struct Prepared {
    var sandbox: LuaSandbox
    var definition: ReportDefinition
    var pluginID: String
    var translations: Translations
    var data: LuaValue
    var dataIn: (String) throws -> LuaValue
    var notes: [String]
    var privacy: DocumentPrivacy?
    var shadows: String?
    var stamp: Stamp
  }

  private static func prepare(_ request: ReportRequest, catalog: PluginCatalog, logger: Logger) throws -> Prepared {
    let (plugin, provision) = try catalog.resolve(request.report, kind: .report)
    var granted: [PluginManifest.Permission] = []
    for name in request.grants {
      guard let permission = PluginManifest.Permission(rawValue: name) else {
        let known = PluginManifest.Permission.allCases.map(\.rawValue).joined(separator: ", ")
        throw PermissionError(description: "--grant \(name): not a permission (\(known))")
      }
      granted.append(permission)
    }
    let translations = try TranslationLoader.load(folder: plugin.folder, manifest: plugin.manifest)
    let sandbox = try PluginLoader.sandbox(for: plugin, catalog: catalog, limits: request.limits, seed: 0, logger: logger)
    guard case .report(let definition) = try sandbox.loadDefinition(entry: provision.entry, kind: .report) else {
      throw ReportError(description: "plugin \(plugin.manifest.id) did not define a report")
    }
    var stamp = Stamp(
      report: provision.name,
      plugins: [Stamp.Plugin(role: "report", plugin)]
        + Set(plugin.manifest.dependencies.map(\.id)).sorted().compactMap { catalog.plugin(id: $0).map { Stamp.Plugin(role: "library", $0) } })
    var notes: [String] = []
    for code in request.languages.codes where translations.languages[code] == nil && !(code == "en" && translations.languages.isEmpty) {
      notes.append("plugin \(plugin.manifest.id) has no \(code) texts (\(plugin.manifest.translations.map { "\($0)/\(code).yaml" } ?? "no translations declared in plugin.yaml")); English used")
    }
    for code in request.languages.codes where !HostText.speaks(code) {
      notes.append("coprod's own texts (dates, suppression, the ladder and spectrum) are not in \(code); English used")
    }
    let primary = request.languages.codes[0]
    switch (definition.input, request.dataFile) {
    case ("workspace", nil):
      let workspace = try Workspace.open(at: request.workspace, busyTimeout: request.busyTimeout)
      let settings = try PluginLoader.settings(for: plugin.manifest, options: request.options)
      func build(_ language: String) throws -> WorkspaceReportData.Built {
        try WorkspaceReportData.build(
          workspace, manifest: plugin.manifest, granted: granted, today: request.today, language: language, settings: settings)
      }
      let built = try build(primary)
      stamp.stateHash = built.value.tableValue?["state_hash"].stringValue
      return Prepared(
        sandbox: sandbox, definition: definition, pluginID: plugin.manifest.id, translations: translations, data: built.value,
        dataIn: { try build($0).value }, notes: built.notes + notes, privacy: built.privacy, shadows: catalog.shadowingNotice(for: plugin),
        stamp: stamp)
    case ("workspace", .some):
      throw ReportError(description: "report \(provision.name) renders a workspace; run it in a workspace (or with --workspace DIR) without --data")
    case (_, .some(let data)):
      guard granted.isEmpty else { throw ReportError(description: "--grant applies to workspace data, not to --data files") }
      guard request.options.isEmpty else { throw ReportError(description: "--option applies to workspace reports; report \(provision.name) reads --data") }
      guard let bytes = FileManager.default.contents(atPath: data) else {
        throw ReportError(description: "\(data): cannot be read; check the path")
      }
      let value = try JSONLuaValue.read(bytes, file: data)
      stamp.data = (file: data, sha256: PluginLoader.sha256(of: bytes))
      if let rule = value.tableValue?["rule"].tableValue, let id = rule["id"].stringValue, let version = rule["version"].stringValue,
        let sha256 = rule["sha256"].stringValue
      {
        stamp.plugins.append(Stamp.Plugin(role: "rule", id: id, version: version, sha256: sha256))
      }
      return Prepared(
        sandbox: sandbox, definition: definition, pluginID: plugin.manifest.id, translations: translations, data: value,
        dataIn: { _ in value }, notes: notes, privacy: nil, shadows: catalog.shadowingNotice(for: plugin), stamp: stamp)
    case (_, nil):
      throw ReportError(description: "report \(provision.name) renders a count; give one with --data FILE.json (from coprod tally … --format json)")
    }
  }
}

/// A report asked for with input it cannot render.
public struct ReportError: ReportableError, Equatable {
  /// What is wrong and what to do.
  public var description: String
}
