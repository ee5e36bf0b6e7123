// coprod — co-production toolkit. Apache-2.0.

import Foundation

/// Renders a ``Document`` as Markdown: blocks separated by blank lines, charts as their
/// table alternative, the stamp at the end after a rule.
public enum MarkdownRenderer {
  /// The document as Markdown, ending with a newline (empty for an empty document).
  public static func render(_ document: Document) -> String {
    var parts = document.blocks.map(block)
    if let stamp = document.stamp {
      parts.append("---")
      parts.append(DocumentWords.fill(document.words.madeWith, ["report": "`coprod report \(stamp.report)`"]))
      parts.append(stamp.lines(document.words).map { "- " + $0 }.joined(separator: "\n"))
    }
    return parts.isEmpty ? "" : parts.joined(separator: "\n\n") + "\n"
  }

  /// One block as Markdown, without surrounding blank lines.
  public static func block(_ block: Block) -> String {
    switch block {
    case .heading(let level, let text): String(repeating: "#", count: level) + " " + text
    case .paragraph(let text), .note(let text): text
    case .quote(let text): text.split(separator: "\n", omittingEmptySubsequences: false).map { "> \($0)" }.joined(separator: "\n")
    case .list(let items, let ordered):
      items.enumerated().map { ordered ? "\($0.offset + 1). \($0.element)" : "- \($0.element)" }.joined(separator: "\n")
    case .table(let table): self.table(table)
    case .chart(let chart): self.table(chart.table)
    }
  }

  private static func table(_ table: Table) -> String {
    var lines: [String] = []
    if let caption = table.caption { lines += ["**\(caption)**", ""] }
    lines.append("| " + table.header.map(cell).joined(separator: " | ") + " |")
    lines.append("|" + table.header.map { _ in " --- |" }.joined())
    for row in table.rows { lines.append("| " + row.map(cell).joined(separator: " | ") + " |") }
    return lines.joined(separator: "\n")
  }

  /// Escapes characters that would change a table cell's structure.
  static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}
