// coprod — co-production toolkit. Apache-2.0.

import BigInt

/// Exact running totals, one per slot: 64-bit arithmetic while it fits, a big integer for a
/// slot once a sum or product would overflow. Sums of counts, points and costs never wrap.
public struct ExactTotals: Sendable {
  private var small: [Int64]
  /// The part of each total beyond what `small` holds; nil until some slot overflowed.
  private var spill: [BigInt]?

  /// `count` totals, all zero.
  public init(count: Int) {
    small = [Int64](repeating: 0, count: count)
  }

  /// Adds `value` to the total at `slot`.
  @inline(__always)
  public mutating func add(_ value: Int64, at slot: Int) {
    let (sum, overflow) = small[slot].addingReportingOverflow(value)
    if !overflow {
      small[slot] = sum
    } else {
      addBig(BigInt(value), at: slot)
    }
  }

  /// Adds `a × b` to the total at `slot`.
  @inline(__always)
  public mutating func add(_ a: Int64, times b: Int64, at slot: Int) {
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    if !overflow {
      add(product, at: slot)
    } else {
      addBig(BigInt(a) * BigInt(b), at: slot)
    }
  }

  private mutating func addBig(_ value: BigInt, at slot: Int) {
    if spill == nil { spill = [BigInt](repeating: 0, count: small.count) }
    spill![slot] += value
  }

  /// Every total, exactly.
  public var values: [BigInt] {
    guard let spill else { return small.map { BigInt($0) } }
    return small.indices.map { BigInt(small[$0]) + spill[$0] }
  }

  /// Every total when all fit in 64 bits, else nil.
  public var smallValues: [Int64]? {
    guard let spill else { return small }
    var result = small
    for index in result.indices {
      guard let value = Int64(exactly: BigInt(small[index]) + spill[index]) else { return nil }
      result[index] = value
    }
    return result
  }
}
