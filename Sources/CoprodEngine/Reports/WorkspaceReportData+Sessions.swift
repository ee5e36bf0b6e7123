// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodStore

// MARK: - Sessions and provenance in workspace reports

extension WorkspaceReportData {
  /// The sessions run: format, when, how many came and by perspective (small groups
  /// suppressed), and what each stage produced — counts, the vote's winners and decision.
  static func sessions(_ reports: [SessionReport]) -> LuaValue {
    .table(LuaTable(array: reports.map { report in
      var fields: [String: LuaValue] = [
        "id": .string(report.id), "format": .string(report.format.name), "started": .string(report.started),
        "people": .integer(Int64(report.attendance.people)), "attendance": groups(report.attendance.byPerspective),
        "stages": .table(LuaTable(array: report.stages.map { stage in
          var entry: [String: LuaValue] = [
            "id": .string(stage.stage), "iteration": .integer(Int64(stage.iteration)), "status": .string(stage.status),
            "contributions": .integer(Int64(stage.contributions.count)), "options": .integer(Int64(stage.options.count)),
            "ballots": .integer(Int64(stage.ballots)),
            "decisions": .table(LuaTable(array: stage.decisions.map(LuaValue.string))),
            "commitments": .table(LuaTable(array: stage.commitments.map { .string($0.id) })),
          ]
          if let reason = stage.reason { entry["reason"] = .string(reason) }
          if let count = stage.count {
            let names = Dictionary(stage.options.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            entry["winners"] = .table(LuaTable(array: count.winners.map { id in
              .table(LuaTable(fields: ["id": .string(id), "name": .string(names[id] ?? id)]))
            }))
            entry["rule"] = .string(count.rule.name)
          }
          return .table(LuaTable(fields: entry))
        })),
      ]
      if let closed = report.closed { fields["closed"] = .string(closed) }
      return .table(LuaTable(fields: fields))
    }))
  }

  /// "Lived experience in outcomes": how many decisions and commitments have a provenance
  /// chain (contribution → idea → option → decision → commitment) at all, and how many of
  /// those reach a contribution by someone with lived experience. Computed by the host from
  /// everyone still taking part; only totals leave it, never who.
  static func provenance(
    decisions: [Decision], commitments: [Commitment], contributions: [Contribution], participants: [ParticipantRecord]
  ) -> LuaValue {
    let lived = Set(participants.filter { $0.participant.perspectives.contains(.livedExperience) }.map(\.participant.id))
    var byID: [String: Contribution] = [:]
    for contribution in contributions { byID[contribution.id] = contribution }
    func reachesLivedExperience(_ start: [String]) -> Bool {
      var queue = start
      var seen: Set<String> = []
      while let id = queue.popLast() {
        guard seen.insert(id).inserted, let contribution = byID[id] else { continue }
        if let author = contribution.authorID, lived.contains(author) { return true }
        queue += contribution.derivedFrom
      }
      return false
    }
    let traced = decisions.compactMap { decision -> [String]? in
      guard let provenance = decision.provenance else { return nil }
      return decision.winners.flatMap { provenance[$0] ?? [] }
    }
    let tracedCommitments = commitments.compactMap { commitment -> [String]? in
      var sources = commitment.derivedFrom ?? []
      if let decision = decisions.first(where: { $0.id == commitment.decisionID }), let provenance = decision.provenance {
        sources += decision.winners.flatMap { provenance[$0] ?? [] }
      }
      return sources.isEmpty ? nil : sources
    }
    return .table(LuaTable(fields: [
      "decisions": .integer(Int64(decisions.count)),
      "decisions_traced": .integer(Int64(traced.count)),
      "decisions_with_lived_experience": .integer(Int64(traced.filter(reachesLivedExperience).count)),
      "commitments": .integer(Int64(commitments.count)),
      "commitments_traced": .integer(Int64(tracedCommitments.count)),
      "commitments_with_lived_experience": .integer(Int64(tracedCommitments.filter(reachesLivedExperience).count)),
    ]))
  }
}
