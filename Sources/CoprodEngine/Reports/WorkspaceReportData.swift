// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodPlugins
import CoprodStore
import Foundation

/// What a report plugin sees of a workspace: only the words of people who still take part and
/// agreed to be quoted, group counts with small groups suppressed, and people one by one
/// (pseudonymous ids) or their personal data only when the plugin asks for it in its manifest
/// *and* the user grants it.
public enum WorkspaceReportData {
  /// The workspace's name and, once `coprod consultation set` has run, what was asked and how
  /// much say people were promised.
  static func consultation(name: String, _ record: Consultation?, language: String = "en") -> LuaValue {
    var fields: [String: LuaValue] = ["name": .string(name)]
    if let record {
      fields["question"] = .string(record.question)
      fields["purpose"] = .string(record.purpose)
      fields["ladder"] = .table(LuaTable(fields: [
        "name": .string(record.ladderRung.name), "rung": .integer(Int64(record.ladderRung.rawValue)),
        "band": .string(ConsultationText.band(of: record.ladderRung, language)),
        "meaning": .string(ConsultationText.meaning(of: record.ladderRung, language)),
        "title": .string(ConsultationText.title(of: record.ladderRung, language)),
      ]))
      fields["spectrum"] = .table(LuaTable(fields: [
        "level": .string(record.spectrumLevel.rawValue), "promise": .string(ConsultationText.promise(of: record.spectrumLevel, language)),
        "title": .string(ConsultationText.title(of: record.spectrumLevel, language)),
      ]))
      if let opens = record.opens { fields["opens"] = .string(opens.description) }
      if let closes = record.closes { fields["closes"] = .string(closes.description) }
      if let days = ConsultationText.days(record) { fields["days"] = .integer(Int64(days)) }
      fields["gunning"] = .table(LuaTable(array: ConsultationText.gunning(record.gunning, language).map { principle in
        .table(LuaTable(fields: ["principle": .string(principle.label), "evidence": principle.evidence.map(LuaValue.string) ?? .nil]))
      }))
      fields["notes"] = .table(LuaTable(array: ConsultationText.notes(record, language: language).map(LuaValue.string)))
    }
    return .table(LuaTable(fields: fields))
  }

  /// What was decided: the proposals chosen (by id and name), the rule that counted, who
  /// decided, the outcome and the reasons given.
  /// A plugin reference for a report: id, version, sha256 and, unless bundled, signer.
  static func plugin(_ reference: PluginReference) -> [String: LuaValue] {
    var fields: [String: LuaValue] = ["id": .string(reference.id), "version": .string(reference.version), "sha256": .string(reference.hash)]
    if let signer = reference.signer { fields["signer"] = .string(signer) }
    return fields
  }

  ///
  /// Each decision also carries its count round by round (`rounds`: number, tally, elected,
  /// excluded, notes), the options counted (`proposals`: id and name), the contributions each
  /// option grew from (`provenance`: option id → contribution ids) and, for a decision taken
  /// in a session, the session's attendance (`attendance`: people, and counts by perspective
  /// with small groups suppressed), its ballots and the ties broken in its count
  /// (`tie_breaks`: round, among, chosen, method, reason).
  static func decisions(_ decisions: [Decision], sessions: [SessionReport] = []) -> LuaValue {
    .table(LuaTable(array: decisions.map { d in
      var fields: [String: LuaValue] = [
        "rounds": .table(LuaTable(array: d.rounds.map { round in
          .table(LuaTable(fields: [
            "number": .integer(Int64(round.number)),
            "tally": .table(LuaTable(fields: round.tally.mapValues(tallyValue))),
            "elected": .table(LuaTable(array: round.elected.map(LuaValue.string))),
            "excluded": .table(LuaTable(array: round.excluded.map(LuaValue.string))),
            "notes": .table(LuaTable(array: round.notes.map(LuaValue.string))),
          ]))
        })),
        "proposals": .table(LuaTable(array: d.proposals.keys.sorted().map { id in
          .table(LuaTable(fields: ["id": .string(id), "name": .string(d.name(of: id))]))
        })),
        "provenance": .table(LuaTable(fields: (d.provenance ?? [:]).mapValues { .table(LuaTable(array: $0.map(LuaValue.string))) })),
        "id": .string(d.id), "decided_by": .string(d.decidedBy), "rationale": .string(d.rationale),
        "outcome": .string(d.outcome.rawValue),
        "winners": .table(LuaTable(array: d.winners.map { id in
          .table(LuaTable(fields: ["id": .string(id), "name": .string(d.name(of: id))]))
        })),
        "rule": .table(LuaTable(fields: plugin(d.rule))),
      ]
      if let reasons = d.outcomeReasons { fields["reasons"] = .string(reasons) }
      if let date = d.decided { fields["date"] = .string(date.text) }
      if let session = d.sessionID { fields["session"] = .string(session) }
      if let stage = d.stage { fields["stage"] = .string(stage) }
      if let stateHash = d.stateHash { fields["state_hash"] = .string(stateHash) }
      if let session = sessions.first(where: { $0.id == d.sessionID }) {
        fields["attendance"] = .table(LuaTable(fields: [
          "people": .integer(Int64(session.attendance.people)), "by_perspective": groups(session.attendance.byPerspective),
        ]))
        if let stage = session.stages.first(where: { $0.decisions.contains(d.id) }) {
          fields["ballots"] = .integer(Int64(stage.ballots))
          fields["tie_breaks"] = .table(LuaTable(array: (stage.count?.tieBreaks ?? []).map { tie in
            .table(LuaTable(fields: [
              "round": .integer(Int64(tie.round)), "among": .table(LuaTable(array: tie.among.map(LuaValue.string))),
              "chosen": .string(tie.chosen), "method": .string(tie.method.rawValue), "reason": .string(tie.reason),
            ]))
          }))
        }
      }
      return .table(LuaTable(fields: fields))
    }))
  }

  /// A count's number as Lua sees it: whole numbers beyond 64 bits as exact-integer strings.
  static func tallyValue(_ number: TallyNumber) -> LuaValue {
    switch number {
    case .integer(let value): .integer(value)
    case .bigInteger(let value): .string(String(value))
    case .number(let value): .number(value)
    case .text(let value): .string(value)
    }
  }

  /// What was promised and how it is going, with overdue ones marked as of `today`.
  static func commitments(_ commitments: [Commitment], today: CalendarDate) -> LuaValue {
    .table(LuaTable(array: commitments.map { c in
      var fields: [String: LuaValue] = [
        "id": .string(c.id), "text": .string(c.text), "owner": .string(c.owner), "status": .string(c.status.rawValue),
        "overdue": .boolean(c.isOverdue(on: today)),
        "history": .table(LuaTable(array: c.history.map { change in
          var entry: [String: LuaValue] = ["status": .string(change.status.rawValue), "date": .string(change.date.text)]
          if let note = change.note { entry["note"] = .string(note) }
          return .table(LuaTable(fields: entry))
        })),
        "evidence": .table(LuaTable(array: c.evidence.map { e in
          var entry: [String: LuaValue] = ["summary": .string(e.summary)]
          if let location = e.location { entry["location"] = .string(location) }
          return .table(LuaTable(fields: entry))
        })),
      ]
      if let due = c.due { fields["due"] = .string(due.text) }
      if let decision = c.decisionID { fields["decision"] = .string(decision) }
      if let note = c.latestNote { fields["note"] = .string(note) }
      return .table(LuaTable(fields: fields))
    }))
  }

  /// Feedback published to the people asked: when, where, the decisions and commitments each
  /// publication covered (by id) and, when kept, the SHA-256 of the published document.
  static func feedback(_ publications: [FeedbackPublication]) -> LuaValue {
    .table(LuaTable(array: publications.map { f in
      var fields: [String: LuaValue] = [
        "id": .string(f.id), "title": .string(f.title), "date": .string(f.published.text), "channel": .string(f.channel),
        "decisions": .table(LuaTable(array: f.decisionIDs.map(LuaValue.string))),
        "commitments": .table(LuaTable(array: f.commitmentIDs.map(LuaValue.string))),
      ]
      if let sha256 = f.sha256 { fields["sha256"] = .string(sha256) }
      return .table(LuaTable(fields: fields))
    }))
  }

  /// Group counts as plugins see them: `{ group, count?, suppressed }`, no count when suppressed.
  static func groups(_ counts: [GroupCount]) -> LuaValue {
    .table(LuaTable(array: counts.map { group in
      .table(LuaTable(fields: ["group": .string(group.group), "count": group.count.map { .integer(Int64($0)) } ?? .nil, "suppressed": .boolean(group.count == nil)]))
    }))
  }

  /// What a report plugin is given about a workspace: its `data` table, notes for the
  /// person running it, and the group-size rules its document is checked against.
  public struct Built: Sendable {
    /// The `data` table.
    public var value: LuaValue
    /// Notes for standard error (e.g. a permission asked for but not granted).
    public var notes: [String]
    /// The minimum group size and the groups suppressed anywhere in `value`.
    public var privacy: DocumentPrivacy
  }

  /// Builds the report's `data` table.
  ///
  /// Without the `participants` grant a report sees people only as counts: the number taking
  /// part, group counts with small groups suppressed and indicators coprod computes over
  /// everyone (`voice`, `provenance`); no participant list and no authors. With it, it also
  /// sees each participant by pseudonymous id and the author of contributions not marked
  /// anonymous. An anonymous contribution never carries its author.
  ///
  /// - Parameters:
  ///   - workspace: the open workspace.
  ///   - manifest: the report plugin's manifest (its requested permissions).
  ///   - granted: permissions granted with `--grant`.
  ///   - today: the day the report is made, for marking overdue commitments.
  ///   - language: the language of the host's texts in the data (ladder, spectrum, Gunning).
  ///   - settings: the report's settings (`data.settings`), defaults overridden by `--option`.
  /// - Throws: ``PermissionError`` when a permission is granted that the plugin does not ask
  ///   for; store errors when the workspace cannot be read.
  public static func build(
    _ workspace: Workspace, manifest: PluginManifest, granted: [PluginManifest.Permission], today: CalendarDate,
    language: String = "en", settings: [String: LuaValue] = [:]
  ) throws -> Built {
    for permission in granted where !manifest.permissions.contains(permission) {
      throw PermissionError(description: "--grant \(permission.rawValue): plugin \(manifest.id) does not ask for it in plugin.yaml; grant only what a plugin asks for")
    }
    var notes: [String] = []
    for permission in manifest.permissions where !granted.contains(permission) {
      notes.append("plugin \(manifest.id) asks for \(permission.rawValue); not granted, so it runs without it (pass --grant \(permission.rawValue) to allow)")
    }
    let store = workspace.store
    let stateHash = try store.stateHash()
    let k = workspace.minimumGroupSize
    let records = try store.participants()
    let active = records.filter { $0.withdrawn == nil && !$0.erased }
    let seesPeople = granted.contains(.participants)
    let listing = try store.contributions(ContributionFilter())
    let contributions = listing.contributions.filter { !$0.erased }.map { stored in
      let contribution = stored.contribution
      var fields: [String: LuaValue] = [
        "id": .string(contribution.id),
        "kind": .string(contribution.kind.rawValue),
        "quote": .boolean(contribution.consentToQuote),
        "anonymity": .string(contribution.anonymity.rawValue),
        "from": .table(LuaTable(array: contribution.derivedFrom.map(LuaValue.string))),
      ]
      if contribution.consentToQuote { fields["text"] = .string(contribution.text) }
      if seesPeople, contribution.anonymity != .anonymous, let author = contribution.authorID { fields["author"] = .string(author) }
      return LuaValue.table(LuaTable(fields: fields))
    }
    var suppressed: Set<String> = []
    func groups(_ grouping: Grouping) throws -> LuaValue {
      let counts = try store.suppressedCounts(by: grouping, k: k)
      suppressed.formUnion(counts.filter { $0.count == nil }.map(\.group))
      return Self.groups(counts)
    }
    let sessionReports = try SessionReport.all(in: workspace)
    for report in sessionReports { suppressed.formUnion(report.attendance.byPerspective.filter { $0.count == nil }.map(\.group)) }
    var fields: [String: LuaValue] = [
      "consultation": consultation(name: workspace.manifest.name, try store.consultation(), language: language),
      "decisions": decisions(try store.decisions(), sessions: sessionReports),
      "settings": .table(LuaTable(fields: settings)),
      "commitments": commitments(try store.commitments(), today: today),
      "feedback": feedback(try store.feedback()),
      "minimum_group_size": .integer(Int64(k)),
      "people": .integer(Int64(active.count)),
      "participation": .table(LuaTable(fields: ["perspective": try groups(.perspective), "language": try groups(.language)])),
      "voice": voice(contributions: listing.contributions.filter { !$0.erased }.map(\.contribution), people: active.map(\.participant), k: k),
      "contributions": .table(LuaTable(array: contributions)),
      "withheld": .integer(Int64(listing.withheld)),
      "sessions": sessions(sessionReports),
      "provenance": provenance(
        decisions: try store.decisions(), commitments: try store.commitments(), contributions: listing.contributions.map(\.contribution),
        participants: records),
      "state_hash": .string(stateHash),
    ]
    if seesPeople {
      fields["participants"] = .table(LuaTable(array: active.map { record in
        LuaValue.table(LuaTable(fields: [
          "id": .string(record.participant.id),
          "perspectives": .table(LuaTable(array: record.participant.perspectives.map { .string($0.rawValue) })),
          "language": record.participant.language.map(LuaValue.string) ?? .nil,
        ]))
      }))
    }
    if granted.contains(.personalData) {
      var personal: [String: LuaValue] = [:]
      for record in active {
        guard let data = try store.personalData(for: record.participant.id) else { continue }
        var entry: [String: LuaValue] = data.contact.mapValues(LuaValue.string)
        if let name = data.name { entry["name"] = .string(name) }
        personal[record.participant.id] = .table(LuaTable(fields: entry))
      }
      fields["personal"] = .table(LuaTable(fields: personal))
    }
    if granted.contains(.equalityData) {
      var equality: [String: LuaValue] = [:]
      for record in active {
        guard let data = try store.personalData(for: record.participant.id) else { continue }
        equality[record.participant.id] = .table(LuaTable(fields: data.equalityMonitoring.mapValues(LuaValue.string)))
      }
      fields["equality"] = .table(LuaTable(fields: equality))
    }
    return Built(value: .table(LuaTable(fields: fields)), notes: notes, privacy: DocumentPrivacy(minimumGroupSize: k, smallGroups: suppressed))
  }

  /// Whose voice is heard, computed by the host over everyone taking part so that no one is
  /// singled out: how many contributions they made, how many people spoke at least once,
  /// the Gini coefficient of contributions per person (people who said nothing count as
  /// zero; nil when fewer than k people take part or nothing was said), and, for each
  /// perspective with at least k people, its people and their contributions.
  static func voice(contributions: [Contribution], people: [Participant], k: Int) -> LuaValue {
    var byAuthor: [String: Int] = [:]
    for contribution in contributions { if let author = contribution.authorID { byAuthor[author, default: 0] += 1 } }
    let perPerson = people.map { byAuthor[$0.id] ?? 0 }
    let said = perPerson.reduce(0, +)
    var byGroup: [String: (people: Int, said: Int)] = [:]
    for person in people {
      for perspective in Set(person.perspectives.map(\.rawValue)) {
        byGroup[perspective, default: (0, 0)].people += 1
        byGroup[perspective, default: (0, 0)].said += byAuthor[person.id] ?? 0
      }
    }
    var fields: [String: LuaValue] = [
      "contributions": .integer(Int64(said)),
      "speakers": .integer(Int64(perPerson.filter { $0 > 0 }.count)),
      "groups": .table(LuaTable(array: byGroup.keys.sorted().filter { (byGroup[$0]?.people ?? 0) >= k }.map { group in
        .table(LuaTable(fields: [
          "group": .string(group), "people": .integer(Int64(byGroup[group]?.people ?? 0)),
          "contributions": .integer(Int64(byGroup[group]?.said ?? 0)),
        ]))
      })),
    ]
    if people.count >= k, said > 0 { fields["gini"] = .number(gini(perPerson)) }
    return .table(LuaTable(fields: fields))
  }

  /// The Gini coefficient of non-negative values with a positive sum (0 = equal).
  static func gini(_ values: [Int]) -> Double {
    let sorted = values.sorted()
    let total = Double(sorted.reduce(0, +))
    let n = Double(sorted.count)
    let weighted = sorted.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * Double($1.element) }
    return (2 * weighted) / (n * total) - (n + 1) / n
  }
}

/// A permission granted on the command line that the plugin does not ask for.
public struct PermissionError: ReportableError, Equatable {
  /// What is wrong and what to do.
  public var description: String
}
