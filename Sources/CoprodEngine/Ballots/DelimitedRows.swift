// coprod — co-production toolkit. Apache-2.0.

import CSV

// MARK: - Rows

/// One row of a delimited file, with the line it starts on.
struct DelimitedRow {
  /// The 1-based line of the row's first character.
  var line: Int
  /// The fields as the CSV reader returned them (quotes removed, `""` unescaped).
  var fields: [String]

  /// True when every field is empty or spaces only (a blank line).
  var isBlank: Bool { fields.allSatisfy { BallotText.trimmed(Substring($0)).isEmpty } }
}

/// Splits text into RFC 4180 rows with CSV.swift, keeping track of line numbers.
///
/// CSV.swift does not report positions, so the line of each row is computed from the line
/// breaks the previous rows consumed: one per row plus any inside quoted fields.
enum DelimitedRows {
  /// All rows of `text`, the first starting at `firstLine`.
  static func read(_ text: String, delimiter: Unicode.Scalar, firstLine: Int, file: String) throws
    -> [DelimitedRow]
  {
    let reader: CSVReader
    do {
      reader = try CSVReader(string: text, delimiter: delimiter)
    } catch {
      throw BallotFileError(file: file, line: firstLine, problem: "cannot read the rows: \(error)")
    }
    var rows: [DelimitedRow] = []
    var line = firstLine
    while let fields = reader.next() {
      rows.append(DelimitedRow(line: line, fields: fields))
      line += 1
      for field in fields { line += lineBreaks(in: field) }
    }
    return rows
  }

  /// The number of line breaks (`\n`, `\r\n` or a lone `\r`) inside `field`.
  private static func lineBreaks(in field: String) -> Int {
    var count = 0
    var previousWasCR = false
    for byte in field.utf8 {
      if byte == BallotText.newline {
        if !previousWasCR { count += 1 }
      } else if byte == BallotText.carriageReturn {
        count += 1
      }
      previousWasCR = byte == BallotText.carriageReturn
    }
    return count
  }
}
