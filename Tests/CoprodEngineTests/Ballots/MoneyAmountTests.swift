// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Testing

@Suite("exact money")
struct MoneyAmountTests {
  @Test(arguments: [
    ("1500", 1500, 0), ("1500.50", 15005, 1), ("1500,05", 150_005, 2), ("0.000001", 1, 6), ("1000.000", 1000, 0),
    ("0", 0, 0),
  ] as [(String, Int64, Int)])
  func parses(text: String, units: Int64, decimals: Int) {
    #expect(MoneyAmount(parsing: text) == MoneyAmount(units: units, decimals: decimals))
  }

  @Test(arguments: ["", "-5", "+5", "1.", ".5", "1.2.3", "1,5.0", "1 000", "1e3", "0.0000001", "99999999999999999999", "£5"])
  func refuses(text: String) {
    #expect(MoneyAmount(parsing: text) == nil)
  }

  @Test func formatsAndScales() {
    let amount = MoneyAmount(units: 123_456_705, decimals: 2)
    #expect(amount.formatted() == "1234567.05")
    #expect(amount.formatted(grouped: true) == "1,234,567.05")
    #expect(MoneyAmount(units: 1_000, decimals: 0).formatted(grouped: true) == "1,000")
    #expect(MoneyAmount(units: 5, decimals: 3).formatted() == "0.005")
    #expect(amount.units(at: 4) == 12_345_670_500)
    #expect(MoneyAmount(units: .max, decimals: 0).units(at: 1) == nil)
  }

  @Test func profileMoneyIsRescaledTogether() {
    var profile = BallotProfile(kind: .approval, candidates: [Candidate(id: "a", cost: 15), Candidate(id: "b")])
    profile.budget = 40
    let widened = profile.useMoneyDecimals(2)
    #expect(widened)
    #expect(profile.candidates.map(\.cost) == [1_500, nil])
    #expect(profile.budget == 4_000)
    #expect(profile.moneyDecimals == 2)
    profile.budget = .max
    let overflowed = !profile.useMoneyDecimals(3)
    #expect(overflowed)
    #expect(profile.moneyDecimals == 2)
    #expect(profile.candidates.map(\.cost) == [1_500, nil])
  }
}
