// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodStore
import Foundation

// MARK: - Sessions for people

/// The text of `coprod run` and `coprod sessions list|show`.
public enum SessionText {
  /// What `coprod run --inputs` prints once the session is recorded.
  public static func recorded(_ report: SessionReport) -> String {
    let ran = report.stages.filter { $0.status != "skipped" }.count
    let decisions = report.stages.flatMap(\.decisions)
    let commitments = report.stages.flatMap(\.commitments)
    var line = "recorded session \(report.id): \(report.format.name), \(report.attendance.people) people, \(ran) stage(s) run"
    let skipped = report.stages.count - ran
    if skipped > 0 { line += ", \(skipped) skipped" }
    line += "; \(report.stages.flatMap(\.contributions).count) contribution(s)"
    if !decisions.isEmpty { line += ", decision(s) \(decisions.joined(separator: ", "))" }
    if !commitments.isEmpty { line += ", commitment(s) \(commitments.map(\.id).joined(separator: ", "))" }
    return line + "\nsee it with: coprod sessions show \(report.id)\n"
  }

  /// `coprod sessions list`.
  public static func list(_ reports: [SessionReport]) -> String {
    guard !reports.isEmpty else {
      return "no sessions yet; run one with `coprod run FORMAT --inputs FILE.yaml` (rehearse first with --dry-run)\n"
    }
    var lines = ["id\tstarted\tformat\tpeople\tstages\tdecisions\tcommitments"]
    for report in reports {
      let decisions = report.stages.flatMap(\.decisions)
      let commitments = report.stages.flatMap(\.commitments).map(\.id)
      lines.append(
        "\(report.id)\t\(report.started)\t\(report.format.name) (\(report.format.id) \(report.format.version))\t\(report.attendance.people)\t\(report.stages.filter { $0.status != "skipped" }.count)\t\(decisions.isEmpty ? "-" : decisions.joined(separator: ", "))\t\(commitments.isEmpty ? "-" : commitments.joined(separator: ", "))"
      )
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `coprod sessions show ID`: the timeline and what each stage produced.
  public static func show(_ report: SessionReport) -> String {
    var lines = [
      "session \(report.id): \(report.format.name) (\(report.format.id) \(report.format.version), sha256 \(report.format.sha256.prefix(12))…)",
      "\(report.mode), seed \(report.seed)" + (report.inputsSHA256.map { ", inputs sha256 \($0.prefix(12))…" } ?? "")
        + "; started \(report.started)" + (report.closed.map { ", closed \($0)" } ?? ", not closed"),
      "attendance: \(attendance(report.attendance))",
      "",
    ]
    lines += timeline(report, minutes: false)
    return lines.joined(separator: "\n") + "\n"
  }

  /// `coprod run --dry-run`: the rehearsal's timeline with minutes and the total.
  public static func rehearsal(_ report: SessionReport, people: Int) -> String {
    var lines = [
      "rehearsal of \(report.format.name) (\(report.format.id) \(report.format.version)) with \(people) simulated people, seed \(report.seed)",
      "room: \(attendance(report.attendance))",
      "",
    ]
    lines += timeline(report, minutes: true)
    var seen: Set<String> = []
    let total = report.stages.filter { $0.status != "skipped" }.reduce(0.0) { sum, stage in
      seen.insert("\(stage.stage)#\(stage.iteration)").inserted ? sum + (stage.minutes ?? 0) : sum
    }
    lines += ["", "total: \(number(total)) minutes", "nothing was written (a rehearsal on simulated people and words)"]
    return lines.joined(separator: "\n") + "\n"
  }

  static func attendance(_ attendance: SessionReport.Attendance) -> String {
    let groups = attendance.byPerspective.map { "\($0.group) \($0.count.map(String.init) ?? "(fewer than k)")" }
    return "\(attendance.people) people" + (groups.isEmpty ? "" : " — " + groups.joined(separator: ", "))
  }

  static func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }

  private static func timeline(_ report: SessionReport, minutes: Bool) -> [String] {
    var lines: [String] = []
    for (position, stage) in report.stages.enumerated() {
      var head = "\(position + 1). \(stage.stage)"
      if stage.iteration > 1 || report.stages.contains(where: { $0.stage == stage.stage && $0.iteration > 1 }) {
        head += " (round \(stage.iteration))"
      }
      if let title = stage.title { head += " — \(title)" }
      if minutes, let planned = stage.minutes { head += " (\(number(planned)) min)" }
      if stage.status == "skipped" {
        lines.append(head + ": skipped (\(stage.reason ?? "no reason"))")
        continue
      }
      lines.append(head)
      if let groups = stage.groups {
        var line = "   groups: \(groups.method)"
        if let scores = groups.scores {
          line += String(
            format: " (diversity %.2f, repeat meetings %d, unique meetings %.0f%%)", scores.diversity, scores.repeatMeetings,
            scores.uniqueMeetingShare * 100)
        }
        lines.append(line)
        for (round, tables) in groups.rounds.enumerated() {
          for (table, members) in tables.enumerated() {
            lines.append("     \(groups.rounds.count > 1 ? "round \(round + 1) " : "")group \(table + 1): \(members.joined(separator: ", "))")
          }
        }
      }
      for turns in stage.speakingOrders {
        lines.append("   speaking order, group \(turns.group): \(turns.order.joined(separator: ", "))")
      }
      if minutes, let each = stage.minutesEach, let largest = stage.speakingOrders.map(\.order.count).max() {
        var line = "   turns: \(largest) people × \(number(each)) min = \(number(Double(largest) * each)) min at the largest table"
        if let planned = stage.minutes, Double(largest) * each > planned { line += " — longer than the stage's \(number(planned)) min" }
        lines.append(line)
      }
      if !stage.passes.isEmpty { lines.append("   passed (a turn at the end): \(stage.passes.joined(separator: ", "))") }
      if !stage.contributions.isEmpty {
        let plural = ["story": "stories", "idea": "ideas", "comment": "comments", "objection": "objections"]
        let kinds = Dictionary(grouping: stage.contributions, by: \.kind).map { kind, made in
          "\(made.count) \(made.count == 1 ? kind : plural[kind] ?? kind)"
        }.sorted()
        lines.append("   produced \(kinds.joined(separator: ", "))")
        for said in stage.contributions where !minutes {
          var line = "     \(said.id)"
          if let author = said.author { line += " (\(author))" }
          line += ": " + (said.text.map { "\"\($0)\"" } ?? "(not quoted)")
          if !said.from.isEmpty { line += " ← \(said.from.joined(separator: ", "))" }
          lines.append(line)
        }
      }
      if !stage.options.isEmpty {
        lines.append("   options: " + stage.options.map { option in
          "\(option.id) \"\(option.name)\"" + (option.cost.map { " (cost \($0))" } ?? "")
        }.joined(separator: "; "))
      }
      if let count = stage.count {
        lines.append("   vote: \(stage.ballots) ballot(s) counted by \(count.rule.name) (\(count.rule.id) \(count.rule.version))")
        for round in count.rounds {
          let tally = round.tally.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.formatted)" }.joined(separator: ", ")
          lines.append("     round \(round.number): \(tally)")
        }
        for tie in count.tieBreaks { lines.append("     tie among \(tie.among.joined(separator: ", ")) broken by \(tie.method.rawValue): \(tie.chosen)") }
        let names = Dictionary(stage.options.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        lines.append("     chosen: " + (count.winners.isEmpty ? "nothing" : count.winners.map { "\($0) \"\(names[$0] ?? $0)\"" }.joined(separator: ", ")))
      }
      if !stage.decisions.isEmpty { lines.append("   decision: \(stage.decisions.joined(separator: ", "))") }
      for promise in stage.commitments {
        var line = "   commitment \(promise.id): \(promise.text) — \(promise.owner)"
        if let due = promise.due { line += ", due \(due)" }
        if let decision = promise.decision { line += ", following \(decision)" }
        lines.append(line)
      }
    }
    return lines
  }
}
