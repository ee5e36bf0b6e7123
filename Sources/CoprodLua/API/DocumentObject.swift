// coprod — co-production toolkit. Apache-2.0.

import CLua
import CoprodDocument
import Foundation

/// Builds a format-neutral ``Document`` from a report's calls to the `doc` object.
final class DocumentBuilder {
  private(set) var blocks: [Block] = []
  private var allowance: OutputAllowance
  /// The group-size rules tables and charts are checked against; nil for documents about no people.
  let privacy: DocumentPrivacy?
  /// How many counts in declared count columns were replaced because they were too small.
  private(set) var suppressedCounts = 0
  /// The language this render writes, and the texts it looks up (`doc:t`).
  let localizer: Localizer
  /// Files written beside the document (`doc:csv`, `doc:json`, `doc:file`), in order.
  private(set) var files: [ReportFile] = []

  init(outputLimit: Int, privacy: DocumentPrivacy? = nil, localizer: Localizer = Localizer(language: "en", languages: ["en"], translations: Translations(), pluginID: "")) {
    allowance = OutputAllowance(limit: outputLimit)
    self.privacy = privacy
    self.localizer = localizer
  }

  /// Adds a file, counting its size against the run's output allowance.
  func addFile(_ file: ReportFile, from method: String) throws(LuaCallError) {
    let size: Int
    switch file.content {
    case .text(let text): size = text.utf8.count
    case .csv(let columns, let rows): size = (rows + [columns]).reduce(0) { $0 + $1.reduce(1) { $0 + $1.utf8.count + 1 } }
    case .json(let value): size = Self.size(of: value)
    }
    try allowance.spend(size, in: method)
    files.append(file)
  }

  /// Counts one count the host suppressed.
  func noteSuppressed() { suppressedCounts += 1 }

  /// Adds a block, charging its Markdown size to the plugin's output allowance.
  func add(_ block: Block, from method: String) throws(LuaCallError) {
    try allowance.spend(MarkdownRenderer.block(block).utf8.count, in: method)
    blocks.append(block)
  }

  /// About how many bytes `value` takes as JSON, so a report cannot hold more than its
  /// output allowance in files.
  static func size(of value: LuaValue) -> Int {
    switch value {
    case .string(let text): text.utf8.count + 2
    case .table(let table): table.array.reduce(2) { $0 + size(of: $1) + 1 } + table.fields.reduce(0) { $0 + $1.key.utf8.count + 4 + size(of: $1.value) }
    default: 8
    }
  }

}

/// The `doc` object passed to a report's `render`.
enum DocumentObject {
  /// The documented methods (the single source of docs/lua-api.md § doc).
  static let reference: [LuaAPIEntry] = [
    .init("doc:heading(level, text)", "", "A heading, level 1 to 6."),
    .init("doc:paragraph(text)", "", "A paragraph of plain text."),
    .init("doc:list(items [, ordered])", "", "A bulleted list (numbered when `ordered` is true) of strings."),
    .init("doc:table { columns = { … }, rows = { { … }, … } }", "", "A table; cells are strings or numbers."),
    .init(
      "doc:table { columns = { … }, rows = { … }, counts = { column, … } }", "",
      "`counts` names the columns (by name or number) that count people. In a workspace report, coprod replaces a count from 1 to k − 1 there with `fewer than k` (k is the workspace's minimum group size); a table without `counts` whose row names a group smaller than k beside such a number is refused."),
    .init("doc:quote(text)", "", "A quotation, e.g. a resident's words they agreed to publish."),
  ] + chartReference + DocumentLanguageMethods.reference

  static func make(_ builder: DocumentBuilder) -> HostObject {
    func text(_ stack: LuaStack, _ position: Int32, _ method: String) throws(LuaCallError) -> String {
      if let value = stack.string(at: position) { return value }
      if let number = stack.integer(at: position) { return String(number) }
      if let number = stack.double(at: position) { return String(number) }
      throw LuaCallError("bad argument #\(position - 1) to '\(method)' (string expected, got \(stack.typeName(at: position)))")
    }
    func cellText(_ value: LuaValue, _ where_: String) throws(LuaCallError) -> String {
      switch value {
      case .string(let text): return text
      case .integer(let number): return String(number)
      case .number(let number): return String(number)
      case .boolean(let flag): return flag ? "yes" : "no"
      default: throw LuaCallError("doc:table: \(where_) must be a string or a number, got \(value.typeName)")
      }
    }
    /// The column offsets `counts` names, nil when the table declares none.
    func countColumns(_ value: LuaValue, header: [String]) throws(LuaCallError) -> [Int]? {
      if case .nil = value { return nil }
      guard let list = value.tableValue, list.fields.isEmpty else {
        throw LuaCallError("doc:table: counts must be a list of column names or numbers, got \(value.typeName)")
      }
      var columns: [Int] = []
      for (offset, item) in list.array.enumerated() {
        if let name = item.stringValue, let column = header.firstIndex(of: name) {
          columns.append(column)
        } else if case .integer(let number) = item, (1...Int64(header.count)).contains(number) {
          columns.append(Int(number) - 1)
        } else {
          throw LuaCallError("doc:table: counts[\(offset + 1)] must name one of the columns (by name or number 1 to \(header.count))")
        }
      }
      return columns
    }
    var object = HostObject(name: "doc")
    object.methods = [
      "heading": { stack throws(LuaCallError) in
        guard let level = stack.integer(at: 2), (1...6).contains(level) else {
          throw LuaCallError("bad argument #1 to 'heading' (level 1 to 6 expected)")
        }
        try builder.add(.heading(level: Int(level), text: try text(stack, 3, "heading")), from: "doc:heading")
        return 0
      },
      "paragraph": { stack throws(LuaCallError) in
        try builder.add(.paragraph(try text(stack, 2, "paragraph")), from: "doc:paragraph")
        return 0
      },
      "quote": { stack throws(LuaCallError) in
        try builder.add(.quote(try text(stack, 2, "quote")), from: "doc:quote")
        return 0
      },
      "list": { stack throws(LuaCallError) in
        guard let items = stack.stringArray(at: 2) else {
          throw LuaCallError("bad argument #1 to 'list' (array of strings expected, got \(stack.typeName(at: 2)))")
        }
        let ordered = stack.boolean(at: 3)
        guard !items.isEmpty else { return 0 }
        try builder.add(.list(items: items, ordered: ordered), from: "doc:list")
        return 0
      },
      "table": { stack throws(LuaCallError) in
        guard stack.type(at: 2) == LUA_TTABLE else {
          throw LuaCallError("bad argument #1 to 'table' (table expected, got \(stack.typeName(at: 2)))")
        }
        let table: LuaTable
        do throws(LuaReadError) {
          table = try stack.value(at: 2).tableValue ?? LuaTable()
        } catch {
          throw LuaCallError("doc:table: \(error.problem)")
        }
        guard let columns = table["columns"].tableValue, !columns.array.isEmpty else {
          throw LuaCallError("doc:table: columns must be a non-empty list of strings")
        }
        var header: [String] = []
        for (offset, column) in columns.array.enumerated() { header.append(try cellText(column, "columns[\(offset + 1)]")) }
        let countColumns = try countColumns(table["counts"], header: header)
        var body: [[String]] = []
        for (rowOffset, row) in (table["rows"].tableValue?.array ?? []).enumerated() {
          guard var cells = row.tableValue?.array, cells.count == header.count else {
            throw LuaCallError("doc:table: rows[\(rowOffset + 1)] must be a list of \(header.count) cells")
          }
          if let privacy = builder.privacy {
            if countColumns == nil { try privacy.checkUndeclared(cells, at: "doc:table: rows[\(rowOffset + 1)]") }
            for column in countColumns ?? [] where privacy.isSmallCount(cells[column]) {
              cells[column] = .string(privacy.suppressedText(in: builder.localizer.language))
              builder.noteSuppressed()
            }
          }
          var texts: [String] = []
          for (cellOffset, cell) in cells.enumerated() { texts.append(try cellText(cell, "rows[\(rowOffset + 1)][\(cellOffset + 1)]")) }
          body.append(texts)
        }
        let caption = try optionalText(table["caption"], "doc:table: caption")
        try builder.add(.table(Table(header: header, rows: body, caption: caption)), from: "doc:table")
        return 0
      },
    ]
    for (name, method) in chartMethods(builder) { object.methods[name] = method }
    DocumentLanguageMethods.add(to: &object, builder: builder)
    return object
  }
}
