// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Testing

@Suite("Table mixing")
struct TableMixerTests {
  /// `count` people whose perspectives come in uneven shares (half, a third, a sixth).
  static func room(_ count: Int) -> [AssignablePerson] {
    (1...count).map { i in
      let view = i % 6 < 3 ? "resident" : (i % 6 < 5 ? "carer" : "young")
      return AssignablePerson(id: "p\(i)", features: ["perspective": view])
    }
  }

  @Test func mixingBeatsRandomTablesOnBothScoresOverAHundredSeeds() throws {
    var fewerRepeats = 0
    var moreDiverse = 0
    for seed in 1...100 {
      let request = TablePlanRequest(people: Self.room(60), tableSize: 5, rounds: 4, diversify: ["perspective"], seed: UInt64(seed))
      let mixed = try TableMixer.plan(request).scores
      let random = try TableMixer.randomPlan(request).scores
      if mixed.repeatMeetings < random.repeatMeetings { fewerRepeats += 1 }
      if mixed.diversity < random.diversity { moreDiverse += 1 }
      #expect(mixed.uniqueMeetingShare >= random.uniqueMeetingShare)
    }
    #expect(fewerRepeats >= 95)
    #expect(moreDiverse >= 95)
  }

  @Test func everyoneSitsOnceARoundAtTablesThatDifferByAtMostOne() throws {
    for planner in [TableMixer.plan, TableMixer.randomPlan] {
      let plan = try planner(TablePlanRequest(people: Self.room(23), tableSize: 5, rounds: 3, diversify: ["perspective"], seed: 4))
      #expect(plan.rounds.count == 3)
      for round in plan.rounds {
        #expect(round.map(\.count) == [5, 5, 5, 4, 4])
        #expect(Set(round.flatMap { $0 }) == Set((1...23).map { "p\($0)" }))
      }
    }
  }

  @Test func aTableMirrorsTheRoomWhenItCan() throws {
    // 12 people, 2 perspectives in equal shares, tables of 4: every table can be 2 and 2.
    let people = (1...12).map { AssignablePerson(id: "p\($0)", features: ["perspective": $0 <= 6 ? "tenant" : "staff"]) }
    let plan = try TableMixer.plan(TablePlanRequest(people: people, tableSize: 4, rounds: 1, diversify: ["perspective"], seed: 11))
    #expect(plan.scores.diversity == 0)
    #expect(plan.scores.repeatMeetings == 0)
    for table in plan.rounds[0] {
      #expect(table.filter { Int($0.dropFirst())! <= 6 }.count == 2)
    }
  }

  @Test func hostsStayAtTheirTablesInEveryRound() throws {
    let plan = try TableMixer.plan(
      TablePlanRequest(people: Self.room(20), tableSize: 5, rounds: 3, diversify: ["perspective"], stay: ["p7", "p2", "p19", "p4"], seed: 8))
    for round in plan.rounds {
      #expect(round.map { $0[0] } == ["p7", "p2", "p19", "p4"])
    }
  }

  @Test func earlierTablesCountAsMeetings() throws {
    // Six people who met in two threes: any new tables of three hold at least one pair who met.
    let people = (1...6).map { AssignablePerson(id: "p\($0)", features: [:]) }
    let history = [["p1", "p2", "p3"], ["p4", "p5", "p6"]]
    let plan = try TableMixer.plan(TablePlanRequest(people: people, tableSize: 3, history: history, seed: 2))
    #expect(plan.scores.repeatMeetings == 2)
    for table in plan.rounds[0] {
      #expect(Set(table).intersection(["p1", "p2", "p3"]).count != 3)
    }
    let fresh = try TableMixer.plan(TablePlanRequest(people: people, tableSize: 3, seed: 2))
    #expect(fresh.scores.repeatMeetings == 0)
    #expect(fresh.scores.uniqueMeetingShare == 6.0 / 15.0)
  }

  @Test func theSameSeedGivesTheSamePlan() throws {
    let request = TablePlanRequest(people: Self.room(40), tableSize: 6, rounds: 3, diversify: ["perspective"], seed: 77)
    #expect(try TableMixer.plan(request) == TableMixer.plan(request))
    var other = request
    other.seed = 78
    #expect(try TableMixer.plan(request).rounds != TableMixer.plan(other).rounds)
  }

  @Test func refusesWhatCannotBeSeated() throws {
    #expect(throws: AssignmentError("'p1' is listed twice")) {
      try TableMixer.plan(TablePlanRequest(people: Self.room(3) + Self.room(1), tableSize: 2, seed: 1))
    }
    #expect(throws: AssignmentError("3 hosts stay at their tables, but 4 people at tables of 2 fill only 2 tables")) {
      try TableMixer.plan(TablePlanRequest(people: Self.room(4), tableSize: 2, stay: ["p1", "p2", "p3"], seed: 1))
    }
    #expect(throws: AssignmentError("tables must seat at least 1 person, not 0")) {
      try TableMixer.randomPlan(TablePlanRequest(people: Self.room(4), tableSize: 0, seed: 1))
    }
  }
}
