// coprod — co-production toolkit. Apache-2.0.

// MARK: - Request and selection

/// A min/max quota for one feature value (e.g. `age`, `16-29`, at least 8, at most 12).
public struct Quota: Sendable, Hashable, Codable {
  /// The feature.
  public var feature: String
  /// Its value.
  public var value: String
  /// At least this many.
  public var min: Int
  /// At most this many.
  public var max: Int

  /// Creates a quota.
  public init(feature: String, value: String, min: Int, max: Int) {
    self.feature = feature
    self.value = value
    self.min = min
    self.max = max
  }
}

/// What a panel draw is asked for.
public struct PanelRequest: Sendable {
  /// Who may be drawn.
  public var pool: [AssignablePerson]
  /// The quotas. A value of a quota's feature that no quota names is not limited.
  public var quotas: [Quota]
  /// Panel size.
  public var size: Int
  /// The seed: the same pool, quotas, size and seed always give the same panel.
  public var seed: Int64

  /// Creates a request.
  public init(pool: [AssignablePerson], quotas: [Quota], size: Int, seed: Int64) {
    self.pool = pool
    self.quotas = quotas
    self.size = size
    self.seed = seed
  }
}

/// How one quota came out.
public struct QuotaOutcome: Sendable, Hashable, Codable {
  /// The quota.
  public var quota: Quota
  /// People in the pool with the value.
  public var inPool: Int
  /// People selected with the value.
  public var selected: Int

  /// Creates an outcome.
  public init(quota: Quota, inPool: Int, selected: Int) {
    self.quota = quota
    self.inPool = inPool
    self.selected = selected
  }
}

/// A drawn panel.
public struct PanelSelection: Sendable, Hashable, Codable {
  /// Selected ids, in pool order.
  public var selected: [String]
  /// Each person's probability of selection under the distribution the panel was drawn from.
  public var probabilities: [String: Double]
  /// The lowest of them.
  public var minimumProbability: Double
  /// How each quota came out.
  public var quotas: [QuotaOutcome]
  /// The algorithm used (`maximin`).
  public var algorithm: String
  /// The seed.
  public var seed: Int64
  /// How many different panels the distribution mixes.
  public var panels: Int
}

// MARK: - Sortition

/// Stratified sortition: a panel of N from a pool, meeting min/max quotas per feature value,
/// as fair to individuals as the quotas allow.
///
/// People with the same values of every quota feature are interchangeable, so the draw works
/// on these *types*. First every type that some panel can seat gets a panel containing it
/// (``PanelSearch/containing(_:prices:start:random:)``), so no one starts at probability 0
/// merely because the panels found so far are few. Then column generation finds a probability distribution over quota-meeting
/// panels that maximises the lowest selection probability (MAXIMIN, Flanigan et al. 2021):
/// a small linear program (``MaximinProgram``, a dense simplex) weighs the panels found so
/// far, and its dual prices ask a local search (``PanelSearch``) for a panel that would raise
/// the worst-off type; this repeats until no such panel is found or after
/// ``columnLimit`` rounds. One panel is drawn from the distribution, then people uniformly
/// within each type. Each person's probability is exact for that distribution. Every draw
/// uses ``SeededRandom`` (xoshiro256**) from the seed, so anyone with the same pool, quotas,
/// size and seed gets the same panel.
public enum Sortition {
  /// The algorithm's name, as recorded.
  public static let algorithm = "maximin"
  /// Column-generation rounds at most.
  static let columnLimit = 150

  /// Draws a panel.
  /// - Throws: ``AssignmentError`` naming the quota (or feature) that cannot be met, before
  ///   anything is drawn.
  public static func select(_ request: PanelRequest) throws -> PanelSelection {
    let problem = try QuotaProblem(request)
    var random = SeededRandom(seed: UInt64(bitPattern: request.seed))
    let distribution = try problem.distribution(&random)
    // One panel from the distribution, then people uniformly within each type.
    var pick = random.unit()
    var chosen = distribution.panels.count - 1
    for (k, weight) in distribution.weights.enumerated() {
      if pick < weight {
        chosen = k
        break
      }
      pick -= weight
    }
    var selected = Set<Int>()
    for (t, members) in problem.members.enumerated() where distribution.panels[chosen][t] > 0 {
      var order = members
      random.shuffle(&order)
      selected.formUnion(order.prefix(distribution.panels[chosen][t]))
    }
    let typeProbability = distribution.typeProbabilities(problem)
    var probabilities: [String: Double] = [:]
    for (t, members) in problem.members.enumerated() {
      for person in members { probabilities[request.pool[person].id] = typeProbability[t] }
    }
    let outcomes = request.quotas.map { quota in
      let holders = request.pool.indices.filter { request.pool[$0].features[quota.feature] == quota.value }
      return QuotaOutcome(quota: quota, inPool: holders.count, selected: holders.filter(selected.contains).count)
    }
    return PanelSelection(
      selected: request.pool.indices.filter(selected.contains).map { request.pool[$0].id }, probabilities: probabilities,
      minimumProbability: typeProbability.min() ?? 0, quotas: outcomes, algorithm: algorithm, seed: request.seed,
      panels: distribution.weights.count)
  }
}

// MARK: - The problem by types

/// The quotas as bounds on counts of types of people.
struct QuotaProblem {
  /// Panel size.
  let size: Int
  /// Type → its value index per quota feature (the last index of a feature is "a value no
  /// quota names").
  let types: [[Int]]
  /// Type → pool indexes of its members.
  let members: [[Int]]
  /// Feature → value → lowest and highest count allowed.
  let low: [[Int]]
  let high: [[Int]]

  init(_ request: PanelRequest) throws {
    let pool = request.pool
    var seen = Set<String>()
    for person in pool where !seen.insert(person.id).inserted { throw AssignmentError("'\(person.id)' is in the pool twice") }
    guard request.size >= 1 else { throw AssignmentError("a panel needs at least 1 person, not \(request.size)") }
    guard request.size <= pool.count else {
      throw AssignmentError("the pool has \(pool.count) people, too few for a panel of \(request.size)")
    }
    var features: [String] = []
    var names: [[String]] = []
    var low: [[Int]] = []
    var high: [[Int]] = []
    for quota in request.quotas {
      guard quota.min >= 0, quota.max >= quota.min else {
        throw AssignmentError("quota \(quota.feature)=\(quota.value) has min \(quota.min) and max \(quota.max); need 0 <= min <= max")
      }
      if !features.contains(quota.feature) {
        features.append(quota.feature)
        names.append([])
        low.append([])
        high.append([])
      }
      let f = features.firstIndex(of: quota.feature)!
      guard !names[f].contains(quota.value) else { throw AssignmentError("quota \(quota.feature)=\(quota.value) is given twice") }
      names[f].append(quota.value)
      low[f].append(quota.min)
      high[f].append(quota.max)
    }
    var typeIndex: [[Int]: Int] = [:]
    var types: [[Int]] = []
    var members: [[Int]] = []
    for (i, person) in pool.enumerated() {
      let key = features.indices.map { f in names[f].firstIndex(of: person.features[features[f]] ?? "") ?? names[f].count }
      if let t = typeIndex[key] {
        members[t].append(i)
      } else {
        typeIndex[key] = types.count
        types.append(key)
        members.append([i])
      }
    }
    // Every quota alone, then every feature's quotas together.
    for f in features.indices {
      var inPool = [Int](repeating: 0, count: names[f].count + 1)
      for (t, key) in types.enumerated() { inPool[key[f]] += members[t].count }
      for v in names[f].indices where inPool[v] < low[f][v] {
        throw AssignmentError(
          "quota \(features[f])=\(names[f][v]) cannot be met: it asks for at least \(low[f][v]) but the pool has only \(inPool[v]) \(inPool[v] == 1 ? "person" : "people") with \(features[f]) \(names[f][v])"
        )
      }
      let minimums = low[f].reduce(0, +)
      guard minimums <= request.size else {
        throw AssignmentError(
          "the quotas for \(features[f]) cannot be met together: their minimums add up to \(minimums), more than the panel of \(request.size)")
      }
      let unnamed = inPool[names[f].count]
      let most = names[f].indices.reduce(unnamed) { $0 + Swift.min(high[f][$1], inPool[$1]) }
      guard most >= request.size else {
        throw AssignmentError(
          "the quotas for \(features[f]) cannot be met together: their maximums (limited by who is in the pool\(unnamed > 0 ? ", with \(unnamed) people whose \(features[f]) no quota names" : "")) allow at most \(most) people, fewer than the panel of \(request.size)"
        )
      }
      low[f].append(0)
      high[f].append(Int.max / 4)
    }
    size = request.size
    self.types = types
    self.members = members
    self.low = low
    self.high = high
    self.featureNames = features
    self.valueNames = names
  }

  /// True when no quota keeps type `t` out of every panel (a value with max 0).
  func mayServe(_ t: Int) -> Bool {
    types[t].indices.allSatisfy { f in high[f][types[t][f]] > 0 }
  }

  /// Quota feature names and value names, for messages.
  let featureNames: [String]
  let valueNames: [[String]]

  /// The fairest distribution found (see ``Sortition``).
  func distribution(_ random: inout SeededRandom) throws -> PanelDistribution {
    var search = PanelSearch(self)
    guard let first = search.feasible(&random) else {
      throw AssignmentError(
        "no panel of \(size) meets every quota at once, although each feature's quotas can be met on their own; \(search.closestMiss(self)); loosen that quota or the ones it conflicts with"
      )
    }
    var program = MaximinProgram(problem: self)
    // Types some quota keeps out of every panel (a value with max 0) have probability 0.
    program.addColumn(first)
    // Coverage: a panel for each type no panel holds yet (uncovered types dearest), so the
    // program starts with every type some panel can seat and its duals spread over them.
    var covered = first.map { $0 > 0 }
    for t in types.indices where !covered[t] && mayServe(t) {
      let prices = types.indices.map { covered[$0] || !mayServe($0) ? 0 : 1 / Double(members[$0].count) }
      guard let panel = search.containing(t, prices: prices, start: program.panels.last, random: &random) else { continue }
      program.addColumn(panel)
      for u in panel.indices where panel[u] > 0 { covered[u] = true }
    }
    for _ in 0..<Sortition.columnLimit {
      program.solve()
      let prices = program.typePrices()
      guard let better = search.best(prices: prices, start: program.bestColumn(prices), random: &random),
        zip(prices, better).reduce(0.0, { $0 + $1.0 * Double($1.1) }) > program.threshold + 1e-9
      else { break }
      if !program.addColumn(better) { break }
    }
    program.solve()
    return program.distribution()
  }
}

/// A probability distribution over panels (count of each type).
struct PanelDistribution {
  /// Panels: type → how many of its members.
  var panels: [[Int]]
  /// Their probabilities (sum 1).
  var weights: [Double]

  /// Each type's members' probability of selection.
  func typeProbabilities(_ problem: QuotaProblem) -> [Double] {
    problem.members.indices.map { t in
      var p = 0.0
      for (k, panel) in panels.enumerated() { p += weights[k] * Double(panel[t]) }
      return Swift.min(1, p / Double(problem.members[t].count))
    }
  }
}
