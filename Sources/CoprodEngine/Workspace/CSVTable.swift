// coprod — co-production toolkit. Apache-2.0.

import Foundation
import CoprodModel

// MARK: - CSV input

/// Streams a CSV file with a header row, giving each record with the line it starts on.
/// The file is memory-mapped and read byte by byte (RFC 4180: quoted fields, `""`, line
/// breaks inside quotes, CRLF, LF or CR line ends), so a million-row file costs little memory
/// and no per-character work beyond one look at each byte.
struct CSVTable {
  /// The file as named on the command line (used in problem reports).
  let name: String
  /// Header names as written (surrounding spaces trimmed).
  let header: [String]
  private var records: CSVRecords
  private var nextLine: Int

  /// Opens `path`; the first record is the header. The whole file is checked first (not
  /// empty, UTF-8, lines and fields within ``InputLimits/current``).
  ///
  /// - Parameter what: what the file holds, for the message about an empty file.
  init(path: String, what: String = "rows") throws {
    name = path
    guard FileManager.default.isReadableFile(atPath: path), let bytes = TextCheck.contents(of: path) else {
      throw WorkspaceError.unreadable(path, "no such file or not readable")
    }
    do {
      try TextCheck.check(bytes, limits: .current, delimiter: UInt8(ascii: ","), what: what)
    } catch {
      throw WorkspaceError.badText(path, error)
    }
    records = CSVRecords(bytes)
    guard let raw = records.next() else { throw WorkspaceError.unreadable(path, "empty file or not UTF-8 CSV") }
    header = raw.fields.map { $0.trimmed }
    nextLine = 2 + raw.lineBreaks
  }

  /// Calls `body` with each record's starting line and fields, telling `progress` (every
  /// few thousand rows) what share of the file has been read.
  mutating func forEachRow(
    progress: (@Sendable (Double) -> Void)? = nil, _ body: (_ line: Int, _ fields: [String]) throws -> Void
  ) throws {
    var count = 0
    while let row = records.next() {
      count += 1
      if let progress, count % 4096 == 0 { progress(records.fractionRead) }
      let line = nextLine
      nextLine += 1 + row.lineBreaks
      if row.fields.count == 1, row.fields[0].isEmpty { continue }  // blank line
      try body(line, row.fields)
    }
  }
}

/// The records of CSV bytes already checked by ``TextCheck`` (well-formed UTF-8), split as
/// RFC 4180 reads them with `,` between fields. Text after a closing quote that is not a
/// delimiter, a line end or another quote is kept as CSV.swift (the reader used before) kept
/// it: a quote mark, without the character after it.
struct CSVRecords {
  /// One record: its fields, and the line feeds inside them (for counting lines).
  struct Record {
    var fields: [String]
    var lineBreaks: Int
  }

  private let data: Data
  private var offset: Int
  private var scratch: [UInt8] = []

  /// Reads `data`, skipping a UTF-8 byte-order mark.
  init(_ data: Data) {
    self.data = data
    offset = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
  }

  /// The share of the bytes read so far, from 0 to 1.
  var fractionRead: Double { data.isEmpty ? 1 : Double(offset) / Double(data.count) }

  /// The next record, or nil at the end.
  mutating func next() -> Record? {
    let start = offset
    var buffer = scratch
    scratch = []
    let (record, end) = data.withUnsafeBytes { raw in
      Self.read(raw.bindMemory(to: UInt8.self), from: start, scratch: &buffer)
    }
    scratch = buffer
    offset = end
    return record
  }

  private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

  /// Reads the record starting at `start`; returns it and the offset after it.
  private static func read(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, scratch: inout [UInt8]) -> (Record?, Int) {
    let end = bytes.count
    var index = start
    guard index < end else { return (nil, index) }
    var fields: [String] = []
    var lineBreaks = 0
    /// Skips a line end at `index` (CR, LF or CRLF).
    func skipLineEnd() {
      if bytes[index] == cr, index + 1 < end, bytes[index + 1] == lf { index += 1 }
      index += 1
    }
    while true {
      if index < end, bytes[index] == quote {
        // Quoted: copy until the closing quote, unescaping "".
        index += 1
        scratch.removeAll(keepingCapacity: true)
        var recordEnds = true
        var closed = false
        var runStart = index
        scan: while index < end {
          let byte = bytes[index]
          if byte == lf { lineBreaks += 1 }
          guard byte == quote else {
            index += 1
            continue
          }
          scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
          index += 1
          runStart = index
          guard index < end else {
            closed = true
            break scan
          }
          switch bytes[index] {
          case cr, lf:
            skipLineEnd()
            closed = true
            break scan
          case comma:
            index += 1
            recordEnds = false
            closed = true
            break scan
          case quote:
            scratch.append(quote)
            index += 1
          default:
            // Not RFC 4180: keep the quote, drop the character after it (as CSV.swift did).
            scratch.append(quote)
            index = min(end, index + utf8Length(bytes[index]))
          }
          runStart = index
        }
        if !closed, runStart < end {
          // The file ended inside the quotes: keep what was read.
          scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<end]))
        }
        fields.append(String(decoding: scratch, as: UTF8.self))
        if recordEnds { return (Record(fields: fields, lineBreaks: lineBreaks), index) }
      } else {
        let fieldStart = index
        while index < end, bytes[index] != comma, bytes[index] != lf, bytes[index] != cr { index += 1 }
        fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]), as: UTF8.self))
        guard index < end else { return (Record(fields: fields, lineBreaks: lineBreaks), index) }
        if bytes[index] == comma {
          index += 1
          if index == end {
            fields.append("")
            return (Record(fields: fields, lineBreaks: lineBreaks), index)
          }
        } else {
          skipLineEnd()
          return (Record(fields: fields, lineBreaks: lineBreaks), index)
        }
      }
    }
  }

  /// The length of the UTF-8 sequence a lead byte starts (1 for anything else).
  private static func utf8Length(_ lead: UInt8) -> Int {
    switch lead {
    case 0xF0...0xFF: 4
    case 0xE0...0xEF: 3
    case 0xC0...0xDF: 2
    default: 1
    }
  }
}

// MARK: - Column mapping

/// How the columns of an input file map onto coprod fields: known names and aliases, plus
/// `--map COLUMN=FIELD` overrides (`--map COLUMN=-` skips a column).
struct ColumnMapping {
  /// Field index by column index (nil = skipped).
  let fields: [String?]
  /// Columns that matched no known field.
  let unknownColumns: [String]

  /// Resolves `header` against `known` fields and `aliases`, applying `overrides`.
  /// Problems (unknown override targets, a field given twice) are reported against line 1.
  static func resolve(
    file: String, header: [String], known: Set<String>, aliases: [String: String], overrides: [String: String],
    keepUnknown: Bool
  ) -> (ColumnMapping, [ImportProblem]) {
    var problems: [ImportProblem] = []
    for column in overrides.keys.sorted() where !header.contains(column) {
      problems.append(ImportProblem(file: file, line: 1, field: column, problem: "--map names a column the file does not have"))
    }
    var fields: [String?] = []
    var unknown: [String] = []
    var seen: [String: String] = [:]
    for column in header {
      var field: String?
      if let target = overrides[column] {
        field = target == "-" ? nil : target
        if let target = field, !known.contains(target), !keepUnknown {
          problems.append(
            ImportProblem(
              file: file, line: 1, field: column,
              problem: "--map target '\(target)' is not a field (fields: \(known.sorted().joined(separator: ", ")))"))
        }
      } else {
        let normalised = normalise(column)
        if known.contains(normalised) {
          field = normalised
        } else if let alias = aliases[normalised] {
          field = alias
        } else if keepUnknown {
          field = normalised
          unknown.append(column)
        } else {
          unknown.append(column)
        }
      }
      if let target = field {
        if let earlier = seen[target] {
          problems.append(
            ImportProblem(file: file, line: 1, field: column, problem: "maps to '\(target)', as does column '\(earlier)'; skip one with --map '\(column)=-'"))
        }
        seen[target] = column
      }
      fields.append(field)
    }
    return (ColumnMapping(fields: fields, unknownColumns: unknown), problems)
  }

  /// `Access needs` → `access_needs`.
  static func normalise(_ column: String) -> String {
    String(column.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
  }

  /// Parses `--map COLUMN=FIELD` options.
  static func parseOverrides(_ options: [String]) throws -> [String: String] {
    var result: [String: String] = [:]
    for option in options {
      guard let equals = option.lastIndex(of: "="), equals != option.startIndex else {
        throw WorkspaceError.invalidValue(field: "--map", problem: "'\(option)' should be COLUMN=FIELD (or COLUMN=- to skip)")
      }
      result[String(option[..<equals])] = String(option[option.index(after: equals)...])
    }
    return result
  }

  /// The row's values by field name (empty values left out).
  func values(of row: [String]) -> [String: String] {
    var values: [String: String] = [:]
    for (index, value) in row.enumerated() where index < fields.count {
      guard let field = fields[index] else { continue }
      let trimmed = value.trimmed
      if !trimmed.isEmpty { values[field] = trimmed }
    }
    return values
  }
}
