// coprod — co-production toolkit. Apache-2.0.

import BigInt
import CLua
import CoprodModel

/// What a voting rule counts: the ballots and the count's parameters.
public struct ElectionInput: Sendable {
  /// The ballots.
  public var profile: BallotProfile
  /// Number of seats (winners) asked for.
  public var seats: Int
  /// The budget, for participatory budgeting, in the profile's money units.
  public var budget: Int64?
  /// The rule's settings (manifest defaults overridden by `--option`).
  public var settings: [String: LuaValue]

  /// Creates an input.
  public init(profile: BallotProfile, seats: Int, budget: Int64?, settings: [String: LuaValue]) {
    self.profile = profile
    self.seats = seats
    self.budget = budget
    self.settings = settings
  }
}

/// The `election` object passed to a voting rule's `count`: a read-only view of the ballots
/// with fast counting helpers.
enum ElectionObject {
  /// The documented fields and methods (the single source of docs/lua-api.md § election).
  static let reference: [LuaAPIEntry] = [
    .init("election.kind", "string", "What the ballots express: \"ranked\", \"approval\", \"score\" or \"cumulative\"."),
    .init("election.candidates", "{ id, … }", "Candidate ids in input order (withdrawn candidates left out). A fresh table on each read."),
    .init("election.seats", "integer", "Seats or winners asked for: `--seats`, else the file's own, else 1."),
    .init("election.budget", "integer | nil", "The participatory budget: `--budget`, else the file's own, in money units (see `money_decimals`)."),
    .init("election.money_decimals", "integer", "Money is exact: the budget and every cost are whole numbers of 10^-money_decimals (0 unless the file writes amounts such as `1500.50`, then 2 and the cost is 150050)."),
    .init("election.voters", "integer", "Total number of voters (the sum of ballot counts), an exact integer (see `coprod.exact`)."),
    .init("election.ballot_count", "integer", "Number of distinct ballots."),
    .init("election.settings", "table", "The rule's settings: the manifest's defaults overridden by `--option key=value`."),
    .init("election.metadata", "{ [key] = value }", "The input's header, as strings: PrefLib `# KEY: value` lines, Pabulib `META` (e.g. `max_sum_points`), CSV directives, the BLT title (`title`). The first value wins when a key repeats. A fresh table on each read."),
    .init("election:name(id)", "string", "A candidate's display name."),
    .init("election:cost(id)", "integer | nil", "A project's cost (participatory budgeting), in money units."),
    .init("election:money(units)", "string", "An amount in money units written for people, e.g. `\"1500.50\"` (`\"1500\"` when money_decimals is 0)."),
    .init("election:ballots()", "{ ballot, … }", "Distinct ballots in input order, each `{ count = n, ranking = { {id, …}, … } }` (ranked: groups best first, tied candidates share a group), `{ count = n, approved = { id, … } }` or `{ count = n, points = { [id] = n } }`; a ballot read with a reason (CSV `reason` column) also has `reason = \"…\"`."),
    .init("election:first_preferences(continuing [, weights])", "tally, exhausted", "Each ballot's value (its count, or `weights[i]`) goes to its highest-ranked continuing candidate, split equally between tied ones. `tally[id]` is set for every continuing id; `exhausted` is the value of ballots with none left. Without weights and without split ballots the values are exact integers (see `coprod.exact`). Counted in Swift."),
    .init("election:top_choices(continuing [, on_tie])", "{ id | false, … }", "Per distinct ballot, its highest-ranked continuing candidate or `false` when exhausted. A ballot that ties its top continuing candidates is an error, or `false` when `on_tie` is `\"exhaust\"` (an ambiguous preference ends the ballot). Counted in Swift."),
    .init("election:keep_value_totals(keep, scale)", "votes, excess", "Meek's method's pass over the ballots, in fixed point: each voter's value starts at `scale` and goes down the ranking; at each rank, the candidates with a keep value above 0 (`keep[id]`, an integer from 0 to `scale`; 0 when absent) are live: none, and the value passes on; one, and it keeps `value * keep[id] // scale` and passes on the rest; several, and the ballot ends. `votes[id]` is set for every candidate; `excess` is the value no one kept. Integers, summed as Lua integers are; counted in Swift."),
    .init("election:counts()", "{ n, … }", "The count of each distinct ballot, in the same order as `ballots()` and `top_choices`."),
    .init("election:pairwise()", "m", "`m[a][b]`: voters ranking a strictly above b; unranked candidates count below all ranked ones; exact integers (see `coprod.exact`). Counted in Swift."),
    .init("election:approvals()", "{ [id] = n }", "Voters approving each candidate (ranked ballots approve every ranked candidate; score ballots every candidate with points above 0); exact integers (see `coprod.exact`)."),
    .init("election:score_totals()", "{ [id] = n }", "Total points per candidate (score and cumulative ballots); exact integers (see `coprod.exact`)."),
  ]

  /// Makes the object for `input`.
  static func make(_ input: ElectionInput) -> HostObject {
    let profile = input.profile
    let withdrawn = Set(input.profile.withdrawn)
    let visible = profile.candidates.indices.filter { !withdrawn.contains($0) }
    let ids = profile.candidates.map(\.id)
    var indexByID: [String: Int] = [:]
    for index in visible { indexByID[ids[index]] = index }

    func candidate(_ stack: LuaStack, _ position: Int32, _ method: String) throws(LuaCallError) -> Int {
      guard let id = stack.string(at: position) else {
        throw LuaCallError("bad argument #\(position - 1) to '\(method)' (candidate id expected, got \(stack.typeName(at: position)))")
      }
      guard let index = indexByID[id] else { throw LuaCallError("'\(id)' is not a candidate (in \(method))") }
      return index
    }
    func continuingMask(_ stack: LuaStack, _ method: String) throws(LuaCallError) -> [Bool] {
      guard let list = stack.stringArray(at: 2) else {
        throw LuaCallError("bad argument #1 to '\(method)' (array of candidate ids expected, got \(stack.typeName(at: 2)))")
      }
      var mask = [Bool](repeating: false, count: ids.count)
      for id in list {
        guard let index = indexByID[id] else { throw LuaCallError("'\(id)' is not a candidate (in \(method))") }
        mask[index] = true
      }
      return mask
    }
    func keepValues(_ stack: LuaStack, scale: Int64) throws(LuaCallError) -> [Int64] {
      guard stack.type(at: 2) == LUA_TTABLE else {
        throw LuaCallError("bad argument #1 to 'keep_value_totals' (table of keep values by candidate id expected, got \(stack.typeName(at: 2)))")
      }
      var keep = [Int64](repeating: 0, count: ids.count)
      for index in visible {
        stack.pushField(ids[index], of: 2)
        defer { stack.pop() }
        if stack.type(at: -1) == LUA_TNIL { continue }
        guard stack.isInteger(at: -1), let value = stack.integer(at: -1), value >= 0, value <= scale else {
          throw LuaCallError("keep_value_totals: the keep value of '\(ids[index])' must be an integer from 0 to \(scale)")
        }
        keep[index] = value
      }
      return keep
    }
    func pushNumber(_ stack: LuaStack, _ value: Double) {
      if value == value.rounded(), abs(value) < 9e15 { stack.push(Int64(value)) } else { stack.push(value) }
    }
    func pushPerCandidate(_ stack: LuaStack, _ values: [BigInt]) {
      stack.pushTable(fields: visible.count)
      for index in visible {
        stack.push(exact: values[index])
        stack.setField(ids[index])
      }
    }

    var object = HostObject(name: "election")
    object.fields = [
      "kind": { $0.push(profile.kind.rawValue) },
      "candidates": { stack in
        stack.pushTable(array: visible.count)
        for (position, index) in visible.enumerated() {
          stack.push(ids[index])
          stack.setIndex(position + 1)
        }
      },
      "seats": { $0.push(input.seats) },
      "budget": { stack in if let budget = input.budget { stack.push(budget) } else { stack.pushNil() } },
      "money_decimals": { $0.push(profile.moneyDecimals) },
      "voters": { $0.push(exact: profile.voterCount) },
      "ballot_count": { $0.push(profile.distinctBallots) },
      "settings": { stack throws(LuaCallError) in try stack.push(LuaValue.table(LuaTable(fields: input.settings))) },
      "metadata": { stack throws(LuaCallError) in
        var header: [String: LuaValue] = [:]
        for entry in profile.metadata where header[entry.key] == nil { header[entry.key] = .string(entry.value) }
        try stack.push(LuaValue.table(LuaTable(fields: header)))
      },
    ]
    object.methods = [
      "name": { stack throws(LuaCallError) in
        stack.push(profile.candidates[try candidate(stack, 2, "name")].name)
        return 1
      },
      "cost": { stack throws(LuaCallError) in
        if let cost = profile.candidates[try candidate(stack, 2, "cost")].cost { stack.push(cost) } else { stack.pushNil() }
        return 1
      },
      "money": { stack throws(LuaCallError) in
        guard let units = stack.integer(at: 2), units > Int64.min else {
          throw LuaCallError("bad argument #1 to 'money' (integer number of money units expected, got \(stack.typeName(at: 2)))")
        }
        let amount = MoneyAmount(units: abs(units), decimals: profile.moneyDecimals)
        stack.push((units < 0 ? "-" : "") + amount.formatted())
        return 1
      },
      "ballots": { stack throws(LuaCallError) in
        pushBallots(profile, ids: ids, withdrawn: withdrawn, stack: stack)
        return 1
      },
      "first_preferences": { stack throws(LuaCallError) in
        let mask = try continuingMask(stack, "first_preferences")
        var weights: [Double]?
        if stack.type(at: 3) != LUA_TNIL && stack.type(at: 3) != LUA_TNONE {
          guard let given = stack.doubleArray(at: 3), given.count == profile.distinctBallots else {
            throw LuaCallError("bad argument #2 to 'first_preferences' (array of \(profile.distinctBallots) numbers expected, one per distinct ballot)")
          }
          weights = given
        }
        let result = profile.firstPreferences(continuing: mask, weights: weights)
        stack.pushTable(fields: mask.count)
        for index in mask.indices where mask[index] {
          if let exact = result.exact { stack.push(exact: exact[index]) } else { pushNumber(stack, result.tally[index]) }
          stack.setField(ids[index])
        }
        if let exact = result.exact { stack.push(exact: exact[ids.count]) } else { pushNumber(stack, result.exhausted) }
        return 2
      },
      "top_choices": { stack throws(LuaCallError) in
        let mask = try continuingMask(stack, "top_choices")
        let onTie = stack.type(at: 3) == LUA_TNIL || stack.type(at: 3) == LUA_TNONE ? "error" : stack.string(at: 3)
        guard onTie == "error" || onTie == "exhaust" else {
          throw LuaCallError("bad argument #2 to 'top_choices' (\"error\" or \"exhaust\" expected)")
        }
        switch profile.topChoices(continuing: mask, exhaustingTies: onTie == "exhaust") {
        case .failure(let tie):
          throw LuaCallError("ballot \(tie.ballot + 1) ranks several continuing candidates equal first; this rule needs strict rankings")
        case .success(let choices):
          stack.pushTable(array: choices.count)
          for (position, choice) in choices.enumerated() {
            if let choice { stack.push(ids[choice]) } else { stack.push(false) }
            stack.setIndex(position + 1)
          }
          return 1
        }
      },
      "keep_value_totals": { stack throws(LuaCallError) in
        guard let scale = stack.integer(at: 3), scale > 0 else {
          throw LuaCallError("bad argument #2 to 'keep_value_totals' (positive integer scale expected, got \(stack.typeName(at: 3)))")
        }
        let keep = try keepValues(stack, scale: scale)
        let totals = profile.keepValueTotals(keep: keep, scale: scale)
        stack.pushTable(fields: visible.count)
        for index in visible {
          stack.push(totals.votes[index])
          stack.setField(ids[index])
        }
        stack.push(totals.excess)
        return 2
      },
      "counts": { stack throws(LuaCallError) in
        stack.pushTable(array: profile.distinctBallots)
        for (position, count) in profile.counts.enumerated() {
          stack.push(count)
          stack.setIndex(position + 1)
        }
        return 1
      },
      "pairwise": { stack throws(LuaCallError) in
        let matrix = profile.pairwiseMatrix()
        let n = ids.count
        stack.pushTable(fields: visible.count)
        for a in visible {
          stack.pushTable(fields: visible.count)
          for b in visible where b != a {
            stack.push(exact: matrix[a * n + b])
            stack.setField(ids[b])
          }
          stack.setField(ids[a])
        }
        return 1
      },
      "approvals": { stack throws(LuaCallError) in
        pushPerCandidate(stack, profile.approvalCounts())
        return 1
      },
      "score_totals": { stack throws(LuaCallError) in
        guard profile.kind == .score || profile.kind == .cumulative else {
          throw LuaCallError("score_totals needs score or cumulative ballots; these are \(profile.kind.rawValue)")
        }
        pushPerCandidate(stack, profile.pointTotals())
        return 1
      },
    ]
    return object
  }

  /// Pushes `election:ballots()`.
  ///
  /// A million ballots become millions of Lua values, so the loop stays on the Lua C API:
  /// candidate ids and field names are pushed once into a scratch table and copied from it
  /// (no Swift string bridging or rehashing per entry), and every table is created at its
  /// final size (no rehash while it fills).
  private static func pushBallots(_ profile: BallotProfile, ids: [String], withdrawn: Set<Int>, stack: LuaStack) {
    // Scratch table: [1...n] candidate ids, then the field names.
    let countKey = ids.count + 1, bodyKey = ids.count + 2, reasonKey = ids.count + 3
    stack.pushTable(array: ids.count + 3)
    for (index, id) in ids.enumerated() {
      stack.push(id)
      stack.setIndex(index + 1)
    }
    stack.push("count")
    stack.setIndex(countKey)
    let body: String
    switch profile.kind {
    case .ranked: body = "ranking"
    case .approval: body = "approved"
    case .score, .cumulative: body = "points"
    }
    stack.push(body)
    stack.setIndex(bodyKey)
    stack.push("reason")
    stack.setIndex(reasonKey)
    let scratch = stack.top
    func pushScratch(_ key: Int) { stack.pushItem(of: scratch, at: key) }
    var kept = [Bool](repeating: true, count: ids.count)
    for index in withdrawn { kept[index] = false }
    let entries = profile.entries, ranks = profile.ranks, points = profile.points

    stack.pushTable(array: profile.distinctBallots)
    for ballot in 0..<profile.distinctBallots {
      stack.pushTable(fields: 2)
      pushScratch(countKey)
      stack.push(profile.counts[ballot])
      stack.setEntry()
      pushScratch(bodyKey)
      let range = profile.range(of: ballot)
      switch profile.kind {
      case .ranked:
        var groups = 0
        var level = -1
        for position in range where kept[Int(entries[position])] && Int(ranks[position]) != level {
          groups += 1
          level = Int(ranks[position])
        }
        stack.pushTable(array: groups)
        var group = 0
        var position = range.lowerBound
        while position < range.upperBound {
          var end = position + 1
          while end < range.upperBound && ranks[end] == ranks[position] { end += 1 }
          let members = (position..<end).reduce(0) { $0 + (kept[Int(entries[$1])] ? 1 : 0) }
          if members > 0 {
            stack.pushTable(array: members)
            var slot = 0
            for entry in position..<end where kept[Int(entries[entry])] {
              slot += 1
              pushScratch(Int(entries[entry]) + 1)
              stack.setIndex(slot)
            }
            group += 1
            stack.setIndex(group)
          }
          position = end
        }
      case .approval:
        stack.pushTable(array: range.count)
        var slot = 0
        for entry in range where kept[Int(entries[entry])] {
          slot += 1
          pushScratch(Int(entries[entry]) + 1)
          stack.setIndex(slot)
        }
      case .score, .cumulative:
        stack.pushTable(fields: range.count)
        for entry in range where kept[Int(entries[entry])] {
          pushScratch(Int(entries[entry]) + 1)
          stack.push(points[entry])
          stack.setEntry()
        }
      }
      stack.setEntry()
      if let reason = profile.reasons[ballot] {
        pushScratch(reasonKey)
        stack.push(reason)
        stack.setEntry()
      }
      stack.setIndex(ballot + 1)
    }
    stack.remove(at: scratch)
  }
}
