// coprod — co-production toolkit. Apache-2.0.

import BigInt
import CoprodEngine
import CoprodModel
import Foundation
import Testing

/// Counts, points and their sums never wrap: files whose counts add up past 64 bits are read,
/// and every total the host computes is exact.
@Suite("exact totals")
struct ExactTotalsTests {
  static let twoToThe63 = BigInt(1) << 63

  @Test(arguments: [
    ("ballot,count\nA,9223372036854775807\nB,1\n", BallotFormat.csv),
    ("# NUMBER ALTERNATIVES: 3\n9223372036854775807: 1\n1: 2\n", .soi),
    ("2 1\n9223372036854775807 1 0\n1 2 0\n0\n\"A\"\n\"B\"\n\"T\"\n", .blt),
  ])
  func countsAddingUpPast64BitsAreRead(text: String, format: BallotFormat) throws {
    #expect(try parse(text, format).voterCount == Self.twoToThe63)
  }

  @Test func mergingPast64BitsKeepsEveryVoter() throws {
    let profile = try parse("ballot,count\nA>B,9223372036854775807\nA>B,9223372036854775807\nA>B,2\n", .csv)
    #expect(profile.voterCount == BigInt(Int64.max) * 2 + 2)
    #expect(profile.counts == [Int64.max, Int64.max, 2])
    #expect(profile.pairwiseMatrix() == [0, BigInt(Int64.max) * 2 + 2, 0, 0])
  }

  @Test func pointTotalsAndApprovalsAreExact() throws {
    let profile = try parse("ballot,count\nA:9223372036854775807;B:1,2\nA:9223372036854775807,3\n", .csv)
    #expect(profile.pointTotals() == [BigInt(Int64.max) * 5, 2])
    #expect(profile.approvalCounts() == [5, 2])
  }

  @Test func firstPreferencesAreExactWithoutWeights() throws {
    let profile = try parse("ballot,count\nA>B,9223372036854775807\nA>B,9223372036854775807\nB>A,1\n", .csv)
    let result = profile.firstPreferences(continuing: [true, true])
    #expect(result.exact == [BigInt(Int64.max) * 2, 1, 0])
    #expect(profile.firstPreferences(continuing: [true, true], weights: [1, 1, 1]).exact == nil)
  }

  @Test func exactTotalsSpillOnlyWhenNeeded() {
    var totals = ExactTotals(count: 2)
    totals.add(5, at: 0)
    totals.add(Int64.max, times: 3, at: 1)
    totals.add(Int64.min, at: 1)
    #expect(totals.values == [5, BigInt(Int64.max) * 3 + BigInt(Int64.min)])
    #expect(totals.smallValues == nil)
    var small = ExactTotals(count: 1)
    small.add(Int64.max, at: 0)
    small.add(-1, at: 0)
    #expect(small.smallValues == [Int64.max - 1])
  }

  @Test func tallyNumbersBeyond64BitsStayWholeNumbersInJSON() throws {
    let big = BigInt("18446744073709551614", radix: 10)!
    let number = try #require(TallyNumber.exact(big))
    #expect(number == .bigInteger(big))
    #expect(TallyNumber.exact(5) == .integer(5))
    #expect(TallyNumber.exact(BigInt(10).power(38)) == nil)
    let encoder = JSONEncoder()
    let data = try encoder.encode(["A": number] as [String: TallyNumber])
    #expect(String(decoding: data, as: UTF8.self) == #"{"A":18446744073709551614}"#)
    #expect(try JSONDecoder().decode([String: TallyNumber].self, from: data) == ["A": number])
  }
}
