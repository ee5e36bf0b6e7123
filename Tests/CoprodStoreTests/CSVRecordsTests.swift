// coprod — co-production toolkit. Apache-2.0.

import CSV
import CoprodModel
import Foundation
import Testing

@testable import CoprodEngine

/// The byte-level CSV reader of workspace imports splits records exactly as CSV.swift (the
/// reader it replaced) did, and counts the same lines.
@Suite struct CSVRecordsTests {
  /// Records as CSV.swift reads `text`, with the line feeds inside their fields.
  func csvSwift(_ text: String) throws -> [[String]] {
    let reader = try CSVReader(string: text, hasHeaderRow: false)
    var rows: [[String]] = []
    while let row = reader.next() { rows.append(row) }
    return rows
  }

  func records(_ text: String) -> [CSVRecords.Record] {
    var reader = CSVRecords(Data(text.utf8))
    var out: [CSVRecords.Record] = []
    while let record = reader.next() { out.append(record) }
    return out
  }

  @Test func randomTextSplitsAsCSVSwiftSplitIt() throws {
    var random = SeededRandom(seed: 4180)
    let pool: [String] = ["a", "b", ",", "\"", "\"\"", "\n", "\r", "\r\n", " ", "é", "😀", "x\"y"]
    for _ in 0..<5_000 {
      var text = ""
      for _ in 0..<Int.random(in: 1...24, using: &random) { text += pool.randomElement(using: &random)! }
      let ours = records(text)
      #expect(ours.map(\.fields) == (try csvSwift(text)), "\(text.debugDescription)")
      for record in ours {
        #expect(record.lineBreaks == record.fields.reduce(0) { $0 + $1.utf8.filter { $0 == 0x0A }.count })
      }
    }
  }

  @Test func quotesLineBreaksAndCRLFAsRFC4180() {
    let text = "\u{FEFF}id,text\r\n1,\"two\r\nlines, \"\"quoted\"\"\"\r\n2,plain\r\n\r\n3,\"open"
    #expect(
      records(text).map(\.fields) == [["id", "text"], ["1", "two\r\nlines, \"quoted\""], ["2", "plain"], [""], ["3", "open"]])
    #expect(records(text).map(\.lineBreaks) == [0, 1, 0, 0, 0])
  }
}
