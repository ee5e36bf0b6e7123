// coprod — co-production toolkit. Apache-2.0.

import CLua
import Foundation

/// A file a report writes beside its document (`doc:csv`, `doc:json`, `doc:file`), written
/// into the folder given with `coprod report … --out DIR`.
public struct ReportFile: Sendable, Equatable {
  /// The file's name inside the folder, e.g. `contributions.csv`.
  public var name: String
  /// What goes in it.
  public var content: Content

  /// A file's content, serialised by the host.
  public enum Content: Sendable, Equatable {
    /// Text written as given (UTF-8).
    case text(String)
    /// A CSV table (RFC 4180): a header row, then the rows.
    case csv(columns: [String], rows: [[String]])
    /// A value written as JSON with sorted keys.
    case json(LuaValue)
  }

  /// Whether `name` may name a report's file: letters, digits, `.`, `-` and `_`, starting
  /// with a letter or digit, at most 100 characters; no folders.
  public static func isValidName(_ name: String) -> Bool {
    name.count <= 100 && name.range(of: "^[A-Za-z0-9][A-Za-z0-9._-]*$", options: .regularExpression) != nil
  }
}

/// The `doc` methods for languages and for files a report writes beside its document.
enum DocumentLanguageMethods {
  /// The documented entries (part of docs/lua-api.md § doc).
  static let reference: [LuaAPIEntry] = [
    .init("doc.lang", "string", "The language this render writes, e.g. \"en\" or \"cy\" (`coprod report … --lang`). For `--lang cy+en` the host calls `render` once per language, Welsh first, and interleaves the two documents block by block (Welsh then English)."),
    .init("doc.languages", "{ string, … }", "Every language of the output in order, e.g. `{ \"cy\", \"en\" }`: for files that carry all languages at once (`doc:t(key, vars, lang)`)."),
    .init("doc:t(key [, vars [, lang]])", "string", "The plugin's text `key` in `doc.lang` (or `lang`) from its `i18n/LANG.yaml`, with `{name}` placeholders filled from `vars`; a text with plural forms (zero, one, two, few, many, other, by CLDR rules) is chosen by `vars.count` or `vars.n`. Keys starting `coprod.` are the host's own texts (docs/reports.md § Languages). A missing text falls back to English and the run's notes say so; a text missing in English too shows its key."),
    .init("doc:date(text [, lang])", "string", "`2026-06-10` (or a timestamp starting so) as `10 June 2026`, or `10 Mehefin 2026` in Welsh; other text is returned unchanged."),
    .init("doc:number(n [, decimals])", "string", "A number with thousands separated (`1,204`) and `decimals` decimal places (default: none for whole numbers, else 2)."),
    .init("doc:people(n [, total])", "string", "\"6 people\", \"3 of 12 people\" (\"3 o'r 12 o bobl\" in Welsh), in `doc.lang`."),
    .init("doc:csv(name, { columns = { … }, rows = { { … }, … } })", "", "A CSV file (RFC 4180, UTF-8) written beside the document; needs `--out DIR`. Cells are strings, numbers or booleans (`\"\"` for an empty cell). `name` is a plain file name (letters, digits, `.`, `-`, `_`)."),
    .init("doc:json(name, value)", "", "A JSON file (keys sorted, so output is reproducible) written beside the document; needs `--out DIR`."),
    .init("doc:file(name, text)", "", "A text file written beside the document as given; needs `--out DIR`."),
  ]

  /// Adds the fields and methods to `object`.
  static func add(to object: inout HostObject, builder: DocumentBuilder) {
    let localizer = builder.localizer
    let languages = LuaValue.table(LuaTable(array: localizer.languages.map(LuaValue.string)))
    func pushLanguages(_ stack: LuaStack) throws(LuaCallError) { try stack.push(languages) }
    object.fields["lang"] = { stack in stack.push(localizer.language) }
    object.fields["languages"] = pushLanguages
    let methods: [String: (LuaStack) throws(LuaCallError) -> Int32] = [
      "t": { (stack: LuaStack) throws(LuaCallError) -> Int32 in
        guard let key = stack.string(at: 2) else {
          throw LuaCallError("bad argument #1 to 't' (string key expected, got \(stack.typeName(at: 2)))")
        }
        var vars: [String: String] = [:]
        var count: Double?
        if stack.type(at: 3) == LUA_TTABLE {
          let table = try value(stack, 3, "t").tableValue ?? LuaTable()
          for (name, item) in table.fields { vars[name] = try scalarText(item, "doc:t: vars.\(name)") }
          count = table["count"].doubleValue ?? table["n"].doubleValue
        } else if stack.type(at: 3) != LUA_TNONE, stack.type(at: 3) != LUA_TNIL {
          throw LuaCallError("bad argument #2 to 't' (table of values expected, got \(stack.typeName(at: 3)))")
        }
        stack.push(localizer.text(key, vars: vars, count: count, language: try language(stack, 4, "t")))
        return 1
      },
      "date": { (stack: LuaStack) throws(LuaCallError) -> Int32 in
        guard let text = stack.string(at: 2) else { throw LuaCallError("bad argument #1 to 'date' (string expected, got \(stack.typeName(at: 2)))") }
        stack.push(HostText.date(text, try language(stack, 3, "date") ?? localizer.language) ?? text)
        return 1
      },
      "number": { (stack: LuaStack) throws(LuaCallError) -> Int32 in
        let value = try number(stack, 2, "number")
        var decimals: Int?
        if stack.type(at: 3) != LUA_TNONE, stack.type(at: 3) != LUA_TNIL {
          guard let places = stack.integer(at: 3), (0...6).contains(places) else {
            throw LuaCallError("bad argument #2 to 'number' (0 to 6 decimal places expected)")
          }
          decimals = Int(places)
        }
        stack.push(HostText.number(value, decimals: decimals))
        return 1
      },
      "people": { (stack: LuaStack) throws(LuaCallError) -> Int32 in
        let n = try number(stack, 2, "people")
        if stack.type(at: 3) == LUA_TNONE || stack.type(at: 3) == LUA_TNIL {
          stack.push(localizer.text("coprod.people", vars: ["n": HostText.number(n, decimals: nil)], count: n))
        } else {
          let total = try number(stack, 3, "people")
          stack.push(localizer.text(
            "coprod.people_of", vars: ["n": HostText.number(n, decimals: nil), "total": HostText.number(total, decimals: nil)], count: total))
        }
        return 1
      },
      "csv": { (stack: LuaStack) throws(LuaCallError) -> Int32 in
        let name = try fileName(stack, "csv", builder)
        guard let table = try value(stack, 3, "csv").tableValue, let columns = table["columns"].tableValue?.array, !columns.isEmpty else {
          throw LuaCallError("doc:csv: give { columns = { … }, rows = { { … }, … } } with at least one column")
        }
        var header: [String] = []
        for (offset, cell) in columns.enumerated() { header.append(try scalarText(cell, "doc:csv: columns[\(offset + 1)]")) }
        var rows: [[String]] = []
        for (offset, row) in (table["rows"].tableValue?.array ?? []).enumerated() {
          guard let cells = row.tableValue?.array, cells.count == header.count else {
            throw LuaCallError("doc:csv: rows[\(offset + 1)] must be a list of \(header.count) cells (use \"\" for an empty one)")
          }
          var texts: [String] = []
          for (index, cell) in cells.enumerated() { texts.append(try scalarText(cell, "doc:csv: rows[\(offset + 1)][\(index + 1)]")) }
          rows.append(texts)
        }
        try builder.addFile(ReportFile(name: name, content: .csv(columns: header, rows: rows)), from: "doc:csv")
        return 0
      },
      "json": { (stack: LuaStack) throws(LuaCallError) -> Int32 in
        let name = try fileName(stack, "json", builder)
        try builder.addFile(ReportFile(name: name, content: .json(try value(stack, 3, "json"))), from: "doc:json")
        return 0
      },
      "file": { (stack: LuaStack) throws(LuaCallError) -> Int32 in
        let name = try fileName(stack, "file", builder)
        guard let text = stack.string(at: 3) else { throw LuaCallError("bad argument #2 to 'file' (string expected, got \(stack.typeName(at: 3)))") }
        try builder.addFile(ReportFile(name: name, content: .text(text)), from: "doc:file")
        return 0
      },
    ]
    object.methods.merge(methods) { current, _ in current }
  }

  static func language(_ stack: LuaStack, _ position: Int32, _ method: String) throws(LuaCallError) -> String? {
    guard stack.type(at: position) != LUA_TNONE, stack.type(at: position) != LUA_TNIL else { return nil }
    guard let code = stack.string(at: position), Translations.isLanguageCode(code) else {
      throw LuaCallError("bad argument #\(position - 1) to '\(method)' (a language code such as \"cy\" expected)")
    }
    return code
  }
  static func number(_ stack: LuaStack, _ position: Int32, _ method: String) throws(LuaCallError) -> Double {
    guard stack.type(at: position) == LUA_TNUMBER, let value = stack.double(at: position) else {
      throw LuaCallError("bad argument #\(position - 1) to '\(method)' (number expected, got \(stack.typeName(at: position)))")
    }
    return value
  }
  static func fileName(_ stack: LuaStack, _ method: String, _ builder: DocumentBuilder) throws(LuaCallError) -> String {
    guard let name = stack.string(at: 2), ReportFile.isValidName(name) else {
      throw LuaCallError("bad argument #1 to '\(method)' (a plain file name such as \"contributions.csv\" expected: letters, digits, '.', '-', '_')")
    }
    guard !builder.files.contains(where: { $0.name == name }) else {
      throw LuaCallError("doc:\(method): the report already wrote a file named \(name)")
    }
    return name
  }
  static func value(_ stack: LuaStack, _ position: Int32, _ method: String) throws(LuaCallError) -> LuaValue {
    do throws(LuaReadError) {
      return try stack.value(at: position)
    } catch {
      throw LuaCallError("doc:\(method): \(error.problem)")
    }
  }
  /// A cell or variable as text: strings as they are, whole numbers without a decimal point.
  static func scalarText(_ value: LuaValue, _ what: String) throws(LuaCallError) -> String {
    switch value {
    case .string(let text): return text
    case .integer(let number): return String(number)
    case .number(let number): return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    case .boolean(let flag): return flag ? "true" : "false"
    default: throw LuaCallError("\(what) must be a string, a number or a boolean, got \(value.typeName)")
    }
  }
}
