// coprod — co-production toolkit. Apache-2.0.

import Foundation

// MARK: - Generated pools

/// Seeded synthetic sortition pools with quotas, for benchmarks, tests and the differential
/// suite: the way a civic lottery's registrants differ from the population they should
/// mirror.
///
/// Each feature's values have population shares; people sign up at different rates per value
/// (the pool is biased), and the second feature leans on the first (e.g. education on age), so
/// quotas pull against each other. Quotas are the population share of the panel, rounded down
/// and up, widened by `slack` on each side.
public struct PoolGenerator: Sendable {
  /// Feature names and how many values each has (up to 8 features).
  static let features: [(String, Int)] = [
    ("age", 5), ("gender", 3), ("area", 6), ("education", 3), ("attitude", 4), ("ethnicity", 5), ("tenure", 3), ("disability", 2),
  ]

  /// A generated pool and its quotas.
  public struct Pool: Sendable {
    public var people: [AssignablePerson]
    public var quotas: [Quota]
    /// The feature names, in column order.
    public var features: [String]

    /// The pool as CSV: `id`, then one column per feature.
    public var poolCSV: String {
      var out = (["id"] + features).joined(separator: ",") + "\n"
      for person in people { out += ([person.id] + features.map { person.features[$0] ?? "" }).joined(separator: ",") + "\n" }
      return out
    }

    /// The quotas as CSV: `feature,value,min,max`.
    public var quotasCSV: String {
      "feature,value,min,max\n" + quotas.map { "\($0.feature),\($0.value),\($0.min),\($0.max)\n" }.joined()
    }
  }

  /// Generates a pool of `people` with `featureCount` features (1…8) and quotas for a panel
  /// of `size`, each quota `slack` wider than the rounded population share on each side.
  public static func pool(people: Int, featureCount: Int, size: Int, slack: Int = 1, seed: UInt64) -> Pool {
    var random = SeededRandom(seed: seed)
    let chosen = Array(features.prefix(max(1, min(featureCount, features.count))))
    var people = (1...max(people, 1)).map { AssignablePerson(id: String(format: "P%05d", $0), features: [:]) }
    var quotas: [Quota] = []
    var previous: [Int] = []
    for (f, (name, values)) in chosen.enumerated() {
      // Population shares, and sign-up rates that differ by up to 4x between values.
      let population = normalised((0..<values).map { _ in 0.5 + random.unit() })
      let signUp = (0..<values).map { _ in 0.25 + random.unit() * 0.75 }
      let base = normalised(zip(population, signUp).map { $0 * $1 })
      var column: [Int] = []
      for i in people.indices {
        var weights = base
        if f == 1, !previous.isEmpty { weights[previous[i] % values] *= 3 }  // the second feature leans on the first
        let v = draw(normalised(weights), &random)
        column.append(v)
        people[i].features[name] = "\(name)-\(v + 1)"
      }
      previous = column
      for v in 0..<values {
        let share = Double(size) * population[v]
        let holders = column.filter { $0 == v }.count
        let low = min(max(0, Int(share.rounded(.down)) - slack), holders)
        quotas.append(Quota(feature: name, value: "\(name)-\(v + 1)", min: low, max: Int(share.rounded(.up)) + slack))
      }
    }
    return Pool(people: people, quotas: quotas, features: chosen.map(\.0))
  }

  private static func normalised(_ weights: [Double]) -> [Double] {
    let total = weights.reduce(0, +)
    return weights.map { $0 / total }
  }

  private static func draw(_ shares: [Double], _ random: inout SeededRandom) -> Int {
    var u = random.unit()
    for (v, share) in shares.enumerated() {
      if u < share { return v }
      u -= share
    }
    return shares.count - 1
  }
}
