// coprod — co-production toolkit. Apache-2.0.

// MARK: - Exact money

/// An exact, non-negative amount of money: `units` × 10^-`decimals` (so `1000.50` is 10005
/// units with 1 decimal). Participatory budgets count money in whole minor units, never in
/// floating point, so a project either fits the budget or it does not.
public struct MoneyAmount: Sendable, Hashable, CustomStringConvertible {
  /// The amount in units of 10^-`decimals`.
  public var units: Int64
  /// Decimal places, 0...``maxDecimals``.
  public var decimals: Int

  /// The most decimal places an amount may have.
  public static let maxDecimals = 6

  /// Creates an amount from minor units.
  public init(units: Int64, decimals: Int = 0) {
    self.units = units
    self.decimals = decimals
  }

  /// Reads `1000`, `1000.5` or `1000,50` (Pabulib files use either separator; no thousands
  /// separators). Trailing zeros after the separator are dropped, so `1000.0` has 0 decimals.
  /// Nil when the text is not such a number, is negative, has more than ``maxDecimals``
  /// decimals or does not fit in 64 bits.
  public init?(parsing text: some StringProtocol) {
    let parts = text.split(separator: text.contains(",") ? "," : ".", maxSplits: 1, omittingEmptySubsequences: false)
    var fraction = parts.count == 2 ? parts[1] : ""
    while fraction.hasSuffix("0") { fraction.removeLast() }
    guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit),
      parts.count == 1 || !parts[1].isEmpty, fraction.allSatisfy(\.isASCIIDigit),
      fraction.count <= Self.maxDecimals, let value = Int64(String(whole) + String(fraction))
    else { return nil }
    self.init(units: value, decimals: fraction.count)
  }

  /// The amount in units of 10^-`places` (`places` ≥ `decimals`), or nil if it overflows.
  public func units(at places: Int) -> Int64? {
    Self.scale(units, by: places - decimals)
  }

  /// `value` × 10^`power`, or nil if it overflows.
  public static func scale(_ value: Int64, by power: Int) -> Int64? {
    var result = value
    for _ in 0..<max(power, 0) {
      let (product, overflow) = result.multipliedReportingOverflow(by: 10)
      if overflow { return nil }
      result = product
    }
    return result
  }

  /// The amount as written for people: `1,000.50` when `grouped`, else `1000.50`.
  public func formatted(grouped: Bool = false) -> String {
    let scale = Self.scale(1, by: decimals) ?? 1
    var whole = String(units / scale)
    if grouped {
      var groups: [Substring] = []
      while whole.count > 3 {
        groups.insert(whole.suffix(3), at: 0)
        whole.removeLast(3)
      }
      whole = ([Substring(whole)] + groups).joined(separator: ",")
    }
    guard decimals > 0 else { return whole }
    let fraction = String(units % scale)
    return whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
  }

  /// The amount written plainly (`1000.50`).
  public var description: String { formatted() }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension BallotProfile {
  /// Re-expresses every cost and the budget with `places` decimals (at least
  /// ``moneyDecimals``). Returns false, changing nothing, if an amount would overflow.
  public mutating func useMoneyDecimals(_ places: Int) -> Bool {
    let power = places - moneyDecimals
    guard power > 0 else { return true }
    var costs: [Int64?] = []
    for candidate in candidates {
      if let cost = candidate.cost {
        guard let scaled = MoneyAmount.scale(cost, by: power) else { return false }
        costs.append(scaled)
      } else {
        costs.append(nil)
      }
    }
    var scaledBudget: Int64?
    if let budget {
      guard let scaled = MoneyAmount.scale(budget, by: power) else { return false }
      scaledBudget = scaled
    }
    for index in candidates.indices { candidates[index].cost = costs[index] }
    budget = scaledBudget
    moneyDecimals = places
    return true
  }
}
