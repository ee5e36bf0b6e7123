// coprod — co-production toolkit. Apache-2.0.

// MARK: - Request and plan

/// What a table plan is asked for.
public struct TablePlanRequest: Sendable {
  /// The people to seat.
  public var people: [AssignablePerson]
  /// People per table (the largest table; tables differ in size by at most one).
  public var tableSize: Int
  /// Rounds to plan.
  public var rounds: Int
  /// Features every table should mirror (GroupSelect's *Diversify*), e.g. `["perspective"]`.
  public var diversify: [String]
  /// Earlier tables (lists of ids) whose pairs should not meet again. Ids not among `people`
  /// are ignored.
  public var history: [[String]]
  /// People who stay at their table in every round (World Café hosts): the first stays at
  /// table 1, the second at table 2, … Ids not among `people` are ignored.
  public var stay: [String]
  /// The seed: the same request and seed always give the same plan.
  public var seed: UInt64

  /// Creates a request.
  public init(
    people: [AssignablePerson], tableSize: Int, rounds: Int = 1, diversify: [String] = [], history: [[String]] = [],
    stay: [String] = [], seed: UInt64
  ) {
    self.people = people
    self.tableSize = tableSize
    self.rounds = rounds
    self.diversify = diversify
    self.history = history
    self.stay = stay
    self.seed = seed
  }
}

/// A plan: round → table → ids, with its scores.
public struct TablePlan: Sendable, Hashable, Codable {
  /// Round → table → ids (hosts first, then the others in the order they were given).
  public var rounds: [[[String]]]
  /// How good the plan is.
  public var scores: TablePlanScores

  /// Creates a plan.
  public init(rounds: [[[String]]], scores: TablePlanScores) {
    self.rounds = rounds
    self.scores = scores
  }
}

/// GroupSelect-style scores of a plan.
public struct TablePlanScores: Sendable, Hashable, Codable {
  /// How far the tables are from the room's mix: for every round, table and diversified
  /// feature, the L1 distance between the table's shares of each value and the room's
  /// (0 = every table mirrors the room; lower is more diverse).
  public var diversity: Double
  /// Meetings of pairs who had already met (in `history` or an earlier round): a pair seated
  /// together three times counts 2, or 3 if they had met before the plan.
  public var repeatMeetings: Int
  /// Share of all possible pairs of people who meet at least once in the plan.
  public var uniqueMeetingShare: Double

  /// Creates scores.
  public init(diversity: Double, repeatMeetings: Int, uniqueMeetingShare: Double) {
    self.diversity = diversity
    self.repeatMeetings = repeatMeetings
    self.uniqueMeetingShare = uniqueMeetingShare
  }
}

// MARK: - Table mixing

/// Table mixing for rounds (World Café, 1-2-4-All): tables that mirror the room's mix of the
/// diversified features and keep people from meeting the same people again.
///
/// Each round is seated in turn: people are dealt round the tables by their mix of feature
/// values (so every value spreads out), then a local search swaps pairs of people between
/// tables while the swap does not make the round worse. A round's cost is
/// `2 × (meetings of pairs who already met) + (people out of place)`, where *people out of
/// place* is the L1 distance, in people, between each table's counts of every value and the
/// room's share of the table. Hosts (`stay`) keep their table. Draws come from
/// ``SeededRandom`` (xoshiro256**), so a plan is reproducible from its seed on any machine.
public enum TableMixer {
  /// Swap attempts per person and round.
  static let swapsPerPerson = 150

  /// A mixed plan.
  /// - Throws: ``AssignmentError`` when the table size or rounds are below 1, an id is given
  ///   twice, or more hosts stay than there are tables.
  public static func plan(_ request: TablePlanRequest) throws -> TablePlan {
    var room = try Room(request)
    var random = SeededRandom(seed: request.seed)
    var rounds: [[[Int]]] = []
    for _ in 0..<request.rounds {
      var round = room.dealt(&random)
      room.improve(&round, random: &random)
      room.meet(round)
      rounds.append(round)
    }
    return room.plan(rounds)
  }

  /// A plan drawn at random (each round a seeded shuffle dealt into tables, hosts kept): the
  /// baseline mixing is measured against.
  /// - Throws: as ``plan(_:)``.
  public static func randomPlan(_ request: TablePlanRequest) throws -> TablePlan {
    var room = try Room(request)
    var random = SeededRandom(seed: request.seed)
    var rounds: [[[Int]]] = []
    for _ in 0..<request.rounds {
      var others = room.movers
      random.shuffle(&others)
      let round = room.seat(others)
      room.meet(round)
      rounds.append(round)
    }
    return room.plan(rounds)
  }
}

// MARK: - The room

/// People as numbers, their feature values, who has met whom, and the table sizes.
private struct Room {
  let ids: [String]
  /// Person → value index, per diversified feature.
  let values: [[Int]]
  /// Per feature, the room's share of each value.
  let shares: [[Double]]
  /// Table sizes (the same every round).
  let sizes: [Int]
  /// Hosts, by table.
  let hosts: [Int]
  /// Everyone else, in the order given.
  let movers: [Int]
  /// How often each pair met before the plan (history).
  let metBefore: [UInt16]
  /// How often each pair met (history and the rounds seated so far).
  var met: [UInt16]

  init(_ request: TablePlanRequest) throws {
    guard request.tableSize >= 1 else { throw AssignmentError("tables must seat at least 1 person, not \(request.tableSize)") }
    guard request.rounds >= 1 else { throw AssignmentError("a plan needs at least 1 round, not \(request.rounds)") }
    ids = request.people.map(\.id)
    var index: [String: Int] = [:]
    for (i, id) in ids.enumerated() {
      guard index.updateValue(i, forKey: id) == nil else { throw AssignmentError("'\(id)' is listed twice") }
    }
    let n = ids.count
    let tables = (n + request.tableSize - 1) / request.tableSize
    sizes = (0..<tables).map { n / tables + ($0 < n % tables ? 1 : 0) }
    var hosts: [Int] = []
    for id in request.stay {
      if let i = index[id], !hosts.contains(i) { hosts.append(i) }
    }
    guard hosts.count <= tables else {
      throw AssignmentError("\(hosts.count) hosts stay at their tables, but \(n) people at tables of \(request.tableSize) fill only \(tables) tables")
    }
    self.hosts = hosts
    let hostSet = Set(hosts)
    movers = (0..<n).filter { !hostSet.contains($0) }
    var values: [[Int]] = []
    var shares: [[Double]] = []
    for feature in request.diversify {
      var names: [String: Int] = [:]
      let column = request.people.map { person in
        let value = person.features[feature] ?? ""
        if let known = names[value] { return known }
        names[value] = names.count
        return names.count - 1
      }
      var counts = [Double](repeating: 0, count: names.count)
      for v in column { counts[v] += 1 }
      values.append(column)
      shares.append(counts.map { $0 / Double(max(n, 1)) })
    }
    self.values = (0..<n).map { person in values.map { $0[person] } }
    self.shares = shares
    var met = [UInt16](repeating: 0, count: n * n)
    for table in request.history {
      let members = Array(Set(table.compactMap { index[$0] })).sorted()
      for (k, a) in members.enumerated() {
        for b in members[(k + 1)...] {
          met[a * n + b] &+= 1
          met[b * n + a] &+= 1
        }
      }
    }
    metBefore = met
    self.met = met
  }

  var count: Int { ids.count }

  // MARK: Seating

  /// Hosts at their tables, then `others` filling the tables in turn.
  func seat(_ others: [Int]) -> [[Int]] {
    var round = sizes.indices.map { $0 < hosts.count ? [hosts[$0]] : [] }
    var next = others.makeIterator()
    for table in round.indices {
      while round[table].count < sizes[table], let person = next.next() { round[table].append(person) }
    }
    return round
  }

  /// A first seating that spreads every value: people sorted by their values (in a seeded
  /// order within each mix), then dealt round the tables.
  func dealt(_ random: inout SeededRandom) -> [[Int]] {
    var others = movers
    random.shuffle(&others)
    let key = Dictionary(uniqueKeysWithValues: others.enumerated().map { ($1, $0) })
    others.sort { a, b in
      values[a] != values[b] ? values[a].lexicographicallyPrecedes(values[b]) : key[a]! < key[b]!
    }
    var round = sizes.indices.map { $0 < hosts.count ? [hosts[$0]] : [] }
    var table = 0
    for person in others {
      while round[table].count >= sizes[table] { table = (table + 1) % sizes.count }
      round[table].append(person)
      table = (table + 1) % sizes.count
    }
    return round
  }

  /// Records that the people at each table of `round` met.
  mutating func meet(_ round: [[Int]]) {
    let n = count
    for table in round {
      for (k, a) in table.enumerated() {
        for b in table[(k + 1)...] {
          met[a * n + b] &+= 1
          met[b * n + a] &+= 1
        }
      }
    }
  }

  // MARK: Local search

  /// Swaps pairs of movers between tables while the round's cost does not rise.
  func improve(_ round: inout [[Int]], random: inout SeededRandom) {
    let n = count
    guard round.count > 1, movers.count > 1 else { return }
    var tableOf = [Int](repeating: 0, count: n)
    var slotOf = [Int](repeating: 0, count: n)
    for (t, table) in round.enumerated() {
      for (s, person) in table.enumerated() {
        tableOf[person] = t
        slotOf[person] = s
      }
    }
    // counts[table][feature][value]
    var counts = round.map { table in
      shares.indices.map { f in
        var c = [Int](repeating: 0, count: shares[f].count)
        for person in table { c[values[person][f]] += 1 }
        return c
      }
    }
    func repeats(_ person: Int, at table: Int, without other: Int) -> Int {
      var total = 0
      for x in round[table] where x != person && x != other { total += Int(met[person * n + x]) }
      return total
    }
    func spread(_ table: Int, _ f: Int, _ v: Int, _ delta: Int) -> Double {
      let expected = Double(round[table].count) * shares[f][v]
      let c = Double(counts[table][f][v])
      return abs(c + Double(delta) - expected) - abs(c - expected)
    }
    let attempts = TableMixer.swapsPerPerson * movers.count
    for _ in 0..<attempts {
      let a = movers[random.below(movers.count)]
      let b = movers[random.below(movers.count)]
      let ta = tableOf[a]
      let tb = tableOf[b]
      if ta == tb { continue }
      var delta =
        2.0
        * Double(repeats(a, at: tb, without: b) + repeats(b, at: ta, without: a) - repeats(a, at: ta, without: a) - repeats(b, at: tb, without: b))
      for f in shares.indices {
        let va = values[a][f]
        let vb = values[b][f]
        if va == vb { continue }
        delta += spread(ta, f, va, -1) + spread(ta, f, vb, 1) + spread(tb, f, vb, -1) + spread(tb, f, va, 1)
      }
      guard delta <= 1e-9 else { continue }
      round[ta][slotOf[a]] = b
      round[tb][slotOf[b]] = a
      slotOf.swapAt(a, b)
      tableOf[a] = tb
      tableOf[b] = ta
      for f in shares.indices {
        counts[ta][f][values[a][f]] -= 1
        counts[ta][f][values[b][f]] += 1
        counts[tb][f][values[b][f]] -= 1
        counts[tb][f][values[a][f]] += 1
      }
    }
  }

  // MARK: Scores

  /// The plan with ids (hosts first, then people in the order given) and its scores.
  func plan(_ rounds: [[[Int]]]) -> TablePlan {
    let n = count
    var diversity = 0.0
    var repeatMeetings = 0
    var seen = metBefore
    var newPairs = 0
    for round in rounds {
      for table in round {
        for f in shares.indices {
          var c = [Int](repeating: 0, count: shares[f].count)
          for person in table { c[values[person][f]] += 1 }
          for v in c.indices { diversity += abs(Double(c[v]) / Double(table.count) - shares[f][v]) }
        }
        for (k, a) in table.enumerated() {
          for b in table[(k + 1)...] {
            let pair = min(a, b) * n + max(a, b)
            if seen[pair] > 0 { repeatMeetings += 1 }
            if seen[pair] == metBefore[pair] { newPairs += 1 }
            seen[pair] &+= 1
          }
        }
      }
    }
    let possible = n * (n - 1) / 2
    let hostSet = Set(hosts)
    let ordered = rounds.map { round in
      round.map { table in table.filter { hostSet.contains($0) } + table.filter { !hostSet.contains($0) }.sorted() }.map { $0.map { ids[$0] } }
    }
    return TablePlan(
      rounds: ordered,
      scores: TablePlanScores(
        diversity: (diversity * 1e9).rounded() / 1e9, repeatMeetings: repeatMeetings,
        uniqueMeetingShare: possible == 0 ? 0 : Double(newPairs) / Double(possible)))
  }
}
