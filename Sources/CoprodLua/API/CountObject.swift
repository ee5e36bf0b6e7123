// coprod — co-production toolkit. Apache-2.0.

import BigInt
import CLua
import CoprodModel

/// Collects what a rule decides through the `count` object.
final class CountRecorder {
  var record = TallyRecord()
  let candidates: [String]
  let order: [String: Int]
  let method: TieBreakMethod
  private var random: SplitMix64
  private var elected: Set<String> = []
  private var excluded: Set<String> = []
  private var allowance: OutputAllowance

  init(candidates: [String], method: TieBreakMethod, seed: Int64, outputLimit: Int) {
    self.allowance = OutputAllowance(limit: outputLimit)
    self.candidates = candidates
    var order: [String: Int] = [:]
    for (position, id) in candidates.enumerated() { order[id] = position }
    self.order = order
    self.method = method
    self.random = SplitMix64(seed: UInt64(bitPattern: seed))
  }

  var roundNumber: Int { record.rounds.count }

  private func currentRound() -> Int {
    if record.rounds.isEmpty { record.rounds.append(.init(number: 1)) }
    return record.rounds.count - 1
  }

  func startRound(tally: [String: TallyNumber], note: String?) throws(LuaCallError) {
    var bytes = note?.utf8.count ?? 0
    for (id, number) in tally {
      bytes += id.utf8.count
      if case .text(let text) = number { bytes += text.utf8.count } else { bytes += 8 }
    }
    try allowance.spend(bytes, in: "count:round")
    record.rounds.append(.init(number: record.rounds.count + 1, tally: tally, notes: note.map { [.init(text: $0)] } ?? []))
  }

  func note(_ text: String) throws(LuaCallError) {
    try allowance.spend(text.utf8.count, in: "count:note")
    record.rounds[currentRound()].notes.append(.init(text: text))
  }

  func elect(_ id: String, reason: String?) throws(LuaCallError) {
    guard order[id] != nil else { throw LuaCallError("count:elect: '\(id)' is not a candidate") }
    guard !elected.contains(id) else { throw LuaCallError("count:elect: '\(id)' is already elected") }
    guard !excluded.contains(id) else { throw LuaCallError("count:elect: '\(id)' was excluded") }
    try allowance.spend(reason?.utf8.count ?? 0, in: "count:elect")
    elected.insert(id)
    record.winners.append(id)
    let round = currentRound()
    record.rounds[round].elected.append(id)
    record.rounds[round].notes.append(.init(text: reason ?? "elected", candidate: id, action: "elected"))
  }

  func exclude(_ id: String, reason: String?) throws(LuaCallError) {
    guard order[id] != nil else { throw LuaCallError("count:exclude: '\(id)' is not a candidate") }
    guard !excluded.contains(id) else { throw LuaCallError("count:exclude: '\(id)' is already excluded") }
    guard !elected.contains(id) else { throw LuaCallError("count:exclude: '\(id)' is elected") }
    try allowance.spend(reason?.utf8.count ?? 0, in: "count:exclude")
    excluded.insert(id)
    let round = currentRound()
    record.rounds[round].excluded.append(id)
    record.rounds[round].notes.append(.init(text: reason ?? "excluded", candidate: id, action: "excluded"))
  }

  func breakTie(_ ids: [String], reason: String) throws(LuaCallError) -> String {
    guard !ids.isEmpty else { throw LuaCallError("count:break_tie: no candidates given") }
    var seen: Set<String> = []
    for id in ids {
      guard order[id] != nil else { throw LuaCallError("count:break_tie: '\(id)' is not a candidate") }
      guard seen.insert(id).inserted else { throw LuaCallError("count:break_tie: '\(id)' is listed twice") }
    }
    let among = ids.sorted { order[$0, default: 0] < order[$1, default: 0] }
    if among.count == 1 { return among[0] }
    let chosen: String
    switch method {
    case .inputOrder: chosen = among[0]
    case .reverseInputOrder: chosen = among[among.count - 1]
    case .lot: chosen = among[Int(random.next(below: UInt64(among.count)))]
    }
    record.tieBreaks.append(TallyRecord.TieBreak(round: record.rounds.count, among: among, chosen: chosen, method: method, reason: reason))
    return chosen
  }

  var electedList: [String] { record.winners }
  var excludedList: [String] { record.rounds.flatMap(\.excluded) }
}

/// The `count` object passed to a voting rule's `count`: the record of the count.
enum CountObject {
  /// The documented methods (the single source of docs/lua-api.md § count).
  static let reference: [LuaAPIEntry] = [
    .init("count:round { tally = { [id] = n }, note = text }", "", "Starts a new round (numbered from 1). `tally` values are numbers, exact integers (see `coprod.exact`: a string of digits beyond 64 bits stays a whole number, written as a JSON number, up to 38 digits) or exact decimals as strings; both fields are optional."),
    .init("count:note(text)", "", "Adds a plain-words explanation to the current round."),
    .init("count:elect(id, reason)", "", "Elects a candidate; winners are reported in order of election."),
    .init("count:exclude(id, reason)", "", "Excludes (eliminates) a candidate."),
    .init("count:break_tie(ids, reason)", "id", "Chooses one of the tied candidates for the action `reason` describes, by the `--tie-break` method (`lot` seeded by `--seed`, `input-order`, `reverse-input-order`), and records it in the result's `tie_breaks`. A single candidate is returned unrecorded."),
    .init("count:elected()", "{ id, … }", "Candidates elected so far, in order."),
    .init("count:excluded()", "{ id, … }", "Candidates excluded so far, in order."),
  ]

  /// A tally string: an exact integer beyond 64 bits (`-`? digits, no leading zero) is a
  /// whole number; anything else is text, shown as written.
  static func tallyText(_ value: String, id: String) throws(LuaCallError) -> TallyNumber {
    let digits = value.hasPrefix("-") ? value.dropFirst() : Substring(value)
    guard !digits.isEmpty, digits.first != "0", digits.allSatisfy({ $0.isASCII && $0.isNumber }), let big = BigInt(value) else {
      return .text(value)
    }
    guard let number = TallyNumber.exact(big) else {
      throw LuaCallError("count:round: tally['\(id)'] has \(digits.count) digits; a tally's whole numbers may have at most \(TallyNumber.maxDigits)")
    }
    return number
  }

  static func make(_ recorder: CountRecorder) -> HostObject {
    func text(_ stack: LuaStack, _ position: Int32, _ method: String, _ what: String) throws(LuaCallError) -> String {
      guard let value = stack.string(at: position) else {
        throw LuaCallError("bad argument #\(position - 1) to '\(method)' (\(what) expected, got \(stack.typeName(at: position)))")
      }
      return value
    }
    func optionalText(_ stack: LuaStack, _ position: Int32, _ method: String) throws(LuaCallError) -> String? {
      if stack.type(at: position) == LUA_TNIL || stack.type(at: position) == LUA_TNONE { return nil }
      return try text(stack, position, method, "string")
    }
    func pushList(_ stack: LuaStack, _ list: [String]) {
      stack.pushTable(array: list.count)
      for (position, id) in list.enumerated() {
        stack.push(id)
        stack.setIndex(position + 1)
      }
    }
    var object = HostObject(name: "count")
    object.methods = [
      "round": { stack throws(LuaCallError) in
        var tally: [String: TallyNumber] = [:]
        var note: String?
        if stack.type(at: 2) != LUA_TNIL && stack.type(at: 2) != LUA_TNONE {
          guard stack.type(at: 2) == LUA_TTABLE else {
            throw LuaCallError("bad argument #1 to 'round' (table expected, got \(stack.typeName(at: 2)))")
          }
          let table: LuaTable
          do throws(LuaReadError) {
            table = try stack.value(at: 2).tableValue ?? LuaTable()
          } catch {
            throw LuaCallError("count:round: \(error.problem)")
          }
          for key in table.fields.keys where key != "tally" && key != "note" {
            throw LuaCallError("count:round: unknown field '\(key)' (expected tally, note)")
          }
          switch table["tally"] {
          case .nil: break
          case .table(let entries):
            guard entries.array.isEmpty, entries.otherKeys.isEmpty else {
              throw LuaCallError("count:round: tally must map candidate ids to numbers")
            }
            for (id, number) in entries.fields {
              switch number {
              case .integer(let value): tally[id] = .integer(value)
              case .number(let value) where value.isFinite: tally[id] = .number(value)
              case .string(let value): tally[id] = try CountObject.tallyText(value, id: id)
              default: throw LuaCallError("count:round: tally['\(id)'] must be a number or a string, got \(number.typeName)")
              }
            }
          default: throw LuaCallError("count:round: tally must be a table, got \(table["tally"].typeName)")
          }
          switch table["note"] {
          case .nil: break
          case .string(let text): note = text
          default: throw LuaCallError("count:round: note must be a string, got \(table["note"].typeName)")
          }
        }
        try recorder.startRound(tally: tally, note: note)
        return 0
      },
      "note": { stack throws(LuaCallError) in
        try recorder.note(try text(stack, 2, "note", "string"))
        return 0
      },
      "elect": { stack throws(LuaCallError) in
        try recorder.elect(try text(stack, 2, "elect", "candidate id"), reason: try optionalText(stack, 3, "elect"))
        return 0
      },
      "exclude": { stack throws(LuaCallError) in
        try recorder.exclude(try text(stack, 2, "exclude", "candidate id"), reason: try optionalText(stack, 3, "exclude"))
        return 0
      },
      "break_tie": { stack throws(LuaCallError) in
        guard let ids = stack.stringArray(at: 2) else {
          throw LuaCallError("bad argument #1 to 'break_tie' (array of candidate ids expected, got \(stack.typeName(at: 2)))")
        }
        let reason = try optionalText(stack, 3, "break_tie") ?? "to choose"
        stack.push(try recorder.breakTie(ids, reason: reason))
        return 1
      },
      "elected": { stack throws(LuaCallError) in
        pushList(stack, recorder.electedList)
        return 1
      },
      "excluded": { stack throws(LuaCallError) in
        pushList(stack, recorder.excludedList)
        return 1
      },
    ]
    return object
  }
}

// MARK: - Seeded lot

/// SplitMix64: a small, well-known PRNG; the same seed always draws the same lots.
struct SplitMix64 {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// A uniform draw in 0..<bound (rejection sampling, no modulo bias).
  mutating func next(below bound: UInt64) -> UInt64 {
    let limit = UInt64.max - UInt64.max % bound
    while true {
      let value = next()
      if value < limit { return value % bound }
    }
  }
}
