// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation
import Testing

/// A few hundred mutated inputs per format in the test suite; `coprod-bench fuzz` runs
/// 10,000 per format (docs/security.md).
@Suite("Seeded fuzzing of every input reader")
struct FuzzTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  @Test(arguments: InputFuzzer.Target.allCases)
  func everyMutatedInputIsReadOrRefusedWithCoprodsOwnError(_ target: InputFuzzer.Target) throws {
    let seeds = try FuzzSeeds.load(target, repository: Self.repository, data: URL(fileURLWithPath: "/work/shared/data"))
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-fuzz-test-\(UUID().uuidString)")
    let count = target == .bundle ? 100 : 300
    let outcome = try InputFuzzer.run(target, seeds: seeds, count: count, seed: 7, scratch: scratch)
    #expect(outcome.inputs == count)
    #expect(outcome.unexpected == [])
    #expect(outcome.accepted + outcome.refused == count)
    #expect(outcome.refused > 0)  // the mutations do break files
    // and leave some readable, so the readers' insides are reached (not bundles: their sha256
    // refuses almost every change; the benchmark's 10,000 find a few it reads)
    if target != .bundle { #expect(outcome.accepted > 0) }
  }

  @Test func theSameSeedGivesTheSameRun() throws {
    let seeds = try FuzzSeeds.load(.csv, repository: Self.repository, data: URL(fileURLWithPath: "/nonexistent"))
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-fuzz-test-\(UUID().uuidString)")
    let first = try InputFuzzer.run(.csv, seeds: seeds, count: 200, seed: 3, scratch: scratch)
    let second = try InputFuzzer.run(.csv, seeds: seeds, count: 200, seed: 3, scratch: scratch)
    #expect(first == second)
  }
}
