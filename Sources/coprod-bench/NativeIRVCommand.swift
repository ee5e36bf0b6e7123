// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation

/// `native-irv FILE`: instant runoff written directly in Swift over the parsed
/// ``BallotProfile`` — the floor that `coprod tally --rule irv` is measured against.
///
/// Same semantics as the bundled `irv` rule: each round every ballot counts for its
/// highest-ranked continuing candidate (split equally between tied ones); a candidate with
/// more than half of the ballots in play wins; otherwise the one with fewest is excluded
/// (a tie for fewest goes to the earliest in input order, and is reported).
struct NativeIRVCommand {
  let file: String

  init(_ arguments: inout BenchArguments) throws(BenchUsageError) {
    guard let file = arguments.next() else { throw BenchUsageError("native-irv needs FILE") }
    self.file = file
    try arguments.finish()
  }

  func run() throws {
    let start = now()
    let profile = try BallotFile.load(path: file)
    let parsed = now()
    let (winner, rounds, ties) = Self.instantRunoff(profile)
    let counted = now()
    print("winner: \(profile.candidates[winner].id) after \(rounds) round(s)\(ties > 0 ? ", \(ties) tie(s) broken by input order" : "")")
    print("ballots: \(profile.voterCount) (\(profile.distinctBallots) distinct), candidates: \(profile.candidates.count)")
    print(String(format: "parse: %.3f s  count: %.3f s  total: %.3f s", parsed - start, counted - parsed, counted - start))
  }

  /// The winner's index, the number of rounds and the number of ties for fewest.
  static func instantRunoff(_ profile: BallotProfile) -> (winner: Int, rounds: Int, ties: Int) {
    let n = profile.candidates.count
    var continuing = [Bool](repeating: true, count: n)
    for index in profile.withdrawn { continuing[index] = false }
    var rounds = 0
    var ties = 0
    let counts = profile.counts, offsets = profile.offsets, entries = profile.entries, ranks = profile.ranks
    while true {
      rounds += 1
      var tally = [Double](repeating: 0, count: n)
      for ballot in 0..<counts.count {
        var position = offsets[ballot]
        let end = offsets[ballot + 1]
        while position < end && !continuing[Int(entries[position])] { position += 1 }
        guard position < end else { continue }
        var tied = 0
        var next = position
        while next < end && ranks[next] == ranks[position] {
          if continuing[Int(entries[next])] { tied += 1 }
          next += 1
        }
        let share = Double(counts[ballot]) / Double(tied)
        for k in position..<next where continuing[Int(entries[k])] { tally[Int(entries[k])] += share }
      }
      let alive = (0..<n).filter { continuing[$0] }
      let active = alive.reduce(0.0) { $0 + tally[$1] }
      var best = alive[0]
      var lowest = alive[0]
      for candidate in alive {
        if tally[candidate] > tally[best] { best = candidate }
        if tally[candidate] < tally[lowest] { lowest = candidate }
      }
      if alive.count == 1 || tally[best] * 2 > active { return (best, rounds, ties) }
      if alive.filter({ tally[$0] == tally[lowest] }).count > 1 { ties += 1 }
      continuing[lowest] = false
    }
  }
}
