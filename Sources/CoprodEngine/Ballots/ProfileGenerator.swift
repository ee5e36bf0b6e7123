// coprod — co-production toolkit. Apache-2.0.

// MARK: - Random numbers

/// xoshiro256** seeded through SplitMix64: a small, fast generator whose output is fixed by
/// its seed on every platform and Swift version (unlike `SystemRandomNumberGenerator`).
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  /// Creates a generator whose whole sequence is determined by `seed`.
  public init(seed: UInt64) {
    var mix = seed
    func splitMix() -> UInt64 {
      mix &+= 0x9E37_79B9_7F4A_7C15
      var z = mix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (splitMix(), splitMix(), splitMix(), splitMix())
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = rotate(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotate(state.3, 45)
    return result
  }

  /// A number in `0..<bound` (`bound` ≥ 1), by the multiply-high method.
  public mutating func below(_ bound: Int) -> Int {
    Int(next().multipliedFullWidth(by: UInt64(bound)).high)
  }

  /// A number in `[0, 1)` with 53 random bits.
  public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

  private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

// MARK: - Generator

/// Seeded random ranked profiles for benchmarks and differential tests.
///
/// The same seed and parameters always give the same profile. Candidates are `"1"`…`"n"`
/// (as PrefLib numbers them), so a generated profile written with ``PrefLibWriter`` and read
/// back with ``BallotFile`` is equal to the original.
public struct ProfileGenerator: Sendable {
  /// How voters' rankings are drawn.
  public enum Culture: Sendable, Equatable {
    /// Every strict ranking is equally likely.
    case impartial
    /// Mallows model around the ranking 1 > 2 > … > n: a ranking with `d` discordant pairs
    /// has probability proportional to `dispersion^d` (0 < dispersion ≤ 1; 1 is impartial).
    case mallows(dispersion: Double)
  }

  /// How much of each ranking voters write down.
  public enum Truncation: Sendable, Equatable {
    /// Every voter ranks every candidate.
    case complete
    /// Each voter ranks the top `k` of their ranking, `k` uniform in
    /// `minimumLength...candidates`.
    case uniform(minimumLength: Int)
  }

  private var random: SeededRandom

  /// Creates a generator seeded with `seed`.
  public init(seed: UInt64) {
    random = SeededRandom(seed: seed)
  }

  /// Draws `voters` strict rankings of `candidates` candidates (1...65535).
  ///
  /// - Returns: A ranked profile with candidates `"1"`…`"n"`, ballots aggregated in order of
  ///   first appearance.
  public mutating func rankedProfile(
    candidates: Int, voters: Int, culture: Culture, truncation: Truncation = .complete
  ) -> BallotProfile {
    precondition(candidates >= 1 && candidates <= 65_535, "1 to 65535 candidates")
    let names = (1...candidates).map { Candidate(id: String($0)) }
    var builder = BallotProfileBuilder(kind: .ranked, candidates: names)
    let insertion = Self.insertionTables(candidates, culture)
    let levels = (0..<candidates).map { UInt16($0) }
    var ranking = [Int32](repeating: 0, count: candidates)
    var entries: [Int32] = []
    var ranks: [UInt16] = []
    for _ in 0..<voters {
      draw(&ranking, culture, insertion)
      var length = candidates
      if case .uniform(let minimum) = truncation {
        let low = max(1, min(minimum, candidates))
        length = low + random.below(candidates - low + 1)
      }
      entries.removeAll(keepingCapacity: true)
      entries.append(contentsOf: ranking[..<length])
      ranks.removeAll(keepingCapacity: true)
      ranks.append(contentsOf: levels[..<length])
      builder.addCanonical(entries: entries, ranks: ranks, points: [], count: 1)
    }
    return builder.profile
  }

  // MARK: - Drawing

  /// Fills `ranking` (best first) with one draw from `culture`.
  private mutating func draw(_ ranking: inout [Int32], _ culture: Culture, _ insertion: [[Double]]) {
    let n = ranking.count
    switch culture {
    case .impartial:
      for i in 0..<n { ranking[i] = Int32(i) }
      var i = n - 1
      while i > 0 {
        let j = random.below(i + 1)
        ranking.swapAt(i, j)
        i -= 1
      }
    case .mallows:
      // Repeated insertion: candidate i goes to position j of the first i + 1 with
      // probability proportional to dispersion^(i - j).
      for i in 0..<n {
        let u = random.unit()
        let cumulative = insertion[i]
        var position = 0
        while position < i && cumulative[position] <= u { position += 1 }
        var k = i
        while k > position {
          ranking[k] = ranking[k - 1]
          k -= 1
        }
        ranking[position] = Int32(i)
      }
    }
  }

  /// For Mallows, the cumulative insertion probabilities of each candidate's position.
  private static func insertionTables(_ n: Int, _ culture: Culture) -> [[Double]] {
    guard case .mallows(let dispersion) = culture else { return [] }
    precondition(dispersion > 0 && dispersion <= 1, "Mallows dispersion must be in (0, 1]")
    return (0..<n).map { i in
      let weights = (0...i).map { j in pow(dispersion, Double(i - j)) }
      let sum = weights.reduce(0, +)
      var running = 0.0
      return weights.map { weight in
        running += weight / sum
        return running
      }
    }
  }
}

/// `base` to the power `exponent` for a small non-negative whole exponent.
private func pow(_ base: Double, _ exponent: Double) -> Double {
  var result = 1.0
  var remaining = Int(exponent)
  while remaining > 0 {
    result *= base
    remaining -= 1
  }
  return result
}
