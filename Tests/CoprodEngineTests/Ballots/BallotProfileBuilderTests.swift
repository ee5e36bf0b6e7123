// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Testing

@Suite("Ballot profile builder")
struct BallotProfileBuilderTests {
  @Test func mergesIdenticalBallotsInFirstAppearanceOrder() {
    var builder = BallotProfileBuilder(kind: .approval, candidates: ["a", "b", "c"].map { Candidate(id: $0) })
    builder.addApproval([2, 0], count: 1)
    builder.addApproval([1], count: 2)
    builder.addApproval([0, 2, 2], count: 3)
    #expect(builder.profile.counts == [4, 2])
    #expect(builder.profile.entries == [0, 2, 1])
    #expect(builder.profile.offsets == [0, 2, 3])
  }

  @Test func pointsAndRanksAreFullKeys() {
    var scores = BallotProfileBuilder(kind: .score, candidates: ["a", "b"].map { Candidate(id: $0) })
    scores.addPoints([1: 3, 0: 5], count: 1)
    scores.addPoints([0: 5, 1: 4], count: 1)
    scores.addPoints([0: 5, 1: 3], count: 1)
    #expect(scores.profile.counts == [2, 1])
    #expect(scores.profile.points == [5, 3, 5, 4])
    var ranked = BallotProfileBuilder(kind: .ranked, candidates: ["a", "b"].map { Candidate(id: $0) })
    ranked.addRanked([[0], [1]], count: 1)
    ranked.addRanked([[0, 1]], count: 1)
    ranked.addRanked([[0], [1]], count: 1)
    #expect(ranked.profile.counts == [2, 1])
    #expect(ranked.profile.ranks == [0, 1, 0, 0])
  }

  @Test func manyDistinctBallotsSurviveTableGrowth() {
    var builder = BallotProfileBuilder(kind: .ranked, candidates: (1...3).map { Candidate(id: String($0)) })
    for round in 0..<2 {
      for value in 0..<5000 {
        builder.addCanonical(
          entries: [Int32(value % 3), Int32(value / 3)], ranks: [0, UInt16(value % 7)], points: [],
          count: Int64(round + 1))
      }
    }
    #expect(builder.profile.distinctBallots == 5000)
    #expect(builder.profile.counts.allSatisfy { $0 == 3 })
    #expect(builder.profile.entries[2 * 4999 + 1] == 1666)
  }
}
