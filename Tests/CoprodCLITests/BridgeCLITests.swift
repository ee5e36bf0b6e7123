// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// Deeply nested input reaches a report plugin as a clean one-line error, and the next run
/// works.
@Suite("coprod report with deep data, end to end")
struct BridgeCLITests {
  /// Writes `text` to a temporary JSON file and returns its path.
  static func jsonFile(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-deep-\(UUID().uuidString).json").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// `{"results": {"a": {"a": … "x" …}}}` with `depth` objects under `results`.
  static func nested(_ depth: Int) -> String {
    "{\"results\": " + String(repeating: "{\"a\": ", count: depth) + "\"x\"" + String(repeating: "}", count: depth) + "}"
  }

  @Test func dataNestedTooDeepForAPluginIsOneLine() throws {
    let path = try Self.jsonFile(Self.nested(300))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = try run(["report", "tally-summary", "--data", path])
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr == "coprod: plugin org.coprod.tally-summary: its input cannot be handed over: data is nested more than 200 deep (at results.a.a.a…)\n")
  }

  @Test func jsonNestedBeyondTheParserIsOneLine() throws {
    let path = try Self.jsonFile(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = try run(["report", "tally-summary", "--data", path])
    #expect(result.status == 1)
    #expect(result.stderr == "coprod: \(path): is not valid JSON; give the output of a command such as coprod tally … --format json\n")
  }

  @Test func aRealCountStillRendersAfterwards() throws {
    let ballots = repositoryRoot.appendingPathComponent("examples/ballots/burlington-2006-mayor.toi").path
    let count = try run(["tally", ballots, "--rule", "irv", "--format", "json"])
    #expect(count.status == 0)
    let path = try Self.jsonFile(count.stdout)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = try run(["report", "tally-summary", "--data", path])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("# "))
  }
}
