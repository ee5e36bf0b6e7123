// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import Foundation

// MARK: - What a live session shows

/// The lines a live session shows: where it is, the stage's prompt and timer, who sits at
/// which table, whose turn it is and what is being voted on. The same lines serve the line
/// protocol (one fact per line, each starting with a fixed word) and the terminal screen.
public enum LiveText {
  /// The first line: which session, which format.
  public static func opening(_ live: LiveSession, resumed: Bool) -> String {
    "\(resumed ? "resumed" : "session") \(live.id): \(live.formatName) (\(live.format.id) \(live.format.version)), live, seed \(live.seed)"
  }

  /// The prompt printed before each line is read: `ready s1 stories 1`, `ready s1 arriving`.
  public static func ready(_ live: LiveSession) -> String {
    "ready \(live.id) \(place(live))"
  }

  /// Where the session is, in one word or two: `arriving`, `stories 1`, `finished`, `closed`.
  public static func place(_ live: LiveSession) -> String {
    switch live.course.position {
    case .arriving: "arriving"
    case .stage(let plan): "\(plan.stage.id) \(plan.iteration)"
    case .finished: "finished"
    case .closed: "closed"
    }
  }

  /// The current position: the stage, its prompt, time left, tables, turns and vote.
  public static func status(_ live: LiveSession, now: Timestamp) -> [String] {
    let course = live.course
    switch course.position {
    case .arriving:
      let present = course.attendees
      let first = course.stages.first.map { "; next begins stage 1 of \(course.stages.count): \($0.id)" } ?? ""
      return ["arriving: \(present.count) present" + (present.isEmpty ? "" : " (\(list(present)))") + first]
    case .finished:
      return ["finished: every stage has ended; end closes the session"]
    case .closed:
      return ["closed: session \(live.id)"]
    case .stage(let plan):
      let stage = plan.stage
      var head = "stage \(course.stageIndex + 1) of \(course.stages.count): \(stage.id)"
      if stage.iterationLimit > 1 { head += " round \(plan.iteration)" }
      if let title = stage.title { head += " — \(title)" }
      var lines = [head]
      if let prompt = stage.prompt { lines.append("prompt: \(prompt)") }
      if let minutes = stage.minutes { lines.append("time: \(timer(minutes: minutes, since: live.stageStarted, now: now))") }
      if let capture = stage.capture { lines.append("captures: \(capture)") }
      let multiple = plan.groups.count > 1
      for (round, tables) in plan.groups.enumerated() where stage.groups.map({ $0.kind != "plenary" }) ?? false {
        for (index, members) in tables.enumerated() {
          lines.append("\(multiple ? "round \(round + 1) " : "")table \(index + 1): \(list(members))")
        }
      }
      lines += course.turns.map(turnLine)
      if let kind = plan.ballotKind, let vote = stage.vote {
        var line = "vote: \(vote.rule), \(kind.rawValue) ballots"
        if let dots = plan.dots { line += ", \(dots) dots each" }
        lines.append(line + "; \(course.ballotsCast.count) of \(course.attendees.count) cast")
        lines += plan.options.map { "option \($0.id): \($0.name)" + ($0.cost.map { " (cost \($0))" } ?? "") }
      }
      return lines
    }
  }

  /// The turn line of the table where `person` sits, after they spoke or passed.
  static func turnLines(_ live: LiveSession, changedBy person: String?) -> [String] {
    guard let person else { return [] }
    return live.course.turns.filter { $0.order.contains(person) }.map(turnLine)
  }

  /// `turn 1: p004 (then p006, p003)`, or `turn 1: everyone has spoken`.
  static func turnLine(_ turn: TableTurn) -> String {
    guard let next = turn.next else { return "turn \(turn.group): everyone has spoken" }
    var line = "turn \(turn.group): \(next)"
    if !turn.then.isEmpty { line += " (then \(list(turn.then)))" }
    if turn.passed.contains(next) { line += " (passed earlier)" }
    return line
  }

  /// `45:00 left` or `over by 2:10`, from the stage's minutes and when it started.
  public static func timer(minutes: Double, since start: Timestamp?, now: Timestamp) -> String {
    let planned = Int((minutes * 60).rounded())
    let elapsed = max(0, seconds(now) - (start.map(seconds) ?? seconds(now)))
    let left = planned - elapsed
    func clock(_ value: Int) -> String { "\(value / 60):" + (value % 60 < 10 ? "0" : "") + "\(value % 60)" }
    return left >= 0 ? "\(clock(left)) left of \(SessionText.number(minutes)) min" : "over by \(clock(-left)) (\(SessionText.number(minutes)) min)"
  }

  private static func seconds(_ time: Timestamp) -> Int {
    Int(ISO8601DateFormatter().date(from: time.text)?.timeIntervalSince1970 ?? 0)
  }

  private static func list(_ ids: [String]) -> String { ids.joined(separator: ", ") }
}
