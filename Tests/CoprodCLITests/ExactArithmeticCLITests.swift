// coprod — co-production toolkit. Apache-2.0.

import BigInt
import CoprodModel
import CoprodTestSupport
import Foundation
import Testing

/// Issue 10 §2: counts, points, costs and their sums never overflow or wrap. Each of the
/// reported reproductions, and every bundled rule with counts near 2^63, from the CLI.
@Suite("exact arithmetic from the CLI")
struct ExactArithmeticCLITests {
  /// 2^63 − 1, the largest count a file may hold on one line.
  static let max = "9223372036854775807"

  /// The parts of a JSON result these tests check.
  struct Result: Decodable {
    struct Round: Decodable { var tally: [String: TallyNumber] }
    var winners: [String]
    var rounds: [Round]
  }

  /// Writes `text` to a fresh file named `name` and returns its path.
  static func file(_ name: String, _ text: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-exact-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// Tallies and returns the JSON text and its decoded result, expecting success.
  static func tally(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> (json: String, result: Result) {
    let run = try CoprodTestSupport.run(["tally"] + arguments + ["--format", "json"])
    #expect(run.status == 0, sourceLocation: sourceLocation)
    #expect(run.stderr == "", sourceLocation: sourceLocation)
    return (run.stdout, try JSONDecoder().decode(Result.self, from: Data(run.stdout.utf8)))
  }

  static func big(_ digits: String) -> TallyNumber { .bigInteger(BigInt(digits, radix: 10)!) }

  // MARK: - The reproductions

  @Test func scoreNoLongerTraps() throws {
    let path = try Self.file("s.csv", "ballot,count\nA:\(Self.max);B:1,2\n")
    let (json, result) = try Self.tally([path, "--rule", "score"])
    #expect(result.winners == ["A"])
    #expect(result.rounds[0].tally == ["A": Self.big("18446744073709551614"), "B": .integer(2)])
    #expect(json.contains("\"A\" : 18446744073709551614,\n"))
  }

  @Test func bordaDoesNotWrap() throws {
    let path = try Self.file("b.csv", "ballot,count\nA>B>C,\(Self.max)\nC>B>A,1\n")
    let (_, result) = try Self.tally([path, "--rule", "borda"])
    #expect(result.winners == ["A"])
    #expect(result.rounds[0].tally == ["A": Self.big("18446744073709551614"), "B": Self.big("9223372036854775808"), "C": .integer(2)])
  }

  @Test func dotVotingDoesNotWrap() throws {
    let path = try Self.file("d.csv", "ballot,count\nA:2,\(Self.max)\nB:3,1\n")
    let (_, result) = try Self.tally([path, "--rule", "dot-voting"])
    #expect(result.winners == ["A"])
    #expect(result.rounds[0].tally == ["A": Self.big("18446744073709551614"), "B": .integer(3)])
  }

  @Test func greedyDoesNotFundCostsThatOverflowPastTheBudget() throws {
    let run = try CoprodTestSupport.run(["tally", "Tests/CoprodCLITests/Exact/big-greedy.pb", "--rule", "pb-greedy", "--tie-break", "input-order"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("""
        · Bridge (1) elected: 3 votes; costs 9223372036854775000, leaving 807
        · Tunnel (2) excluded: 3 votes; costs 9223372036854775000 but only 807 is left
        · Bench (3) elected: 1 votes; costs 700, leaving 107
        · 9223372036854775700 of the budget of 9223372036854775807 is spent; 107 is left.
      """))
    #expect(run.stdout.contains("Winners, in order of election: Bridge (1), Bench (3)\n"))
  }

  @Test func irvTalliesStayIntegersInJSON() throws {
    let path = try Self.file("i.csv", "ballot,count\nA>B,9007199254740993\nB>A,3\n")
    let (json, result) = try Self.tally([path, "--rule", "irv"])
    #expect(result.rounds[0].tally == ["A": .integer(9_007_199_254_740_993), "B": .integer(3)])
    #expect(json.contains("\"A\" : 9007199254740993,\n"))
  }

  // MARK: - Every bundled rule near 2^63

  struct Case: Sendable, CustomTestStringConvertible {
    var rule: String
    var text: String
    var arguments: [String] = []
    var winners: [String]
    var testDescription: String { rule }
  }

  /// Pairwise margins beyond 64 bits: A beats B and C by 2^63 − 6; B beats C.
  static let ranked = "ballot,count\nA>B>C,\(max)\nA>B>C,\(max)\nC>B>A,\(max)\nB>C>A,5\n"

  static let cases: [Case] = [
    Case(rule: "plurality", text: ranked, winners: ["A"]),
    Case(rule: "irv", text: ranked, winners: ["A"]),
    Case(rule: "borda", text: ranked, winners: ["A"]),
    Case(rule: "copeland", text: ranked, winners: ["A"]),
    Case(rule: "minimax", text: ranked, winners: ["A"]),
    Case(rule: "schulze", text: ranked, winners: ["A"]),
    Case(rule: "ranked-pairs", text: ranked, winners: ["A"]),
    Case(rule: "approval", text: "ballot,count\nA;B,\(max)\nA,\(max)\nB,1\n", winners: ["A"]),
    Case(rule: "supermajority", text: "ballot,count\nA;B,\(max)\nA,\(max)\nB,1\n", winners: ["A"]),
    Case(rule: "supermajority", text: "ballot,count\nA:9;B:1,\(max)\nA:8,\(max)\nB:9,1\n", winners: ["A"]),
    Case(rule: "score", text: "ballot,count\nA:\(max);B:9223372036854775806,2\nB:1,1\n", winners: ["A"]),
    Case(rule: "dot-voting", text: "ballot,count\nA:1;B:2,\(max)\nA:3,\(max)\n", winners: ["A"]),
    Case(rule: "majority-judgment", text: "ballot,count\nA:2;B:1,\(max)\nA:1;B:2,9223372036854775806\n", winners: ["A"]),
    Case(rule: "majority-judgment", text: "ballot,count\nA:2;B:2,\(max)\nA:2;B:1,3\nA:0;B:2,3\n", winners: ["B"]),
    Case(rule: "consent", text: "ballot,count\nA:2;B:2,\(max)\nA:2;B:1,\(max)\n", arguments: ["--seats", "2"], winners: ["A", "B"]),
    Case(rule: "pb-greedy", text: "", arguments: ["--tie-break", "input-order"], winners: ["1", "3"]),
    Case(rule: "pb-mes", text: "", arguments: ["--tie-break", "input-order"], winners: ["1", "4", "3"]),
  ]

  @Test(arguments: cases)
  func bundledRuleCountsNear2To63(_ test: Case) throws {
    let path: String
    switch test.rule {
    case "pb-greedy": path = "Tests/CoprodCLITests/Exact/big-greedy.pb"
    case "pb-mes": path = "Tests/CoprodCLITests/Exact/big-mes.pb"
    default: path = try Self.file("\(test.rule).csv", test.text)
    }
    let (_, result) = try Self.tally([path, "--rule", test.rule] + test.arguments)
    #expect(result.winners == test.winners)
  }

  @Test func consentTallyIsExact() throws {
    let path = try Self.file("c.csv", "ballot,count\nA:2,\(Self.max)\nA:2,\(Self.max)\nA:0,1\n")
    let (_, result) = try Self.tally([path, "--rule", "consent"])
    #expect(result.rounds[0].tally == ["A": .text("18446744073709551614 consent, 0 stand aside, 1 object")])
  }

  @Test(arguments: [
    ("scottish", "Scottish STV keeps vote values in 64-bit fixed point and counts at most 922337203 ballot papers exactly; this election has 27670116110564327426"),
    ("meek", "Meek STV keeps vote values in 64-bit fixed point and counts at most 9223372036 ballot papers exactly; this election has 27670116110564327426"),
  ])
  func stvStopsWithAClearErrorBeyondItsFixedPoint(method: String, message: String) throws {
    let path = try Self.file("stv.csv", Self.ranked)
    let run = try CoprodTestSupport.run(["tally", path, "--rule", "stv", "--seats", "2", "--option", "method=\(method)"])
    #expect(run.status != 0)
    #expect(run.stdout == "")
    #expect(run.stderr.contains(message))
  }

  // MARK: - The library the rules share

  @Test func theCountingLibraryPassesItsCheck() throws {
    let run = try CoprodTestSupport.run(["plugins", "check", "plugins/counting"])
    #expect(run.status == 0)
    #expect(run.stdout == "ok plugins/counting\n")
  }

  /// The hash recorded with a result covers the library a rule requires: the same rule with a
  /// changed copy of the library records another hash, and `plugins info` shows the one used.
  @Test func theRecordedHashCoversTheLibrary() throws {
    let path = try Self.file("s.csv", "ballot,count\nA:\(Self.max);B:1,2\n")
    let bundled = try CoprodTestSupport.run(["plugins", "info", "org.coprod.score"]).stdout
    let runHash = try #require(bundled.components(separatedBy: "\n").first { $0.hasPrefix("Run hash:") }?.split(separator: " ").dropFirst(2).first)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-exact-lib-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: "plugins/counting", toPath: folder.appendingPathComponent("counting").path)
    let module = folder.appendingPathComponent("counting/int.lua")
    try (String(contentsOf: module, encoding: .utf8) + "-- changed\n").write(to: module, atomically: true, encoding: .utf8)
    let json = try Self.tally([path, "--rule", "score"]).json
    let changed = try Self.tally([path, "--rule", "score", "--plugins-dir", folder.path]).json
    #expect(json.contains("\"sha256\" : \"\(runHash)\""))
    #expect(!changed.contains("\"sha256\" : \"\(runHash)\""))
  }
}
