// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// Every bundled voting rule tallies real ballot files from the CLI in all three formats, and
/// the output is exactly the reviewed output in Tests/CoprodCLITests/Golden/ (the rule's hash
/// is part of the JSON, so any change to a rule or a renderer shows up here).
///
/// After an intended change, review the difference and rewrite the golden files with
/// `COPROD_UPDATE_GOLDEN=1 swift test --filter BundledRuleTallyTests`.
@Suite("bundled rules on real files, golden output")
struct BundledRuleTallyTests {
  /// One rule on one file.
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    var testDescription: String { name }
  }

  static let fixtures = "Tests/CoprodEngineTests/Fixtures"
  static let examples = "examples/ballots"

  static let cases: [Case] = [
    Case(name: "plurality-debian-2002", arguments: ["\(fixtures)/preflib/00002-00000001.soi", "--rule", "plurality"]),
    Case(name: "approval-french-2002", arguments: ["\(fixtures)/preflib/00026-00000001.cat", "--rule", "approval"]),
    Case(
      name: "dot-voting-gdansk-2020",
      arguments: ["\(fixtures)/pabulib/Poland_Gdansk_2020_Wyspa_Sobieszewska.pb", "--rule", "dot-voting"]),
    Case(name: "score-youth-fund", arguments: ["\(examples)/youth-fund-scores.csv", "--rule", "score"]),
    Case(name: "borda-debian-2003", arguments: ["\(fixtures)/preflib/00002-00000002.soi", "--rule", "borda"]),
    Case(
      name: "majority-judgment-youth-fund",
      arguments: ["\(examples)/youth-fund-scores.csv", "--rule", "majority-judgment"]),
    Case(name: "irv-burlington-2006", arguments: ["\(examples)/burlington-2006-mayor.toi", "--rule", "irv"]),
    Case(name: "irv-csv", arguments: ["\(fixtures)/example.csv", "--rule", "irv"]),
    Case(
      name: "stv-glasgow-ward1", arguments: ["\(examples)/glasgow-2007-ward1.soi", "--rule", "stv", "--seats", "4"]),
    Case(name: "stv-blt", arguments: ["\(fixtures)/example.blt", "--rule", "stv"]),
    Case(
      name: "stv-meek-glasgow-ward1",
      arguments: ["\(examples)/glasgow-2007-ward1.soi", "--rule", "stv", "--seats", "4", "--option", "method=meek"]),
    Case(
      name: "stv-meek-burlington-2006",
      arguments: ["\(examples)/burlington-2006-mayor.toi", "--rule", "stv", "--seats", "2", "--option", "method=meek"]),
    Case(name: "schulze-debian-2004", arguments: ["\(fixtures)/preflib/00002-00000003.soi", "--rule", "schulze"]),
    Case(
      name: "ranked-pairs-debian-2005", arguments: ["\(fixtures)/preflib/00002-00000004.soi", "--rule", "ranked-pairs"]),
    Case(name: "copeland-debian-2006", arguments: ["\(fixtures)/preflib/00002-00000005.soi", "--rule", "copeland"]),
    Case(name: "minimax-debian-2007", arguments: ["\(fixtures)/preflib/00002-00000006.soi", "--rule", "minimax"]),
    Case(name: "consent-tenants-panel", arguments: ["\(examples)/consent-tenants-panel.csv", "--rule", "consent"]),
    Case(
      name: "supermajority-youth-fund",
      arguments: ["\(examples)/youth-fund-scores.csv", "--rule", "supermajority", "--option", "share=60%", "--option", "support_from=4"]),
    Case(
      name: "pb-greedy-warszawa-2018",
      arguments: ["\(fixtures)/pabulib/Poland_Warszawa_2018_Niskie_Okecie.pb", "--rule", "pb-greedy"]),
    Case(name: "pb-mes-assen-2024", arguments: ["\(examples)/assen-2024.pb", "--rule", "pb-mes"]),
    Case(name: "pb-mes-decimal-money", arguments: ["\(fixtures)/decimal-money.pb", "--rule", "pb-mes"]),
    Case(
      name: "pb-greedy-decimal-money-budget",
      arguments: ["\(fixtures)/decimal-money.pb", "--rule", "pb-greedy", "--budget", "2000.25"]),
  ]

  /// The four Polish budgets whose equal shares once overflowed 64-bit arithmetic and then ran
  /// for minutes: counted within the default instruction limit (the wall-clock limit is raised
  /// only so that a loaded test machine cannot fail them), JSON only, as each takes seconds in
  /// a debug build.
  static let largeBudgets: [Case] = [
    ("swiecie-2023", "Poland_Swiecie_2023"), ("warszawa-2017-mlynow", "Poland_Warszawa_2017_Mlynow"),
    ("warszawa-2025-rembertow", "Poland_Warszawa_2025_Rembertow"),
    ("wieliczka-2023-green-budget", "Poland_Wieliczka_2023_Green_Budget"),
  ].map { slug, file in
    Case(
      name: "pb-mes-\(slug)",
      arguments: ["\(fixtures)/pabulib/\(file).pb", "--rule", "pb-mes", "--tie-break", "input-order", "--timeout", "600"])
  }

  static let formats = ["text": "txt", "json": "json", "markdown": "md"]

  @Test(arguments: largeBudgets)
  func largeBudgetMatchesGolden(_ tally: Case) throws {
    try checkGolden(tally, format: "json")
  }

  @Test(arguments: cases, ["text", "json", "markdown"])
  func outputMatchesGolden(_ tally: Case, format: String) throws {
    try checkGolden(tally, format: format)
  }

  /// Tallies `tally` in `format` and compares the output with its golden file (or rewrites
  /// it with COPROD_UPDATE_GOLDEN=1).
  private func checkGolden(_ tally: Case, format: String) throws {
    let result = try run(["tally"] + tally.arguments + ["--format", format], in: repositoryRoot.path)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr == "")
    let golden = repositoryRoot.appendingPathComponent(
      "Tests/CoprodCLITests/Golden/\(tally.name).\(Self.formats[format] ?? format)")
    if ProcessInfo.processInfo.environment["COPROD_UPDATE_GOLDEN"] == "1" {
      try Data(result.stdout.utf8).write(to: golden)
      return
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(result.stdout == expected)
  }

  @Test func aRuleIsNamedByNameIdOrFolder() throws {
    let file = "\(Self.examples)/burlington-2006-mayor.toi"
    let outputs = try ["irv", "org.coprod.irv", "plugins/irv", "./plugins/irv/"].map { rule in
      try run(["tally", file, "--rule", rule, "--format", "json"], in: repositoryRoot.path)
    }
    #expect(outputs.allSatisfy { $0.status == 0 })
    #expect(Set(outputs.map(\.stdout)).count == 1)
  }

  @Test func everyBundledRuleHasACase() throws {
    let listed = try run(["plugins", "list", "--json"], in: repositoryRoot.path)
    let plugins = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    let bundledRules = plugins.filter {
      ($0["source"] as? String) == "bundled" && (($0["kinds"] as? [String]) ?? []).contains("voting-rule")
    }
    let names = Set(bundledRules.compactMap { ($0["folder"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } })
    let covered = Set(Self.cases.compactMap { tally in tally.arguments.firstIndex(of: "--rule").map { tally.arguments[$0 + 1] } })
    #expect(names.count == 16)
    #expect(names.subtracting(covered).sorted() == [])
  }
}
