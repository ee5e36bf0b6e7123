// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodStore

// MARK: - Replaying a recorded session

/// Rebuilds the course of a session that was not closed from what it recorded, so that
/// `coprod run --resume sN` carries on exactly where it stopped. Each recorded step is fed to
/// a fresh ``SessionCourse`` (same format, same seed): attendance, entries, and each stage's
/// end and the next one's start, with the decision as recorded. The format's stage functions
/// run again in the same order, so the sandbox's state is what it was; every change the
/// course makes is checked against the recorded one (times apart) and nothing is written.
enum SessionReplay {
  /// The kinds of event a session is made of.
  static let kinds: Set<WorkspaceChange.Kind> = Set(WorkspaceChange.Kind.allCases.filter { $0.rawValue.hasPrefix("session.") })
    .union([.contributionAdded, .decisionRecorded, .commitmentMade])

  /// The changes session `id` recorded, in order.
  static func recorded(_ id: String, in store: any WorkspaceStore) throws -> [WorkspaceChange] {
    var changes: [WorkspaceChange] = []
    try store.forEachEvent(EventFilter(kinds: kinds)) { event in
      if session(of: event.change) == id { changes.append(event.change) }
    }
    return changes
  }

  /// The session a change belongs to.
  static func session(of change: WorkspaceChange) -> String? {
    switch change {
    case .session(let event): event.sessionID
    case .contributionAdded(let c): c.sessionID
    case .decisionRecorded(let d): d.sessionID
    case .commitmentMade(let k): k.sessionID
    default: nil
    }
  }

  /// Feeds `recorded` to `course`, whose runner records through `expect` (the caller points
  /// `expect` at the same list, so each change the course makes is checked against it).
  static func replay(_ recorded: [WorkspaceChange], into course: SessionCourse, cursor: () -> Int) throws {
    let origin = SessionEntry.Origin(place: "recorded session", path: "event")
    while cursor() < recorded.count {
      let at = cursor()
      switch recorded[at] {
      case .session(.started): try course.open()
      case .session(.attendance(let a)): try course.admit(a.participants.map { ($0, origin) })
      case .session(.stageStarted), .session(.stageSkipped), .session(.counted), .session(.stageEnded):
        try course.advance(ruling: ruling(in: recorded[at...]))
      case .session(.passed(let p)): try course.enter(.init(origin: origin, body: .pass(p.participantID)))
      case .session(.ballotCast(let b)): try course.enter(.init(origin: origin, body: .ballot(vote(b))))
      case .session(.closed): try course.close()
      case .contributionAdded(let c): try course.enter(.init(origin: origin, body: .contribution(said(c, course: course))))
      case .commitmentMade(let k): try course.adopt(k)
      case let other:
        throw SessionRunError("cannot replay the recorded session: \(other.kind.rawValue) at step \(at + 1) does not follow from the steps before it")
      }
      guard cursor() > at else {
        throw SessionRunError("cannot replay the recorded session: step \(at + 1) (\(recorded[at].kind.rawValue)) was not reproduced")
      }
    }
  }

  /// The decision recorded when the stage ending at the head of `rest` ended, as a ruling.
  private static func ruling(in rest: ArraySlice<WorkspaceChange>) -> SessionEntry.Ruling? {
    for change in rest {
      switch change {
      case .decisionRecorded(let d):
        return .init(decidedBy: d.decidedBy, outcome: d.outcome, rationale: d.rationale, reasons: d.outcomeReasons)
      case .session(.stageEnded), .session(.stageStarted), .session(.stageSkipped): return nil
      default: continue
      }
    }
    return nil
  }

  /// A ballot as it was entered: its marks say the same thing in the entry's terms.
  private static func vote(_ ballot: SessionBallot) -> SessionEntry.Vote {
    let choice: SessionEntry.Choice
    switch ballot.kind {
    case .ranked:
      let levels = Dictionary(grouping: ballot.marks, by: { $0.rank ?? 0 })
      choice = .rank(levels.keys.sorted().map { level in (levels[level] ?? []).map(\.option) })
    case .approval: choice = .approve(ballot.marks.map(\.option))
    case .cumulative: choice = .dots(ballot.marks.map { ($0.option, $0.points ?? 0) })
    case .score: choice = .scores(ballot.marks.map { ($0.option, $0.points ?? 0) })
    }
    return .init(voter: ballot.voterID, choice: choice, reason: ballot.reason)
  }

  /// A contribution as it was entered. Its id was `SESSION-LOCALID`, or `SESSION-STAGE-N`
  /// when no local id was given (live entries never take local ids of that shape).
  private static func said(_ c: Contribution, course: SessionCourse) -> SessionEntry.Said {
    let prefix = "\(c.sessionID ?? "")-"
    let local = c.id.hasPrefix(prefix) ? String(c.id.dropFirst(prefix.count)) : c.id
    let automatic = local.hasPrefix("\(c.stage ?? "")-") && Int(local.dropFirst((c.stage ?? "").count + 1)) != nil
    return .init(
      localID: automatic ? nil : local, by: c.authorID, text: c.text, kind: c.kind, quote: c.consentToQuote, anonymity: c.anonymity,
      from: c.derivedFrom)
  }

  /// `change` with its recording times blanked, to compare a replayed change with the
  /// recorded one.
  static func untimed(_ change: WorkspaceChange) -> WorkspaceChange {
    let zero = Timestamp(startOf: CalendarDate("2000-01-01")!)
    switch change {
    case .session(.started(var s)):
      s.at = zero
      return .session(.started(s))
    case .session(.stageStarted(var m)):
      m.at = zero
      return .session(.stageStarted(m))
    case .session(.stageEnded(var m)):
      m.at = zero
      return .session(.stageEnded(m))
    case .session(.stageSkipped(var m)):
      m.at = zero
      return .session(.stageSkipped(m))
    case .session(.closed(var c)):
      c.at = zero
      return .session(.closed(c))
    case .contributionAdded(var c):
      c.made = nil
      return .contributionAdded(c)
    case .decisionRecorded(var d):
      d.decided = nil
      return .decisionRecorded(d)
    default:
      return change
    }
  }
}
