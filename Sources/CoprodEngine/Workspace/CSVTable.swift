// coprod — co-production toolkit. Apache-2.0.

import CSV
import Foundation
import CoprodModel

// MARK: - CSV input

/// Streams a CSV file with a header row, giving each record with the line it starts on.
/// Rows are never held all at once, so a million-row file costs little memory.
struct CSVTable {
  /// The file as named on the command line (used in problem reports).
  let name: String
  /// Header names as written (surrounding spaces trimmed).
  let header: [String]
  private let reader: CSVReader
  private var nextLine: Int

  /// Opens `path`; the first record is the header. The whole file is checked first (not
  /// empty, UTF-8, lines and fields within ``InputLimits/current``).
  ///
  /// - Parameter what: what the file holds, for the message about an empty file.
  init(path: String, what: String = "rows") throws {
    name = path
    guard FileManager.default.isReadableFile(atPath: path), let stream = InputStream(fileAtPath: path),
      let bytes = TextCheck.contents(of: path)
    else {
      throw WorkspaceError.unreadable(path, "no such file or not readable")
    }
    do {
      try TextCheck.check(bytes, limits: .current, delimiter: UInt8(ascii: ","), what: what)
    } catch {
      throw WorkspaceError.badText(path, error)
    }
    do {
      reader = try CSVReader(stream: stream, hasHeaderRow: true)
    } catch {
      throw WorkspaceError.unreadable(path, "empty file or not UTF-8 CSV")
    }
    let raw = reader.headerRow ?? []
    header = raw.map { $0.trimmed }
    nextLine = 2 + raw.reduce(0) { $0 + Self.newlines(in: $1) }
  }

  /// Calls `body` with each record's starting line and fields, then reports a decoding
  /// error if the stream stopped early.
  mutating func forEachRow(_ body: (_ line: Int, _ fields: [String]) throws -> Void) throws {
    while let row = reader.next() {
      let line = nextLine
      nextLine += 1 + row.reduce(0) { $0 + Self.newlines(in: $1) }
      if row.count == 1, row[0].isEmpty { continue }  // blank line
      try body(line, row)
    }
    // CSV.swift reports the end of the stream as `cannotReadFile`; only decoding and stream
    // failures are real.
    switch reader.error as? CSVError {
    case .unicodeDecoding?:
      throw WorkspaceError.unreadable(name, "line \(nextLine) is not valid UTF-8; save the file as UTF-8 CSV")
    case .streamErrorHasOccurred(let error)?:
      throw WorkspaceError.unreadable(name, "stopped near line \(nextLine): \(error.localizedDescription)")
    default:
      break
    }
  }

  private static func newlines(in field: String) -> Int {
    field.utf8.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
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
