// coprod — co-production toolkit. Apache-2.0.

import CoprodModel

// MARK: - Plain text

/// Decisions and commitments as `coprod decisions …` and `coprod commitments …` print them.
public enum FollowThroughText {
  /// One line for `coprod decisions record`.
  public static func recorded(_ decision: Decision) -> String {
    "recorded decision \(decision.id): \(decision.outcome.rawValue), decided by \(decision.decidedBy) on \(decision.decided?.text ?? "an unrecorded day"); chosen: \(chosen(decision))"
  }

  /// The winners by name, or `nothing` when the count chose none.
  public static func chosen(_ decision: Decision) -> String {
    decision.winners.isEmpty ? "nothing" : decision.winners.map(decision.name(of:)).joined(separator: ", ")
  }

  /// The tab-separated table of `coprod decisions list`, ending with a newline.
  public static func decisions(_ decisions: [Decision]) -> String {
    guard !decisions.isEmpty else {
      return "no decisions recorded yet; record one with `coprod decisions record --tally RESULT.json …`\n"
    }
    let rows = decisions.map { d in
      [d.id, d.decided?.text ?? "-", d.outcome.rawValue, d.decidedBy, chosen(d), d.outcomeReasons ?? "-"]
    }
    return table(["id", "decided", "outcome", "decided by", "chosen", "reasons"], rows)
  }

  /// One line for `coprod commitments add`.
  public static func added(_ commitment: Commitment) -> String {
    let due = commitment.due.map { ", due \($0)" } ?? ""
    let decision = commitment.decisionID.map { ", following decision \($0)" } ?? ""
    return "added commitment \(commitment.id) (\(commitment.status.rawValue)): owner \(commitment.owner)\(due)\(decision)"
  }

  /// One line for `coprod commitments update`.
  public static func updated(before: Commitment, after: Commitment, update: CommitmentChangeRequest) -> String {
    var parts = [
      after.status == before.status ? "still \(after.status.rawValue)" : "\(after.status.rawValue) (was \(before.status.rawValue))"
    ]
    if update.note != nil { parts.append("note recorded") }
    if after.evidence.count > before.evidence.count { parts.append("evidence recorded") }
    return "updated commitment \(after.id): " + parts.joined(separator: "; ")
  }

  /// The tab-separated table of `coprod commitments list`, ending with a newline; a due day
  /// that has passed while the commitment is neither done nor dropped is marked `(overdue)`.
  /// `onlyOverdue` says the list was filtered to overdue ones (for the message when empty).
  public static func commitments(_ commitments: [Commitment], today: CalendarDate, onlyOverdue: Bool) -> String {
    guard !commitments.isEmpty else {
      return onlyOverdue
        ? "no overdue commitments on \(today)\n" : "no commitments yet; add one with `coprod commitments add TEXT --owner TEAM`\n"
    }
    let rows = commitments.map { c in
      [
        c.id, c.status.rawValue, c.owner, c.due.map { $0.text + (c.isOverdue(on: today) ? " (overdue)" : "") } ?? "-",
        c.decisionID ?? "-", c.text, c.latestNote ?? "-", c.evidence.isEmpty ? "-" : evidence(c),
      ]
    }
    return table(["id", "status", "owner", "due", "decision", "commitment", "latest note", "evidence"], rows)
  }

  /// Every piece of evidence, as `summary (location)`, separated by `; `.
  public static func evidence(_ commitment: Commitment) -> String {
    commitment.evidence.map { e in e.location.map { "\(e.summary) (\($0))" } ?? e.summary }.joined(separator: "; ")
  }

  /// Tab-separated rows under `header`, each ending with a newline.
  static func table(_ header: [String], _ rows: [[String]]) -> String {
    ([header] + rows).map { $0.joined(separator: "\t") + "\n" }.joined()
  }
}

// MARK: - JSON

/// A commitment as `coprod commitments list --json` prints it: the stored record with its
/// current status and whether it is overdue.
public struct ListedCommitment: Encodable, Sendable {
  /// The commitment.
  public var commitment: Commitment
  /// True when it is overdue on the day listed.
  public var overdue: Bool

  /// Lists `commitment` as of `today`.
  public init(_ commitment: Commitment, today: CalendarDate) {
    self.commitment = commitment
    self.overdue = commitment.isOverdue(on: today)
  }

  private enum Keys: String, CodingKey { case status, overdue }

  public func encode(to encoder: any Encoder) throws {
    try commitment.encode(to: encoder)
    var container = encoder.container(keyedBy: Keys.self)
    try container.encode(commitment.status, forKey: .status)
    try container.encode(overdue, forKey: .overdue)
  }
}
