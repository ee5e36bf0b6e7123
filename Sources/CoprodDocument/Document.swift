// coprod — co-production toolkit. Apache-2.0.

/// A report as a format-neutral list of blocks, built by a plugin through the `doc` object
/// and rendered by ``MarkdownRenderer`` or ``HTMLRenderer``.
public struct Document: Sendable, Equatable {
  /// The blocks, in the order the plugin added them.
  public var blocks: [Block]
  /// What the report was made from, printed at its end.
  public var stamp: Stamp?
  /// The words coprod writes around the blocks, in the report's language.
  public var words = DocumentWords()

  /// Creates a document.
  public init(blocks: [Block] = [], stamp: Stamp? = nil) {
    self.blocks = blocks
    self.stamp = stamp
  }

  /// The text of the first level-1 heading, if any.
  public var title: String? {
    for case .heading(1, let text) in blocks { return text }
    return nil
  }
}

/// One block of a ``Document``.
public enum Block: Sendable, Equatable {
  /// A heading, level 1 to 6.
  case heading(level: Int, text: String)
  /// A paragraph of plain text (backticks mark code, as in Markdown).
  case paragraph(String)
  /// A bulleted or numbered list of plain-text items.
  case list(items: [String], ordered: Bool)
  /// A table.
  case table(Table)
  /// A quotation.
  case quote(String)
  /// A note from the host (a warning), set apart from the plugin's text.
  case note(String)
  /// A chart, drawn by the host, with its data as a table alternative.
  case chart(Chart)
}

/// A table: a header row, body rows of cell text, and an optional caption.
public struct Table: Sendable, Equatable {
  /// The column headings.
  public var header: [String]
  /// The body rows, each as long as `header`.
  public var rows: [[String]]
  /// What the table shows; HTML output falls back to the nearest heading above it.
  public var caption: String?

  /// Creates a table.
  public init(header: [String], rows: [[String]], caption: String? = nil) {
    self.header = header
    self.rows = rows
    self.caption = caption
  }
}

/// The provenance a report names at its end, so a reader can check what it was made from.
public struct Stamp: Sendable, Equatable {
  /// A plugin involved in the report: the report itself, its libraries, a counting rule.
  public struct Plugin: Sendable, Equatable {
    /// What the plugin did ("report", "library", "rule").
    public var role: String
    /// The plugin id, e.g. `org.coprod.you-said`.
    public var id: String
    /// Its version.
    public var version: String
    /// Its content hash (`coprod plugins hash`).
    public var sha256: String

    /// Creates an entry.
    public init(role: String, id: String, version: String, sha256: String) {
      self.role = role
      self.id = id
      self.version = version
      self.sha256 = sha256
    }
  }

  /// The report's name (its plugin.yaml `provides` name).
  public var report: String
  /// The workspace state hash (head of the event chain), for workspace reports.
  public var stateHash: String?
  /// The data file and its SHA-256, for reports on a JSON file.
  public var data: (file: String, sha256: String)?
  /// The plugins involved, the report first.
  public var plugins: [Plugin]

  /// Creates a stamp.
  public init(report: String, stateHash: String? = nil, data: (file: String, sha256: String)? = nil, plugins: [Plugin]) {
    self.report = report
    self.stateHash = stateHash
    self.data = data
    self.plugins = plugins
  }

  /// The stamp as sentences in `words`, the same in every format.
  public func lines(_ words: DocumentWords) -> [String] {
    var lines: [String] = []
    if let stateHash { lines.append(DocumentWords.fill(words.stateHash, ["hash": stateHash])) }
    if let data { lines.append(DocumentWords.fill(words.data, ["file": data.file, "sha256": data.sha256])) }
    for plugin in plugins {
      let role = words.roles[plugin.role] ?? plugin.role
      lines.append(DocumentWords.fill(words.plugin, ["role": role, "id": plugin.id, "version": plugin.version, "sha256": plugin.sha256]))
    }
    return lines
  }

  public static func == (left: Stamp, right: Stamp) -> Bool {
    left.report == right.report && left.stateHash == right.stateHash && left.data?.file == right.data?.file
      && left.data?.sha256 == right.data?.sha256 && left.plugins == right.plugins
  }
}
