// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Testing

@Suite("Stratified sortition")
struct SortitionTests {
  /// People `prefix1…prefixN` with `features`.
  static func people(_ prefix: String, _ count: Int, _ features: [String: String]) -> [AssignablePerson] {
    (1...count).map { AssignablePerson(id: "\(prefix)\($0)", features: features) }
  }

  @Test(arguments: 1...6)
  func meetsEveryQuotaOnGeneratedPools(seed: Int) throws {
    let pool = PoolGenerator.pool(people: 200, featureCount: 3, size: 30, seed: UInt64(seed))
    let selection = try Sortition.select(PanelRequest(pool: pool.people, quotas: pool.quotas, size: 30, seed: Int64(seed)))
    #expect(selection.selected.count == 30)
    #expect(Set(selection.selected).count == 30)
    #expect(selection.quotas.count == pool.quotas.count)
    for outcome in selection.quotas {
      #expect(outcome.selected >= outcome.quota.min && outcome.selected <= outcome.quota.max, "\(outcome)")
      let holders = pool.people.filter { $0.features[outcome.quota.feature] == outcome.quota.value }.map(\.id)
      #expect(outcome.inPool == holders.count)
      #expect(outcome.selected == selection.selected.filter(Set(holders).contains).count)
    }
    // The probabilities are those of a distribution over panels of 30.
    #expect(abs(selection.probabilities.values.reduce(0, +) - 30) < 1e-6)
    #expect(selection.probabilities.count == 200)
    #expect(selection.minimumProbability == selection.probabilities.values.min())
    #expect(selection.minimumProbability > 0)
    #expect(selection.algorithm == "maximin")
  }

  /// Many types of person, most with one or two members, and a panel far smaller than the
  /// number of types: no single panel seats them all, so the distribution must mix panels
  /// until every type has a chance (the 5,000-person benchmark once stopped at one panel).
  @Test func everyTypeGetsAChanceWhenTypesOutnumberSeats() throws {
    let pool = PoolGenerator.pool(people: 300, featureCount: 5, size: 20, seed: 3)
    let types = Set(pool.people.map { person in pool.features.map { person.features[$0]! } })
    #expect(types.count > 100)
    let selection = try Sortition.select(PanelRequest(pool: pool.people, quotas: pool.quotas, size: 20, seed: 3))
    #expect(selection.probabilities.count == 300)
    #expect(selection.probabilities.values.allSatisfy { $0 > 0 })
    #expect(selection.minimumProbability > 0)
    #expect(selection.panels >= types.count / 20)
    #expect(abs(selection.probabilities.values.reduce(0, +) - 20) < 1e-6)
  }

  @Test func theSameSeedDrawsTheSamePanelAndOtherSeedsDiffer() throws {
    let pool = PoolGenerator.pool(people: 120, featureCount: 3, size: 20, seed: 9)
    func draw(_ seed: Int64) throws -> PanelSelection {
      try Sortition.select(PanelRequest(pool: pool.people, quotas: pool.quotas, size: 20, seed: seed))
    }
    #expect(try draw(-1) == draw(-1))
    #expect(try draw(42) == draw(42))
    let panels = Set(try (1...5).map { try draw($0).selected })
    #expect(panels.count == 5)
  }

  @Test func withoutQuotasEveryoneHasTheSameChance() throws {
    let pool = Self.people("p", 10, [:])
    let selection = try Sortition.select(PanelRequest(pool: pool, quotas: [], size: 4, seed: 3))
    #expect(Set(selection.probabilities.values) == [0.4])
    #expect(selection.selected.count == 4)
  }

  /// 2 young and 8 older people, a panel of 4 with exactly one young person: the young are
  /// drawn with probability 1/2 each and the older with 3/8: the maximin distribution.
  @Test func quotasShapeTheProbabilitiesAsFairlyAsTheyAllow() throws {
    let pool = Self.people("y", 2, ["age": "young"]) + Self.people("o", 8, ["age": "older"])
    let one = try Sortition.select(
      PanelRequest(pool: pool, quotas: [Quota(feature: "age", value: "young", min: 1, max: 1)], size: 4, seed: 1))
    #expect(one.probabilities["y1"] == 0.5)
    #expect(abs(one.probabilities["o1"]! - 0.375) < 1e-12)
    #expect(abs(one.minimumProbability - 0.375) < 1e-12)
    // Both young people must sit: the older share the other 2 seats.
    let both = try Sortition.select(
      PanelRequest(pool: pool, quotas: [Quota(feature: "age", value: "young", min: 2, max: 4)], size: 4, seed: 1))
    #expect(both.probabilities["y2"] == 1)
    #expect(abs(both.minimumProbability - 0.25) < 1e-12)
    #expect(both.selected.prefix(2) == ["y1", "y2"])
  }

  /// A value some quota keeps out (max 0) has probability 0; everyone else still gets the
  /// fairest chance.
  @Test func aValueKeptOutHasNoChanceAndOthersStayFair() throws {
    let pool = Self.people("a", 4, ["area": "north"]) + Self.people("b", 2, ["area": "outside"])
    let selection = try Sortition.select(
      PanelRequest(pool: pool, quotas: [Quota(feature: "area", value: "outside", min: 0, max: 0)], size: 2, seed: 5))
    #expect(selection.probabilities["b1"] == 0)
    #expect(selection.probabilities["a1"] == 0.5)
    #expect(selection.minimumProbability == 0)
    #expect(selection.selected.allSatisfy { $0.hasPrefix("a") })
  }

  static let small =
    people("y", 3, ["age": "young", "area": "north"]) + people("o", 5, ["age": "older", "area": "south"])
    + people("m", 2, ["age": "middle", "area": "south"])

  @Test(arguments: [
    (
      [Quota(feature: "age", value: "young", min: 4, max: 5)], 4,
      "quota age=young cannot be met: it asks for at least 4 but the pool has only 3 people with age young"
    ),
    (
      [Quota(feature: "age", value: "young", min: 2, max: 3), Quota(feature: "age", value: "older", min: 3, max: 5)], 4,
      "the quotas for age cannot be met together: their minimums add up to 5, more than the panel of 4"
    ),
    (
      [Quota(feature: "area", value: "north", min: 0, max: 1), Quota(feature: "area", value: "south", min: 0, max: 2)], 4,
      "the quotas for area cannot be met together: their maximums (limited by who is in the pool) allow at most 3 people, fewer than the panel of 4"
    ),
    (
      [Quota(feature: "age", value: "old", min: 1, max: 1)], 4,
      "quota age=old cannot be met: it asks for at least 1 but the pool has only 0 people with age old"
    ),
    ([], 11, "the pool has 10 people, too few for a panel of 11"),
    (
      [Quota(feature: "age", value: "young", min: 3, max: 2)], 4,
      "quota age=young has min 3 and max 2; need 0 <= min <= max"
    ),
    (
      [Quota(feature: "age", value: "young", min: 3, max: 3), Quota(feature: "area", value: "north", min: 0, max: 2)], 4,
      "no panel of 4 meets every quota at once, although each feature's quotas can be met on their own; the closest panel found had 2 with age young, where quota age=young asks for 3 to 3; loosen that quota or the ones it conflicts with"
    ),
  ])
  func refusesQuotasThatCannotBeMetBeforeDrawing(quotas: [Quota], size: Int, message: String) throws {
    #expect(throws: AssignmentError(message)) {
      try Sortition.select(PanelRequest(pool: Self.small, quotas: quotas, size: size, seed: 1))
    }
  }

  @Test func aPersonListedTwiceIsRefused() throws {
    #expect(throws: AssignmentError("'y1' is in the pool twice")) {
      try Sortition.select(PanelRequest(pool: Self.small + Self.people("y", 1, [:]), quotas: [], size: 2, seed: 1))
    }
  }
}
