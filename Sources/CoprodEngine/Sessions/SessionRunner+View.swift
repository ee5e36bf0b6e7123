// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodPlugins
import CoprodStore
import Foundation

// MARK: - What stage functions see

extension SessionRunner {
  /// The `session` object's data for a call at `stage`'s `iteration`: pseudonymous, with
  /// words only where the person agreed to be quoted, authors only when `participants` is
  /// granted and never for anonymous contributions, and perspectives per person only when
  /// granted.
  func view(stage: SessionFormatDefinition.Stage, iteration: Int) -> SessionView {
    let seesAuthors = setup.granted.contains(.participants) && format.manifest.permissions.contains(.participants)
    let contributions = said.map { entry in
      let c = entry.contribution
      var fields: [String: LuaValue] = [
        "id": .string(c.id), "kind": .string(c.kind.rawValue), "stage": .string(c.stage ?? ""),
        "iteration": .integer(Int64(entry.iteration)), "from": .table(LuaTable(array: c.derivedFrom.map(LuaValue.string))),
      ]
      if c.consentToQuote { fields["text"] = .string(c.text) }
      if c.anonymity != .anonymous, seesAuthors, let author = c.authorID { fields["author"] = .string(author) }
      return SessionView.Entry(stage: c.stage ?? "", iteration: entry.iteration, value: .table(LuaTable(fields: fields)))
    }
    let results = votes.map { vote in
      SessionView.Entry(stage: vote.stage, iteration: vote.iteration, value: Self.resultValue(vote))
    }
    var perspectives: [String: [String]]?
    if setup.granted.contains(.attendeePerspectives) && format.manifest.permissions.contains(.attendeePerspectives) {
      perspectives = [:]
      for id in attendees { perspectives?[id] = people[id]?.perspectives.map(\.rawValue) ?? [] }
    }
    return SessionView(
      id: setup.id, seed: setup.seed, format: format.definition.name, stage: stage.id, iteration: iteration, attendees: attendees,
      consultation: world.consultation.map { WorkspaceReportData.consultation(name: world.name, $0) } ?? .nil,
      contributions: contributions, results: results, perspectives: perspectives,
      attendanceBy: ["perspective": groupCounts { $0.perspectives.map(\.rawValue) }, "language": groupCounts { [$0.language ?? "not stated"] }],
      settings: format.settings, groups: formedGroups)
  }

  /// Each stage's rounds of groups, numbered across its iterations (one round per iteration
  /// unless the stage plans several), as `session:groups` gives them.
  private var formedGroups: [SessionView.Entry] {
    groupsByStage.keys.sorted().flatMap { stage in
      (groupsByStage[stage] ?? []).enumerated().map { offset, round in
        SessionView.Entry(
          stage: stage, iteration: offset + 1,  // the round's number
          value: .table(LuaTable(array: round.map { .table(LuaTable(array: $0.map(LuaValue.string))) })))
      }
    }
  }

  /// Attendees per group, groups smaller than k suppressed.
  private func groupCounts(_ groups: (Participant) -> [String]) -> LuaValue {
    var raw: [String: Int] = [:]
    for id in attendees { for group in people[id].map(groups) ?? [] { raw[group, default: 0] += 1 } }
    return WorkspaceReportData.groups(GroupCount.suppressingSmallGroups(raw, k: world.minimumGroupSize))
  }

  /// A counted vote as `session:results` gives it: no voter ids.
  static func resultValue(_ vote: VoteResult) -> LuaValue {
    let options = vote.options.map { option in
      var fields: [String: LuaValue] = [
        "id": .string(option.id), "name": .string(option.name), "from": .table(LuaTable(array: option.derivedFrom.map(LuaValue.string))),
      ]
      if let cost = option.cost { fields["cost"] = .integer(cost) }
      return LuaValue.table(LuaTable(fields: fields))
    }
    let ballots = vote.ballots.map { ballot in
      var fields: [String: LuaValue] = [:]
      switch ballot.kind {
      case .ranked:
        let levels = Dictionary(grouping: ballot.marks, by: { $0.rank ?? 0 })
        fields["ranking"] = .table(LuaTable(array: levels.keys.sorted().map { level in
          .table(LuaTable(array: (levels[level] ?? []).map { .string($0.option) }))
        }))
      case .approval:
        fields["approve"] = .table(LuaTable(array: ballot.marks.map { .string($0.option) }))
      case .score, .cumulative:
        fields["points"] = .table(LuaTable(fields: Dictionary(ballot.marks.map { ($0.option, LuaValue.integer($0.points ?? 0)) }, uniquingKeysWith: { $1 })))
      }
      if let reason = ballot.reason { fields["reason"] = .string(reason) }
      return LuaValue.table(LuaTable(fields: fields))
    }
    return .table(LuaTable(fields: [
      "options": .table(LuaTable(array: options)),
      "ballots": .table(LuaTable(array: ballots)),
      "winners": .table(LuaTable(array: vote.count.record.winners.map(LuaValue.string))),
      "rounds": roundsValue(vote.count.record),
      "rule": .table(LuaTable(fields: ["id": .string(vote.count.rule.id), "name": .string(vote.count.ruleName)])),
    ]))
  }

  static func roundsValue(_ record: TallyRecord) -> LuaValue {
    .table(LuaTable(array: record.rounds.map { round in
      .table(LuaTable(fields: [
        "number": .integer(Int64(round.number)),
        "tally": .table(LuaTable(fields: round.tally.mapValues { number in
          switch number {
          case .integer(let value): .integer(value)
          case .bigInteger(let value): .string(String(value))  // an exact integer (coprod.exact)
          case .number(let value): .number(value)
          case .text(let value): .string(value)
          }
        })),
        "elected": .table(LuaTable(array: round.elected.map(LuaValue.string))),
        "excluded": .table(LuaTable(array: round.excluded.map(LuaValue.string))),
      ]))
    }))
  }

  // MARK: Host services

  /// The host services for a call at `stage`'s `iteration`, seeded by the session.
  func services(stage: SessionFormatDefinition.Stage, iteration: Int) -> SessionServices {
    let seed = setup.seed
    func people(_ args: LuaTable, _ key: String, _ method: String) throws(LuaCallError) -> [String] {
      switch args[key] {
      case .nil: return attendees
      case .table(let list) where list.fields.isEmpty:
        var ids: [String] = []
        for item in list.array {
          guard let id = item.stringValue, self.attendees.contains(id) else {
            throw LuaCallError("session:\(method): \(key) must list people present; \(item.stringValue.map { "'\($0)'" } ?? item.typeName) is not")
          }
          ids.append(id)
        }
        return ids
      default: throw LuaCallError("session:\(method): \(key) must be a list of ids")
      }
    }
    func integer(_ args: LuaTable, _ key: String, _ method: String, default fallback: Int? = nil, range: ClosedRange<Int64>) throws(LuaCallError) -> Int {
      if args[key] == .nil, let fallback { return fallback }
      guard let value = args[key].integerValue, range.contains(value) else {
        throw LuaCallError("session:\(method): \(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
      }
      return Int(value)
    }
    func attribute(_ args: LuaTable, _ key: String, _ method: String) throws(LuaCallError) -> String? {
      guard let value = args[key].stringValue else {
        if args[key] == .nil { return nil }
        throw LuaCallError("session:\(method): \(key) must be \"perspective\" or \"language\"")
      }
      guard value == "perspective" || value == "language" else {
        throw LuaCallError("session:\(method): \(key) must be \"perspective\" or \"language\", not '\(value)'")
      }
      return value
    }
    return SessionServices(
      tables: { args throws(LuaCallError) in
        let ids = try people(args, "people", "tables")
        let size = try integer(args, "size", "tables", range: 2...1_000)
        let rounds = try integer(args, "rounds", "tables", default: 1, range: 1...100)
        let mix = try attribute(args, "mix", "tables")
        let stay = args["stay"] == .boolean(true)
        var request = TablePlanRequest(
          people: ids.map { AssignablePerson(id: $0, features: self.features(of: $0)) }, tableSize: size, rounds: rounds,
          diversify: mix.map { [$0] } ?? [], history: [], stay: [],
          seed: UInt64(bitPattern: SessionDraw.seed(seed, "tables", stage.id, iteration, 0)))
        let plan: TablePlan
        do {
          if stay, rounds > 1 {
            // Hosts: the first person at each table of the first round stays there.
            var first = request
            first.rounds = 1
            request.stay = try TableMixer.plan(first).rounds[0].compactMap(\.first)
          }
          plan = try TableMixer.plan(request)
        } catch {
          throw LuaCallError("session:tables: \(error)")
        }
        let chosen = plan.rounds
        return .table(LuaTable(fields: [
          "rounds": .table(LuaTable(array: chosen.map { round in .table(LuaTable(array: round.map { .table(LuaTable(array: $0.map(LuaValue.string))) })) })),
          "scores": .table(LuaTable(fields: [
            "diversity": .number(plan.scores.diversity), "repeat_meetings": .integer(Int64(plan.scores.repeatMeetings)),
            "unique_meeting_share": .number(plan.scores.uniqueMeetingShare),
          ])),
        ]))
      },
      selectPanel: { args throws(LuaCallError) in
        let pool = try people(args, "pool", "select_panel")
        let size = try integer(args, "size", "select_panel", range: 1...Int64(max(pool.count, 1)))
        var quotas: [Quota] = []
        switch args["quotas"] {
        case .nil: break
        case .table(let list) where list.fields.isEmpty:
          for item in list.array {
            guard let q = item.tableValue, let feature = try attribute(q, "feature", "select_panel"), let value = q["value"].stringValue,
              let low = q["min"].integerValue, let high = q["max"].integerValue, low >= 0, high >= low, high <= 1_000_000
            else { throw LuaCallError("session:select_panel: each quota is { feature, value, min, max } with 0 <= min <= max") }
            quotas.append(Quota(feature: feature, value: value, min: Int(low), max: Int(high)))
          }
        default: throw LuaCallError("session:select_panel: quotas must be a list of { feature, value, min, max }")
        }
        let selection: PanelSelection
        do {
          selection = try Sortition.select(
            PanelRequest(
              pool: pool.map { AssignablePerson(id: $0, features: self.features(of: $0)) }, quotas: quotas, size: size,
              seed: SessionDraw.seed(seed, "panel", stage.id, iteration, 0)))
        } catch {
          throw LuaCallError("session:select_panel: \(error)")
        }
        return .table(LuaTable(fields: [
          "selected": .table(LuaTable(array: selection.selected.map(LuaValue.string))),
          "minimum_probability": .number(selection.minimumProbability), "algorithm": .string(selection.algorithm),
        ]))
      },
      speakingOrder: { args throws(LuaCallError) in
        let group: [String]
        var index = 0
        if let number = args["group"].integerValue {
          let groups = self.groupsByStage[stage.id]?.first ?? [self.attendees]
          guard number >= 1, number <= Int64(groups.count) else {
            throw LuaCallError("session:speaking_order: group \(number) does not exist in stage '\(stage.id)' (1 to \(groups.count))")
          }
          index = Int(number) - 1
          group = groups[index]
        } else {
          group = try people(args, "group", "speaking_order")
        }
        let order = SessionDraw.shuffled(group, seed: SessionDraw.seed(seed, "turns", stage.id, iteration, index))
        return .table(LuaTable(array: order.map(LuaValue.string)))
      },
      tally: { args throws(LuaCallError) in try self.serviceTally(args, stage: stage, iteration: iteration) })
  }

  /// `session:tally { rule, options, ballots, seats?, budget?, settings? }`.
  private func serviceTally(_ args: LuaTable, stage: SessionFormatDefinition.Stage, iteration: Int) throws(LuaCallError) -> LuaValue {
    guard let rule = args["rule"].stringValue else { throw LuaCallError("session:tally: rule must name a voting rule") }
    guard let optionList = args["options"].tableValue, !optionList.array.isEmpty else {
      throw LuaCallError("session:tally: options must be a list of { id, name, cost? }")
    }
    var candidates: [Candidate] = []
    for item in optionList.array {
      guard let option = item.tableValue, let id = option["id"].stringValue else {
        throw LuaCallError("session:tally: each option is { id, name, cost? }")
      }
      guard !candidates.contains(where: { $0.id == id }) else { throw LuaCallError("session:tally: option '\(id)' is listed twice") }
      candidates.append(Candidate(id: id, name: option["name"].stringValue, cost: option["cost"].integerValue))
    }
    var index: [String: Int] = [:]
    for (position, candidate) in candidates.enumerated() { index[candidate.id] = position }
    func position(_ value: LuaValue) throws(LuaCallError) -> Int {
      guard let id = value.stringValue, let found = index[id] else {
        throw LuaCallError("session:tally: a ballot names \(value.stringValue.map { "'\($0)'" } ?? value.typeName), which is not an option")
      }
      return found
    }
    guard let ballotList = args["ballots"].tableValue, !ballotList.array.isEmpty, ballotList.array.count <= 1_000_000 else {
      throw LuaCallError("session:tally: ballots must be a list of { rank = … }, { ranking = … }, { approve = … } or { points = … }")
    }
    var builder: BallotProfileBuilder?
    for item in ballotList.array {
      guard let ballot = item.tableValue else { throw LuaCallError("session:tally: each ballot is a table") }
      let reason = ballot["reason"].stringValue
      if ballot["rank"] != .nil || ballot["ranking"] != .nil {
        if builder == nil { builder = BallotProfileBuilder(kind: .ranked, candidates: candidates) }
        guard builder?.profile.kind == .ranked else { throw LuaCallError("session:tally: ballots must all be of one kind") }
        // `rank = { id, … }` is strict; `ranking = { { id, … }, … }` has groups of tied options.
        var groups: [[LuaValue]] = []
        if let rank = ballot["rank"].tableValue {
          groups = rank.array.map { [$0] }
        } else if let ranking = ballot["ranking"].tableValue {
          for group in ranking.array {
            guard let members = group.tableValue else { throw LuaCallError("session:tally: ranking must be a list of lists of option ids") }
            groups.append(members.array)
          }
        }
        var entries: [Int32] = []
        var ranks: [UInt16] = []
        for (level, group) in groups.enumerated() {
          var members: [Int32] = []
          for value in group { members.append(Int32(try position(value))) }
          for found in members.sorted() {
            guard !entries.contains(found) else { throw LuaCallError("session:tally: a ballot ranks an option twice") }
            entries.append(found)
            ranks.append(UInt16(clamping: level))
          }
        }
        builder?.addCanonical(entries: entries, ranks: ranks, points: [], count: 1, reason: reason)
      } else if let approved = ballot["approve"].tableValue {
        if builder == nil { builder = BallotProfileBuilder(kind: .approval, candidates: candidates) }
        guard builder?.profile.kind == .approval else { throw LuaCallError("session:tally: ballots must all be of one kind") }
        var entries: Set<Int32> = []
        for value in approved.array { entries.insert(Int32(try position(.string(value.stringValue ?? "")))) }
        builder?.addCanonical(entries: entries.sorted(), ranks: [], points: [], count: 1, reason: reason)
      } else if let points = ballot["points"].tableValue {
        let kind: BallotKind = args["kind"] == .string("cumulative") ? .cumulative : .score
        if builder == nil { builder = BallotProfileBuilder(kind: kind, candidates: candidates) }
        guard builder?.profile.kind == kind else { throw LuaCallError("session:tally: ballots must all be of one kind") }
        var marks: [(Int32, Int64)] = []
        for key in points.fields.keys.sorted() {
          guard let value = points.fields[key]?.integerValue else { throw LuaCallError("session:tally: points must be whole numbers") }
          marks.append((Int32(try position(.string(key))), value))
        }
        marks.sort { $0.0 < $1.0 }
        builder?.addCanonical(entries: marks.map(\.0), ranks: [], points: marks.map(\.1), count: 1, reason: reason)
      } else {
        throw LuaCallError("session:tally: each ballot has rank, ranking, approve or points")
      }
    }
    guard var profile = builder?.profile else { throw LuaCallError("session:tally: no ballots") }
    let budget = args["budget"].integerValue
    profile.budget = budget
    var options: [String] = []
    if let settings = args["settings"].tableValue {
      options = settings.fields.keys.sorted().map { "\($0)=\(Tally.settingText(settings.fields[$0] ?? .nil))" }
    }
    let seats = args["seats"].integerValue.map(Int.init) ?? 1
    guard seats >= 1, seats <= candidates.count else { throw LuaCallError("session:tally: seats must be from 1 to the number of options") }
    do {
      let counted = try Tally.count(
        profile, seats: seats, budget: budget, rule: rule, options: options, tieBreak: .lot,
        seed: SessionDraw.seed(setup.seed, "tally", stage.id, iteration, 0), limits: setup.limits, source: "session:tally",
        catalog: setup.catalog, logger: setup.logger)
      return .table(LuaTable(fields: [
        "winners": .table(LuaTable(array: counted.record.winners.map(LuaValue.string))),
        "rounds": Self.roundsValue(counted.record),
        "tie_breaks": .table(LuaTable(array: counted.record.tieBreaks.map { tie in
          .table(LuaTable(fields: [
            "among": .table(LuaTable(array: tie.among.map(LuaValue.string))), "chosen": .string(tie.chosen), "reason": .string(tie.reason),
          ]))
        })),
      ]))
    } catch {
      throw LuaCallError("session:tally: \(error)")
    }
  }
}
