// coprod — co-production toolkit. Apache-2.0.

// MARK: - Seeded draws

/// The session's draws (speaking orders, simulated rooms, the seeds of counts and table
/// plans): each derived from the session seed and what it is for, so the same seed always
/// gives the same session and one draw never shifts another.
enum SessionDraw {
  /// A seed for one purpose: the session seed mixed with the purpose's words and numbers
  /// (FNV-1a, then SplitMix64's finaliser).
  static func seed(_ base: Int64, _ purpose: String, _ stage: String, _ iteration: Int, _ index: Int) -> Int64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(bitPattern: base)
    for byte in "\(purpose)\u{0}\(stage)\u{0}\(iteration)\u{0}\(index)".utf8 {
      h = (h ^ UInt64(byte)) &* 0x100_0000_01B3
    }
    h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int64(bitPattern: h ^ (h >> 31))
  }

  /// `items` in a seeded order (Fisher–Yates with unbiased draws).
  static func shuffled<T>(_ items: [T], seed: Int64) -> [T] {
    var random = SeededRandom(seed: UInt64(bitPattern: seed))
    var result = items
    guard result.count > 1 else { return result }
    for i in stride(from: result.count - 1, to: 0, by: -1) {
      result.swapAt(i, below(i + 1, &random))
    }
    return result
  }

  /// A uniform draw in 0..<bound (rejection sampling, no modulo bias).
  static func below(_ bound: Int, _ random: inout SeededRandom) -> Int {
    let limit = UInt64.max - UInt64.max % UInt64(bound)
    while true {
      let value = random.next()
      if value < limit { return Int(value % UInt64(bound)) }
    }
  }
}
