// coprod — co-production toolkit. Apache-2.0.

import BigInt

// MARK: - Counting primitives

/// The heavy loops every rule needs, over the compact profile. Rules (in Lua) decide; these
/// only count, so a million ballots cost one pass in Swift instead of a million Lua tables.
extension BallotProfile {
  /// The result of ``firstPreferences(continuing:weights:)``.
  public struct FirstPreferences: Sendable, Equatable {
    /// Value per candidate index (0 for candidates not continuing).
    public var tally: [Double]
    /// Value of ballots with no continuing candidate.
    public var exhausted: Double
    /// Whether any ballot's value was split between tied candidates.
    public var hasSplits: Bool
    /// The tally and then the exhausted value as exact whole numbers, when ballots count
    /// by their counts (no weights) and no value was split; nil otherwise.
    public var exact: [BigInt]?
  }

  /// Gives each ballot's value to its highest-ranked continuing candidate, splitting it
  /// equally when several continuing candidates share that rank.
  ///
  /// - Parameters:
  ///   - continuing: a flag per candidate index.
  ///   - weights: a value per distinct ballot; the ballot counts when nil.
  /// - Returns: the tally and the exhausted value.
  public func firstPreferences(continuing: [Bool], weights: [Double]? = nil) -> FirstPreferences {
    var tally = [Double](repeating: 0, count: candidates.count)
    var exhausted = 0.0
    var hasSplits = false
    let isRanked = kind == .ranked
    // Slot candidates.count holds the exhausted ballots.
    var exact = ExactTotals(count: weights == nil ? candidates.count + 1 : 0)
    for ballot in 0..<counts.count {
      let value = weights?[ballot] ?? Double(counts[ballot])
      let range = offsets[ballot]..<offsets[ballot + 1]
      var found = -1
      for position in range where continuing[Int(entries[position])] {
        found = position
        break
      }
      guard found >= 0 else {
        exhausted += value
        if weights == nil { exact.add(counts[ballot], at: candidates.count) }
        continue
      }
      guard isRanked else {
        tally[Int(entries[found])] += value
        if weights == nil { exact.add(counts[ballot], at: Int(entries[found])) }
        continue
      }
      let level = ranks[found]
      var tied = 1
      var next = found + 1
      while next < range.upperBound, ranks[next] == level {
        if continuing[Int(entries[next])] { tied += 1 }
        next += 1
      }
      if tied == 1 {
        tally[Int(entries[found])] += value
        if weights == nil { exact.add(counts[ballot], at: Int(entries[found])) }
      } else {
        hasSplits = true
        let share = value / Double(tied)
        for position in found..<next where continuing[Int(entries[position])] {
          tally[Int(entries[position])] += share
        }
      }
    }
    return FirstPreferences(
      tally: tally, exhausted: exhausted, hasSplits: hasSplits, exact: weights == nil && !hasSplits ? exact.values : nil)
  }

  /// For each distinct ballot, the index of its highest-ranked continuing candidate, nil when
  /// exhausted. A ballot whose top continuing rank is a tie is nil too when `exhaustingTies`
  /// (an ambiguous preference ends the ballot); otherwise the first such ballot is the error.
  public func topChoices(continuing: [Bool], exhaustingTies: Bool = false) -> Result<[Int?], TiedTopError> {
    var result = [Int?](repeating: nil, count: counts.count)
    for ballot in 0..<counts.count {
      let range = offsets[ballot]..<offsets[ballot + 1]
      for position in range where continuing[Int(entries[position])] {
        if kind == .ranked && sharesRank(position, before: range.upperBound, continuing) {
          if exhaustingTies { break }
          return .failure(TiedTopError(ballot: ballot))
        }
        result[ballot] = Int(entries[position])
        break
      }
    }
    return .success(result)
  }

  /// Whether a continuing candidate after `position` (up to `end`) shares its rank level.
  private func sharesRank(_ position: Int, before end: Int, _ continuing: [Bool]) -> Bool {
    var next = position + 1
    while next < end, ranks[next] == ranks[position] {
      if continuing[Int(entries[next])] { return true }
      next += 1
    }
    return false
  }

  /// A ballot's top continuing rank holds several candidates.
  public struct TiedTopError: Error, Sendable, Equatable {
    /// The 0-based distinct ballot index.
    public var ballot: Int
  }

  /// `matrix[a * n + b]`: voters ranking candidate a strictly above b. Unranked candidates
  /// count as ranked below every candidate the voter ranked, and tied with each other.
  public func pairwiseMatrix() -> [BigInt] {
    let n = candidates.count
    var matrix = ExactTotals(count: n * n)
    var level = [Int](repeating: Int.max, count: n)
    for ballot in 0..<counts.count {
      let range = offsets[ballot]..<offsets[ballot + 1]
      for position in range { level[Int(entries[position])] = kind == .ranked ? Int(ranks[position]) : 0 }
      let count = counts[ballot]
      for position in range {
        let a = Int(entries[position])
        let levelA = level[a]
        let row = a * n
        for b in 0..<n where levelA < level[b] { matrix.add(count, at: row + b) }
      }
      for position in range { level[Int(entries[position])] = Int.max }
    }
    return matrix.values
  }

  /// Number of voters approving each candidate index: approval ballots as given; ranked
  /// ballots approve every ranked candidate; score ballots approve candidates with points
  /// above zero.
  public func approvalCounts() -> [BigInt] {
    var result = ExactTotals(count: candidates.count)
    for ballot in 0..<counts.count {
      for position in offsets[ballot]..<offsets[ballot + 1] {
        if !points.isEmpty, points[position] <= 0 { continue }
        result.add(counts[ballot], at: Int(entries[position]))
      }
    }
    return result.values
  }

  /// Total points per candidate index (count × points) for score and cumulative ballots.
  public func pointTotals() -> [BigInt] {
    var result = ExactTotals(count: candidates.count)
    guard !points.isEmpty else { return result.values }
    for ballot in 0..<counts.count {
      for position in offsets[ballot]..<offsets[ballot + 1] {
        result.add(counts[ballot], times: points[position], at: Int(entries[position]))
      }
    }
    return result.values
  }
}

// MARK: - Keep values (Meek)

extension BallotProfile {
  /// The result of ``keepValueTotals(keep:scale:)``.
  public struct KeepValueTotals: Sendable, Equatable {
    /// Value kept by each candidate index.
    public var votes: [Int64]
    /// Value that no candidate kept: ballots that run out of candidates, or meet a rank
    /// holding several candidates with a keep value above zero.
    public var excess: Int64
  }

  /// Passes every ballot's value down its ranking in fixed point, as Meek's method does.
  ///
  /// A ballot starts with `scale` per voter. At each rank group, the candidates whose keep
  /// value is above zero are the live ones: none, and the value passes on unchanged; one,
  /// and that candidate keeps `value * keep / scale` (rounded down) and passes on the rest;
  /// several, and the ballot ends (an ambiguous preference) with its value in the excess.
  /// A candidate whose keep value is `scale` keeps all. Sums wrap on overflow exactly as Lua
  /// integers do (callers bound `voters * scale` so they never overflow).
  ///
  /// - Parameters:
  ///   - keep: a keep value per candidate index, from 0 to `scale`.
  ///   - scale: the fixed-point unit, above 0.
  public func keepValueTotals(keep: [Int64], scale: Int64) -> KeepValueTotals {
    precondition(scale > 0 && keep.count == candidates.count, "a keep value per candidate and a positive scale")
    var votes = [Int64](repeating: 0, count: candidates.count)
    var excess: Int64 = 0
    let isRanked = kind == .ranked
    counts.withUnsafeBufferPointer { counts in
      offsets.withUnsafeBufferPointer { offsets in
        entries.withUnsafeBufferPointer { entries in
          ranks.withUnsafeBufferPointer { ranks in
            keep.withUnsafeBufferPointer { keep in
              votes.withUnsafeMutableBufferPointer { votes in
                for ballot in 0..<counts.count {
                  let count = counts[ballot]
                  var value = scale
                  var position = offsets[ballot]
                  let end = offsets[ballot + 1]
                  while position < end {
                    var groupEnd = position + 1
                    if isRanked { while groupEnd < end && ranks[groupEnd] == ranks[position] { groupEnd += 1 } }
                    var live = -1
                    var several = false
                    for member in position..<groupEnd where keep[Int(entries[member])] > 0 {
                      if live >= 0 {
                        several = true
                        break
                      }
                      live = Int(entries[member])
                    }
                    if several { break }
                    if live >= 0 {
                      let kept = Self.floorDivide(value &* keep[live], scale)
                      votes[live] = votes[live] &+ kept &* count
                      value = value &- kept
                      if value == 0 { break }
                    }
                    position = groupEnd
                  }
                  excess = excess &+ value &* count
                }
              }
            }
          }
        }
      }
    }
    return KeepValueTotals(votes: votes, excess: excess)
  }

  /// Lua's integer floor division (`//`) for a positive divisor.
  private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let quotient = a / b
    return (a % b != 0 && a < 0) ? quotient - 1 : quotient
  }
}
