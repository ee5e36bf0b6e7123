// coprod — co-production toolkit. Apache-2.0.

// MARK: - Panel search

/// Local search over panels as counts of each type: finds a panel that meets every quota, and
/// panels worth most at given prices (the pricing step of ``MaximinProgram``). Moves transfer
/// one seat from one type to another.
struct PanelSearch {
  private let size: Int
  private let types: [[Int]]
  private let capacity: [Int]
  private let low: [[Int]]
  private let high: [[Int]]
  /// The most-missed quota of the closest failed search, for the message.
  private var miss: (feature: Int, value: Int, count: Int)?

  init(_ problem: QuotaProblem) {
    size = problem.size
    types = problem.types
    capacity = problem.members.map(\.count)
    low = problem.low
    high = problem.high
  }

  // MARK: State

  /// A panel under construction: counts per type and per feature value.
  private struct State {
    var counts: [Int]
    var sums: [[Int]]
    var filled: Int
  }

  private func empty() -> State {
    State(counts: [Int](repeating: 0, count: types.count), sums: low.map { [Int](repeating: 0, count: $0.count) }, filled: 0)
  }

  private func add(_ t: Int, _ delta: Int, to state: inout State) {
    state.counts[t] += delta
    state.filled += delta
    for (f, v) in types[t].enumerated() { state.sums[f][v] += delta }
  }

  private func violation(_ f: Int, _ v: Int, _ count: Int) -> Int {
    max(0, low[f][v] - count) + max(0, count - high[f][v])
  }

  private func totalViolation(_ state: State) -> Int {
    var total = 0
    for f in low.indices {
      for v in low[f].indices { total += violation(f, v, state.sums[f][v]) }
    }
    return total
  }

  /// Change in total violation if one seat moves from type `a` to type `b`.
  private func violationChange(_ a: Int, _ b: Int, _ state: State) -> Int {
    var change = 0
    for f in low.indices {
      let va = types[a][f]
      let vb = types[b][f]
      if va == vb { continue }
      let sa = state.sums[f][va]
      let sb = state.sums[f][vb]
      change += violation(f, va, sa - 1) - violation(f, va, sa) + violation(f, vb, sb + 1) - violation(f, vb, sb)
    }
    return change
  }

  /// True when moving a seat from `a` to `b` keeps a quota-meeting panel within quotas.
  private func keepsQuotas(_ a: Int, _ b: Int, _ state: State) -> Bool {
    for f in low.indices {
      let va = types[a][f]
      let vb = types[b][f]
      if va != vb, state.sums[f][va] - 1 < low[f][va] || state.sums[f][vb] + 1 > high[f][vb] { return false }
    }
    return true
  }

  // MARK: Meeting the quotas

  /// A panel meeting every quota, or nil when none was found (see ``closestMiss(_:)``).
  mutating func feasible(_ random: inout SeededRandom) -> [Int]? {
    var bestViolation = Int.max
    for _ in 0..<20 {
      var state = empty()
      var seats = types.indices.flatMap { t in [Int](repeating: t, count: capacity[t]) }
      random.shuffle(&seats)
      for t in seats.prefix(size) { add(t, 1, to: &state) }
      if let found = repair(&state, &random, prices: nil) { return found }
      let left = totalViolation(state)
      if left < bestViolation {
        bestViolation = left
        miss = worstQuota(state)
      }
    }
    return nil
  }

  /// Moves seats while that lowers the total violation (ties by price), else makes a plateau
  /// move drawn uniformly from all seeded choices, never emptying `pinned`; the counts when
  /// every quota is met.
  private func repair(_ state: inout State, _ random: inout SeededRandom, prices: [Double]?, pinned: Int? = nil) -> [Int]? {
    var plateau = 0
    while true {
      if totalViolation(state) == 0 { return state.counts }
      var best: (a: Int, b: Int, change: Int, gain: Double)?
      var flat: (a: Int, b: Int)?
      var flats = 0
      for a in types.indices where state.counts[a] > (a == pinned ? 1 : 0) {
        for b in types.indices where b != a && state.counts[b] < capacity[b] {
          let change = violationChange(a, b, state)
          if change == 0 {
            flats += 1
            if random.below(flats) == 0 { flat = (a, b) }
            continue
          }
          guard change < 0 else { continue }
          let gain = prices.map { $0[b] - $0[a] } ?? 0
          if best == nil || change < best!.change || (change == best!.change && gain > best!.gain) {
            best = (a, b, change, gain)
          }
        }
      }
      if let move = best {
        add(move.a, -1, to: &state)
        add(move.b, 1, to: &state)
      } else if let move = flat, plateau < 4 * size {
        plateau += 1
        add(move.a, -1, to: &state)
        add(move.b, 1, to: &state)
      } else {
        return nil
      }
    }
  }

  private func worstQuota(_ state: State) -> (feature: Int, value: Int, count: Int)? {
    var worst: (feature: Int, value: Int, count: Int)?
    var amount = 0
    for f in low.indices {
      for v in low[f].indices where violation(f, v, state.sums[f][v]) > amount {
        amount = violation(f, v, state.sums[f][v])
        worst = (f, v, state.sums[f][v])
      }
    }
    return worst
  }

  /// The quota the closest failed search missed, in words.
  func closestMiss(_ problem: QuotaProblem) -> String {
    guard let miss else { return "the search found no near miss" }
    let feature = problem.featureNames[miss.feature]
    let value = problem.valueNames[miss.feature][miss.value]
    let (lo, hi) = (low[miss.feature][miss.value], high[miss.feature][miss.value])
    return "the closest panel found had \(miss.count) with \(feature) \(value), where quota \(feature)=\(value) asks for \(lo) to \(hi)"
  }

  // MARK: Pricing

  /// The quota-meeting panel worth most at `prices` (per person of each type) that the search
  /// finds from a greedy start, from `start`, and with each of the dearest types `start` leaves
  /// out seated (the move a single seat transfer cannot make).
  func best(prices: [Double], start: [Int]?, random: inout SeededRandom) -> [Int]? {
    let order = types.indices.sorted { prices[$0] != prices[$1] ? prices[$0] > prices[$1] : $0 < $1 }
    var candidates: [State] = []
    var greedy = greedyStart(order)
    if repair(&greedy, &random, prices: prices, pinned: order.first) != nil { candidates.append(greedy) }
    if let start {
      candidates.append(seated(start))
      let missing = order.lazy.filter { start[$0] == 0 && prices[$0] > 0 && capacity[$0] > 0 }.prefix(Self.forcedTypes)
      for t in missing {
        if let panel = containing(t, prices: prices, start: start, random: &random) { candidates.append(seated(panel)) }
      }
    }
    var best: (panel: [Int], value: Double)?
    for var state in candidates {
      climb(&state, prices: prices, order: order)
      let value = zip(state.counts, prices).reduce(0.0) { $0 + Double($1.0) * $1.1 }
      if best == nil || value > best!.value + 1e-15 { best = (state.counts, value) }
    }
    return best?.panel
  }

  /// How many of the dearest types a pricing round tries to seat by force.
  static let forcedTypes = 1

  /// A quota-meeting panel with at least one person of type `t`, found from a greedy start at
  /// `prices` with `t` first, from `start` with `t` in the seat of the type most like it, or
  /// from seeded random fills; nil when none of them can be repaired.
  func containing(_ t: Int, prices: [Double], start: [Int]?, random: inout SeededRandom) -> [Int]? {
    guard capacity[t] > 0 else { return nil }
    let order = [t] + types.indices.filter { $0 != t }.sorted { prices[$0] != prices[$1] ? prices[$0] > prices[$1] : $0 < $1 }
    var attempts = [greedyStart(order)]
    if let start {
      var state = seated(start)
      if state.counts[t] == 0, let out = types.indices.filter({ state.counts[$0] > 0 }).min(by: {
        (violationChange($0, t, state), prices[$0]) < (violationChange($1, t, state), prices[$1])
      }) {
        add(out, -1, to: &state)
        add(t, 1, to: &state)
      }
      attempts.append(state)
    }
    for attempt in 0..<(attempts.count + Self.randomFills) {
      var state = attempt < attempts.count ? attempts[attempt] : randomFill(containing: t, &random)
      if repair(&state, &random, prices: prices, pinned: t) != nil {
        climb(&state, prices: prices, order: order, pinned: t)
        return state.counts
      }
    }
    return nil
  }

  /// Random fills tried per type by ``containing(_:prices:start:random:)``.
  static let randomFills = 3

  /// A panel of seats drawn at random from the pool, with one seat given to `t`.
  private func randomFill(containing t: Int, _ random: inout SeededRandom) -> State {
    var state = empty()
    var seats = types.indices.flatMap { u in [Int](repeating: u, count: u == t ? capacity[u] - 1 : capacity[u]) }
    random.shuffle(&seats)
    add(t, 1, to: &state)
    for u in seats.prefix(size - 1) { add(u, 1, to: &state) }
    return state
  }

  private func seated(_ counts: [Int]) -> State {
    var state = empty()
    for (t, count) in counts.enumerated() where count > 0 { add(t, count, to: &state) }
    return state
  }

  /// Seats the dearest types first, as far as each feature's minimums can still be met.
  private func greedyStart(_ order: [Int]) -> State {
    var state = empty()
    func canAdd(_ t: Int) -> Bool {
      let left = size - state.filled - 1
      for (f, v) in types[t].enumerated() {
        if state.sums[f][v] + 1 > high[f][v] { return false }
        var owed = 0
        for w in low[f].indices { owed += max(0, low[f][w] - state.sums[f][w] - (w == v ? 1 : 0)) }
        if owed > left { return false }
      }
      return true
    }
    for t in order {
      while state.filled < size, state.counts[t] < capacity[t], canAdd(t) { add(t, 1, to: &state) }
    }
    // Whatever is left: the dearest types with room, quotas aside (repair fixes them).
    for t in order {
      while state.filled < size, state.counts[t] < capacity[t] { add(t, 1, to: &state) }
    }
    return state
  }

  /// Moves seats to dearer types while every quota stays met.
  private func climb(_ state: inout State, prices: [Double], order: [Int], pinned: Int? = nil) {
    while true {
      var best: (a: Int, b: Int, gain: Double)?
      for a in types.indices where state.counts[a] > (a == pinned ? 1 : 0) {
        for b in order {
          let gain = prices[b] - prices[a]
          if gain <= 1e-15 { break }
          if state.counts[b] < capacity[b], keepsQuotas(a, b, state) {
            if best == nil || gain > best!.gain { best = (a, b, gain) }
            break
          }
        }
      }
      guard let move = best else { return }
      add(move.a, -1, to: &state)
      add(move.b, 1, to: &state)
    }
  }
}
