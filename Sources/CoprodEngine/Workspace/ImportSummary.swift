// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodStore
import Foundation

// MARK: - Summary

/// What an import did (or, with `--dry-run`, would do).
public struct ImportSummary: Sendable, Hashable {
  /// Data rows read.
  public var rows: Int
  /// Events written (or that would be written).
  public var events: Int
  /// True when nothing was written because of `--dry-run`.
  public var dryRun: Bool
  /// Readable lines about what was imported, one fact each.
  public var notes: [String]

  /// Creates a summary.
  public init(rows: Int, events: Int, dryRun: Bool, notes: [String]) {
    self.rows = rows
    self.events = events
    self.dryRun = dryRun
    self.notes = notes
  }
}

// MARK: - Field values

/// Parsing of the small value types that appear in input files.
enum FieldValue {
  /// `yes/no`, `true/false`, `y/n`, `1/0`.
  static func bool(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "yes", "y", "true", "1": true
    case "no", "n", "false", "0": false
    default: nil
    }
  }

  /// A list separated by `;` (or `|`), entries trimmed, empty entries dropped.
  static func list(_ text: String) -> [String] {
    text.split(whereSeparator: { $0 == ";" || $0 == "|" })
      .map { $0.trimmed }.filter { !$0.isEmpty }
  }

  /// A generated id: `prefix` and the number padded to six digits (`P000012`).
  static func generatedID(prefix: String, number: Int) -> String {
    let digits = String(number)
    return prefix + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
  }

  /// The names of an enum's cases for messages: `a, b or c`.
  static func choices<T: RawRepresentable & CaseIterable>(_: T.Type) -> String where T.RawValue == String {
    choices(T.allCases.map(\.rawValue))
  }

  /// `names` for messages: `a, b or c`.
  static func choices(_ names: [String]) -> String {
    names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
  }
}

// MARK: - Shared import loop

/// Reads every row of `table`, handing each to `handle` with its line and values; checks
/// field counts; then throws ``ImportFailed`` if any problem was found, so the surrounding
/// transaction rolls back and nothing is written.
func importRows(
  _ table: inout CSVTable, mapping: ColumnMapping, problems: inout [ImportProblem], progress: (@Sendable (Double) -> Void)?,
  _ handle: (_ line: Int, _ values: [String: String], _ problems: inout [ImportProblem]) throws -> Void
) throws -> Int {
  var rows = 0
  let name = table.name
  let width = table.header.count
  try table.forEachRow(progress: progress) { line, row in
    rows += 1
    guard row.count == width else {
      problems.append(
        ImportProblem(file: name, line: line, field: "row", problem: "has \(row.count) fields; the header has \(width)"))
      return
    }
    try handle(line, mapping.values(of: row), &problems)
  }
  if !problems.isEmpty { throw ImportFailed(problems: problems) }
  return rows
}
