// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation

/// `generate OUT.soi --voters N --candidates N --seed N [--culture mallows|impartial]
/// [--dispersion D]`: writes a seeded random PrefLib `.soi` file of truncated strict rankings
/// (each voter ranks their top k, k uniform in 1…candidates).
struct GenerateCommand {
  let output: String
  let voters: Int
  let candidates: Int
  let seed: Int
  let culture: ProfileGenerator.Culture

  init(_ arguments: inout BenchArguments) throws(BenchUsageError) {
    guard let output = arguments.next() else { throw BenchUsageError("generate needs OUT.soi") }
    self.output = output
    voters = try arguments.integer("voters")
    candidates = try arguments.integer("candidates")
    seed = try arguments.integer("seed")
    let dispersionText = try arguments.option("dispersion") ?? "0.8"
    guard let dispersion = Double(dispersionText), dispersion > 0, dispersion <= 1 else {
      throw BenchUsageError("--dispersion must be in (0, 1], got '\(dispersionText)'")
    }
    switch try arguments.option("culture") ?? "mallows" {
    case "mallows": culture = .mallows(dispersion: dispersion)
    case "impartial": culture = .impartial
    case let other: throw BenchUsageError("--culture must be mallows or impartial, got '\(other)'")
    }
    guard (1...65_535).contains(candidates), voters >= 1 else {
      throw BenchUsageError("--candidates must be 1…65535 and --voters at least 1")
    }
    try arguments.finish()
  }

  func run() throws {
    let start = now()
    var generator = ProfileGenerator(seed: UInt64(seed))
    let profile = generator.rankedProfile(
      candidates: candidates, voters: voters, culture: culture, truncation: .uniform(minimumLength: 1))
    let bytes = PrefLibWriter.bytes(profile, format: .soi, title: "coprod-bench \(culture) seed \(seed)")
    try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
    print("wrote \(output): \(voters) voters, \(profile.distinctBallots) distinct ballots, \(bytes.count) bytes in \(String(format: "%.2f", now() - start)) s")
  }
}
