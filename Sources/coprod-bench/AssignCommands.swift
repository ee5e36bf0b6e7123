// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation

/// `world-cafe`: table mixing for a World Café against random tables, over many seeds.
struct WorldCafeCommand {
  let people: Int
  let size: Int
  let rounds: Int
  let seeds: Int

  init(_ arguments: inout BenchArguments) throws(BenchUsageError) {
    people = try arguments.integer("people", default: 200)
    size = try arguments.integer("size", default: 5)
    rounds = try arguments.integer("rounds", default: 4)
    seeds = try arguments.integer("seeds", default: 100)
    try arguments.finish()
  }

  func run() throws {
    // A room with six perspectives in uneven shares.
    let shares = [0.3, 0.25, 0.15, 0.12, 0.1, 0.08]
    var timings: [Double] = []
    var fewerRepeats = 0
    var moreDiverse = 0
    var mixed = (repeats: 0, diversity: 0.0, unique: 0.0)
    var random = (repeats: 0, diversity: 0.0, unique: 0.0)
    for seed in 1...max(seeds, 1) {
      var draw = SeededRandom(seed: UInt64(seed) &* 7919)
      let room = (1...people).map { i -> AssignablePerson in
        var u = draw.unit()
        var v = shares.count - 1
        for (k, share) in shares.enumerated() where u < share {
          v = k
          break
        }
        for share in shares.prefix(v) { u -= share }
        return AssignablePerson(id: "p\(i)", features: ["perspective": "view-\(v + 1)"])
      }
      let request = TablePlanRequest(people: room, tableSize: size, rounds: rounds, diversify: ["perspective"], seed: UInt64(seed))
      let start = now()
      let plan = try TableMixer.plan(request)
      timings.append(now() - start)
      let baseline = try TableMixer.randomPlan(request)
      if plan.scores.repeatMeetings < baseline.scores.repeatMeetings { fewerRepeats += 1 }
      if plan.scores.diversity < baseline.scores.diversity { moreDiverse += 1 }
      mixed = (mixed.repeats + plan.scores.repeatMeetings, mixed.diversity + plan.scores.diversity, mixed.unique + plan.scores.uniqueMeetingShare)
      random = (random.repeats + baseline.scores.repeatMeetings, random.diversity + baseline.scores.diversity, random.unique + baseline.scores.uniqueMeetingShare)
    }
    let n = Double(max(seeds, 1))
    print("world café: \(people) people, tables of \(size), \(rounds) rounds, \(seeds) seeds")
    print(String(format: "plan time: median %.4f s, max %.4f s", median(timings), timings.max() ?? 0))
    print(String(format: "repeat meetings per plan: mixed %.2f, random %.2f; fewer than random on %d of %d seeds", Double(mixed.repeats) / n, Double(random.repeats) / n, fewerRepeats, seeds))
    print(String(format: "diversity (sum of L1, lower is better): mixed %.2f, random %.2f; better than random on %d of %d seeds", mixed.diversity / n, random.diversity / n, moreDiverse, seeds))
    print(String(format: "unique meeting share: mixed %.4f, random %.4f", mixed.unique / n, random.unique / n))
  }
}

/// `sortition`: a maximin draw from a generated pool (optionally written as CSV for
/// sortition-algorithms), timed.
struct SortitionCommand {
  let people: Int
  let features: Int
  let size: Int
  let seed: Int
  let runs: Int
  let write: String?

  init(_ arguments: inout BenchArguments) throws(BenchUsageError) {
    people = try arguments.integer("people", default: 5000)
    features = try arguments.integer("features", default: 5)
    size = try arguments.integer("size", default: 50)
    seed = try arguments.integer("seed", default: 1)
    runs = try arguments.integer("runs", default: 3)
    write = try arguments.option("write")
    try arguments.finish()
  }

  func run() throws {
    let pool = PoolGenerator.pool(people: people, featureCount: features, size: size, seed: UInt64(seed))
    if let write {
      try FileManager.default.createDirectory(atPath: write, withIntermediateDirectories: true)
      try pool.poolCSV.write(toFile: write + "/pool.csv", atomically: true, encoding: .utf8)
      try pool.quotasCSV.write(toFile: write + "/quotas.csv", atomically: true, encoding: .utf8)
    }
    var timings: [Double] = []
    var selection: PanelSelection?
    for _ in 0..<max(runs, 1) {
      let start = now()
      selection = try Sortition.select(PanelRequest(pool: pool.people, quotas: pool.quotas, size: size, seed: Int64(seed)))
      timings.append(now() - start)
    }
    guard let selection else { return }
    let types = Set(pool.people.map { person in pool.features.map { person.features[$0] ?? "" } }).count
    print("sortition: \(size) from \(people) people, \(features) features (\(pool.quotas.count) quotas, \(types) types), seed \(seed)")
    print(String(format: "draw time: median %.3f s over %d runs", median(timings), timings.count))
    print(String(format: "minimum selection probability: %.6f (%@ over %d panels); equal chances would be %.6f", selection.minimumProbability, selection.algorithm, selection.panels, Double(size) / Double(people)))
  }
}
