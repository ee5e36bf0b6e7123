// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation

/// `fuzz [--inputs N] [--seed N] [--only FORMAT] [--data DIR]`: mutates the real example files
/// of each input format `inputs` times (default 10,000) and feeds each to coprod's reader;
/// prints, per format, how many inputs were read, refused cleanly and refused with an
/// error that is not coprod's own, and the time taken. A crash ends the run (a finished run
/// had none). Exit status 1 when any input gave an unexpected error.
struct FuzzCommand {
  let inputs: Int
  let seed: UInt64
  let only: InputFuzzer.Target?
  let data: URL

  init(_ arguments: inout BenchArguments) throws(BenchUsageError) {
    inputs = try arguments.integer("inputs", default: 10_000)
    seed = UInt64(try arguments.integer("seed", default: 1))
    if let name = try arguments.option("only") {
      guard let target = InputFuzzer.Target(rawValue: name) else {
        throw BenchUsageError("--only: one of \(InputFuzzer.Target.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      only = target
    } else {
      only = nil
    }
    data = URL(fileURLWithPath: try arguments.option("data") ?? "/work/shared/data")
    try arguments.finish()
  }

  func run() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var failed = false
    print("format       inputs  accepted  refused  unexpected  seconds  seeds")
    for target in InputFuzzer.Target.allCases where only == nil || only == target {
      let seeds = try FuzzSeeds.load(target, repository: root, data: data)
      let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-fuzz-\(target.rawValue)-\(getpid())")
      let start = now()
      let outcome = try InputFuzzer.run(target, seeds: seeds, count: inputs, seed: seed, scratch: scratch)
      let seconds = now() - start
      print(
        target.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0),
        String(format: "%7d  %8d  %7d  %10d  %7.1f  %d", outcome.inputs, outcome.accepted, outcome.refused, outcome.unexpectedCount, seconds, seeds.count))
      for line in outcome.unexpected { print("  " + line) }
      failed = failed || outcome.unexpectedCount > 0
    }
    if failed { exit(1) }
  }
}
