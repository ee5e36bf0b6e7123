// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation

/// Output formats of `coprod tally`.
public enum TallyOutputFormat: String, Sendable, CaseIterable {
  /// An account a resident can follow.
  case text
  /// The stable machine-readable result.
  case json
  /// A Markdown page for a report or a web page.
  case markdown
}

/// Renders a ``TallyResult``. Pure: the same result always gives the same bytes.
public enum TallyRenderer {
  /// Renders `result` in `format`, ending with a newline.
  public static func render(_ result: TallyResult, as format: TallyOutputFormat) -> String {
    switch format {
    case .json: json(result)
    case .text: text(result)
    case .markdown: markdown(result)
    }
  }

  /// Pretty JSON with sorted keys.
  public static func json(_ result: TallyResult) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(result) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// Tally rows: candidates by value (highest first, then input order), then other keys such
  /// as "exhausted" in name order.
  static func rows(_ result: TallyResult, _ round: TallyRecord.Round) -> [(label: String, value: TallyNumber)] {
    let order = Dictionary(uniqueKeysWithValues: result.input.candidates.enumerated().map { ($0.element.id, $0.offset) })
    let candidates = round.tally.keys.filter { order[$0] != nil }.sorted { left, right in
      let (a, b) = (round.tally[left]?.doubleValue ?? 0, round.tally[right]?.doubleValue ?? 0)
      return a != b ? a > b : order[left, default: 0] < order[right, default: 0]
    }
    let others = round.tally.keys.filter { order[$0] == nil }.sorted()
    return (candidates.map { (result.label($0), round.tally[$0] ?? .integer(0)) })
      + others.map { ($0, round.tally[$0] ?? .integer(0)) }
  }

  /// A whole number written with thousands separators, e.g. `-1,234,567`.
  static func grouped(digits text: String) -> String {
    let negative = text.hasPrefix("-")
    let digits = negative ? String(text.dropFirst()) : text
    var out = ""
    for (offset, character) in digits.enumerated() {
      if offset > 0 && (digits.count - offset) % 3 == 0 { out.append(",") }
      out.append(character)
    }
    return (negative ? "-" : "") + out
  }

  static func noteText(_ result: TallyResult, _ note: TallyRecord.Note) -> String {
    guard let candidate = note.candidate, let action = note.action else { return note.text }
    return "\(result.label(candidate)) \(action): \(note.text)"
  }

  static func tieText(_ result: TallyResult, _ tie: TallyRecord.TieBreak) -> String {
    let how: String
    switch tie.method {
    case .lot: how = "by lot (seed \(result.tieBreak.seed))"
    case .inputOrder: how = "by input order (first listed)"
    case .reverseInputOrder: how = "by reverse input order (last listed)"
    }
    let place = tie.round > 0 ? "Round \(tie.round): " : ""
    return "\(place)\(tie.among.map(result.label).joined(separator: ", ")) were tied \(tie.reason); \(result.label(tie.chosen)) was chosen \(how)."
  }

  static func headline(_ result: TallyResult) -> [String] {
    var lines = [
      "\(result.rule.name) — \(result.rule.id) \(result.rule.version)",
      "Input: \(result.input.file) (\(result.input.format), \(result.input.kind) ballots): \(grouped(digits: result.input.ballots.formatted)) ballots, \(result.input.candidates.count) candidates",
      "Seats: \(result.seats)" + (result.budget.map { " · Budget: \(MoneyAmount(units: $0, decimals: result.moneyDecimals ?? 0).formatted(grouped: true))" } ?? ""),
    ]
    if let shadows = result.rule.shadows { lines.append("Warning: \(shadows)") }
    if !result.input.withdrawn.isEmpty { lines.append("Withdrawn before the count: \(result.input.withdrawn.joined(separator: ", "))") }
    if !result.settings.isEmpty {
      lines.append("Settings: " + result.settings.keys.sorted().map { "\($0)=\(result.settings[$0] ?? "")" }.joined(separator: ", "))
    }
    return lines
  }

  /// Plain text, one round after another.
  public static func text(_ result: TallyResult) -> String {
    var lines = headline(result)
    for round in result.rounds {
      lines.append("")
      lines.append("Round \(round.number)")
      let rows = rows(result, round)
      let width = rows.map(\.label.count).max() ?? 0
      let valueWidth = rows.map(\.value.formatted.count).max() ?? 0
      for row in rows {
        let padding = String(repeating: " ", count: width - row.label.count)
        let valuePadding = String(repeating: " ", count: valueWidth - row.value.formatted.count)
        lines.append("  \(row.label)\(padding)  \(valuePadding)\(row.value.formatted)")
      }
      for note in round.notes { lines.append("  · " + noteText(result, note)) }
    }
    if !result.tieBreaks.isEmpty {
      lines.append("")
      lines.append("Ties broken")
      for tie in result.tieBreaks { lines.append("  · " + tieText(result, tie)) }
    }
    lines.append("")
    lines.append(result.winners.isEmpty ? "No winner." : (result.winners.count == 1 ? "Winner: " : "Winners, in order of election: ") + result.winners.map(result.label).joined(separator: ", "))
    lines.append("Rule sha256 \(result.rule.sha256)\(result.rule.signer.map { " · signer \($0)" } ?? "") · input sha256 \(result.input.sha256)")
    return lines.joined(separator: "\n") + "\n"
  }

  /// Markdown: a heading, a table per round, notes and tie-breaks.
  public static func markdown(_ result: TallyResult) -> String {
    func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
    var lines = ["# \(cell(result.rule.name)): \(cell((result.input.file as NSString).lastPathComponent))", ""]
    lines += headline(result).dropFirst().map { "- \(cell($0))" }
    lines.append("- Rule: `\(result.rule.id)` \(result.rule.version), sha256 `\(result.rule.sha256)`\(result.rule.signer.map { ", signer `\($0)`" } ?? "")")
    lines.append("- Input sha256 `\(result.input.sha256)`")
    lines.append("")
    lines.append("**" + (result.winners.isEmpty ? "No winner." : (result.winners.count == 1 ? "Winner: " : "Winners, in order of election: ") + result.winners.map { cell(result.label($0)) }.joined(separator: ", ")) + "**")
    for round in result.rounds {
      lines += ["", "## Round \(round.number)", ""]
      let rows = rows(result, round)
      if !rows.isEmpty {
        lines += ["| Candidate | Value |", "| --- | ---: |"]
        lines += rows.map { "| \(cell($0.label)) | \($0.value.formatted) |" }
        lines.append("")
      }
      lines += round.notes.map { "- " + cell(noteText(result, $0)) }
    }
    if !result.tieBreaks.isEmpty {
      lines += ["", "## Ties broken", ""]
      lines += result.tieBreaks.map { "- " + cell(tieText(result, $0)) }
    }
    while lines.last == "" { lines.removeLast() }
    return lines.joined(separator: "\n") + "\n"
  }
}
