// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// What a plugin author meets, tried as a new user would: `plugins new`, `plugins test`,
/// errors from the sandbox, `--dump-input`, the log and mistyped commands.
@Suite("A plugin author's first hour")
struct PluginAuthorCLITests {
  static func temporaryFolder() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-author-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.path
  }

  static func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(
      atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }

  static func edit(_ path: String, replacing old: String, with new: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains(old))
    try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
  }

  static let smallBallots = repositoryRoot.appendingPathComponent("plugins/irv/tests/fixtures/majority.csv").path

  // MARK: plugins new

  @Test func aNewRuleIsNamedAfterItsNameAndSaysItIsATemplate() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let created = try run(["plugins", "new", "bucklin", "--kind", "voting-rule", "--dir", folder])
    #expect(created.status == 0)
    #expect(created.stdout == "created \(folder)/bucklin\nnext: coprod plugins check \(folder)/bucklin\ntest it: coprod plugins test \(folder)/bucklin\n")
    let manifest = try String(contentsOfFile: "\(folder)/bucklin/plugin.yaml", encoding: .utf8)
    #expect(manifest.contains("name: \"Bucklin\"\n"))
    #expect(manifest.contains("description: \"A template for Bucklin: until rule.lua is changed it counts first preferences only (plurality), one winner per seat.\"\n"))
    let rule = try String(contentsOfFile: "\(folder)/bucklin/rule.lua", encoding: .utf8)
    #expect(rule.hasPrefix("-- Bucklin: a voting rule made by `coprod plugins new bucklin`.\n--\n-- TEMPLATE: this does not count Bucklin yet."))
    #expect(rule.contains("  name = \"Bucklin\",\n"))
    #expect(!rule.contains("Borda"))
    // It counts what it says: first preferences.
    let tally = try run(["tally", Self.smallBallots, "--rule", "\(folder)/bucklin", "--format", "json"])
    #expect(tally.status == 0)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(tally.stdout.utf8)) as? [String: Any])
    #expect(json["winners"] as? [String] == ["A"])
    #expect(try run(["plugins", "check", "\(folder)/bucklin"]).stdout == "ok \(folder)/bucklin\n")
  }

  @Test(arguments: [
    (["--kind", "voting-rule"], "rule_test.lua", ["the candidate with most first preferences wins", "two seats go to the two with most first preferences", "a tie for first place is broken by lot, and recorded"]),
    (["--kind", "report"], "report_test.lua", ["names the winner in plain words", "says so when nothing was chosen"]),
    (["--kind", "report", "--input", "workspace"], "report_test.lua", ["counts the people who took part", "says when nothing has been decided"]),
    (["--kind", "session-format"], "format_test.lua", ["a rehearsal runs every stage in order"]),
    (["--kind", "library"], "demo_test.lua", ["total adds a list of counts", "total is exact past 64 bits"]),
  ])
  func everyScaffoldShipsATestThatPasses(options: [String], file: String, names: [String]) throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(try run(["plugins", "new", "demo", "--dir", folder] + options).status == 0)
    #expect(try run(["plugins", "check", "\(folder)/demo"]).stdout == "ok \(folder)/demo\n")
    let tested = try run(["plugins", "test", "\(folder)/demo"])
    #expect(tested.stderr == "")
    #expect(tested.status == 0)
    #expect(tested.stdout == "org.example.demo 0.1.0\n" + names.map { "  ok     tests/\(file): \($0)\n" }.joined() + "\(names.count) passed, 0 failed, 0 errors\n")
  }

  @Test func aWorkspaceReportRendersInAWorkspace() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let ws = try newWorkspace("author-report")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    #expect(try run(["plugins", "new", "account", "--kind", "report", "--input", "workspace", "--dir", folder]).status == 0)
    let report = try run(["report", "\(folder)/account"], in: ws)
    #expect(report.stderr == "")
    #expect(
      report.stdout
        == "# Repairs\n\n0 people took part. They shared 0 stories and 0 ideas.\n\n## What was decided\n\n- Nothing has been decided yet.\n\n## What was promised\n\n- Nothing has been promised yet.\n"
        + (try reportStamp("account", plugin: "\(folder)/account", workspace: ws)))
  }

  @Test func inputWorkspaceIsOnlyForReports() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let refused = try run(["plugins", "new", "demo", "--kind", "voting-rule", "--input", "workspace", "--dir", folder])
    #expect(refused.status == 1)
    #expect(refused.stderr == "coprod: --input workspace is for reports; leave it out for a voting-rule\n")
    #expect(!FileManager.default.fileExists(atPath: "\(folder)/demo"))
    let tally = try run(["plugins", "new", "demo", "--kind", "session-format", "--input", "tally", "--dir", folder])
    #expect(tally.stderr == "coprod: --input tally is for reports; leave it out for a session-format\n")
    let other = try run(["plugins", "new", "demo", "--kind", "report", "--input", "minutes", "--dir", folder])
    #expect(other.status == 1)
    #expect(other.stderr == "coprod: --input minutes: a report reads tally or workspace\n")
    #expect(!FileManager.default.fileExists(atPath: "\(folder)/demo"))
  }

  // MARK: plugins test

  @Test func aFailingExpectationNamesTheFileAndLine() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "demo", "--kind", "voting-rule", "--dir", folder])
    try Self.edit("\(folder)/demo/tests/rule_test.lua", replacing: "expect.eq(result.winners, { \"Garden\" })", with: "expect.eq(result.winners, { \"Pool\" }, \"winners\")")
    let tested = try run(["plugins", "test", "\(folder)/demo"])
    #expect(tested.status == 1)
    #expect(tested.stderr == "")
    #expect(tested.stdout == """
      org.example.demo 0.1.0
        FAILED tests/rule_test.lua: the candidate with most first preferences wins
               tests/rule_test.lua:8: winners: expected { "Pool" }, got { "Garden" }
        ok     tests/rule_test.lua: two seats go to the two with most first preferences
        ok     tests/rule_test.lua: a tie for first place is broken by lot, and recorded
      2 passed, 1 failed, 0 errors

      """)
  }

  @Test func anErrorInATestIsAnErrorNotAFailure() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "demo", "--kind", "voting-rule", "--dir", folder])
    try Self.write("""
      test("reads a missing field", function()
        local result = fixtures.count("fixtures/small.csv")
        expect.eq(result.rounds[9].tally, {})
      end)

      test("a missing fixture", function()
        fixtures.count("fixtures/none.csv")
      end)

      test("near and error", function()
        expect.near(0.1 + 0.2, 0.3)
        expect.error(function() error("no ballots") end, "no ballots")
        expect.error(function() end)
      end)

      """, to: "\(folder)/demo/tests/more_test.lua")
    try Self.write("test(\"broken\", function() end\n", to: "\(folder)/demo/tests/zz_test.lua")
    let tested = try run(["plugins", "test", "\(folder)/demo"])
    #expect(tested.status == 1)
    #expect(tested.stdout == """
      org.example.demo 0.1.0
        ERROR  tests/more_test.lua: reads a missing field
               tests/more_test.lua:3: attempt to index a nil value (field 'integer index')
        ERROR  tests/more_test.lua: a missing fixture
               tests/more_test.lua:7: fixtures.count: no file tests/fixtures/none.csv in the plugin folder
        FAILED tests/more_test.lua: near and error
               tests/more_test.lua:13: expected an error, but there was none
        ok     tests/rule_test.lua: the candidate with most first preferences wins
        ok     tests/rule_test.lua: two seats go to the two with most first preferences
        ok     tests/rule_test.lua: a tie for first place is broken by lot, and recorded
        ERROR  tests/zz_test.lua did not run
               plugin org.example.demo (tests/zz_test.lua:2): ')' expected (to close '(' at line 1) near <eof>
      3 passed, 1 failed, 3 errors

      """)
  }

  @Test func aRehearsalTakesTheFormatsSettingsAndRefusesUnknownOnes() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "demo", "--kind", "session-format", "--dir", folder])
    try Self.write("""
      test("an unknown option", function() fixtures.rehearse { people = 4, colour = "red" } end)
      test("an unknown setting", function() fixtures.rehearse { people = 4, settings = { pot = 3 } } end)
      test("too few people", function() fixtures.rehearse { people = 0 } end)

      """, to: "\(folder)/demo/tests/zz_test.lua")
    let tested = try run(["plugins", "test", "\(folder)/demo"])
    #expect(tested.status == 1)
    #expect(tested.stdout.hasSuffix("""
        ERROR  tests/zz_test.lua: an unknown option
               tests/zz_test.lua:1: fixtures.rehearse: unknown option 'colour'; use people, seed or settings
        ERROR  tests/zz_test.lua: an unknown setting
               tests/zz_test.lua:2: fixtures.rehearse: settings.pot: Demo has no setting 'pot' (it has no settings)
        ERROR  tests/zz_test.lua: too few people
               tests/zz_test.lua:3: fixtures.rehearse: people must be from 1 to 10000
      1 passed, 0 failed, 3 errors

      """))
  }

  @Test func aPluginWithoutTestsFails() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "demo", "--kind", "voting-rule", "--dir", folder])
    try FileManager.default.removeItem(atPath: "\(folder)/demo/tests")
    let tested = try run(["plugins", "test", "\(folder)/demo"])
    #expect(tested.status == 1)
    #expect(tested.stdout == "org.example.demo 0.1.0\n  ERROR  no tests: add tests/*.lua to the plugin folder (see docs/plugin-guide.md § Testing a plugin)\n0 passed, 0 failed, 1 error\n")
    let nothing = try run(["plugins", "test"])
    #expect(nothing.status == 1)
    #expect(nothing.stderr == "coprod: give plugin folders or ids to test, or --bundled for every bundled plugin\n")
  }

  static let bundled = ((try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("plugins").path)) ?? [])
    .filter { !$0.hasPrefix(".") }.sorted()

  @Test(arguments: bundled)
  func everyBundledPluginPassesItsOwnTests(name: String) throws {
    let tested = try run(["plugins", "test", repositoryRoot.appendingPathComponent("plugins/\(name)").path])
    #expect(tested.stderr == "")
    #expect(tested.status == 0, "\(tested.stdout)")
    let last = tested.stdout.split(separator: "\n").last.map(String.init) ?? ""
    #expect(last.hasSuffix(" passed, 0 failed, 0 errors"))
    #expect(!last.hasPrefix("0 passed"))
  }

  @Test func pluginsTestTakesAnIdOrAName() throws {
    let byID = try run(["plugins", "test", "org.coprod.plurality"])
    let byName = try run(["plugins", "test", "plurality"])
    #expect(byID.status == 0)
    #expect(byID.stdout == byName.stdout)
    #expect(byID.stdout.hasPrefix("org.coprod.plurality "))
  }

  // MARK: Finding a plugin

  @Test func aRuleInTheCurrentFolderIsFoundByItsName() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "bucklin", "--kind", "voting-rule", "--dir", folder])
    let here = try run(["tally", Self.smallBallots, "--rule", "bucklin", "--format", "json"], in: folder)
    #expect(here.stderr == "")
    #expect(here.status == 0)
    let elsewhere = try run(["tally", Self.smallBallots, "--rule", "bucklin"], in: FileManager.default.temporaryDirectory.path)
    #expect(elsewhere.status == 1)
    #expect(elsewhere.stderr.hasSuffix("; give a name, a plugin id or a path to a plugin folder (for a plugin folder here, ./bucklin)\n"))
  }

  // MARK: Errors a plugin author meets

  @Test func anErrorInALibraryFileShowsThePluginsFrames() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "lib", "--kind", "voting-rule", "--dir", folder])
    try Self.write("""
      local M = {}

      function M.total(votes)
        local sum = 0
        for _, v in pairs(votes) do sum = sum + v.count end
        return sum
      end

      return M

      """, to: "\(folder)/lib/helpers.lua")
    try Self.edit("\(folder)/lib/rule.lua", replacing: "    local n = #candidates\n", with: "    local n = #candidates\n    require(\"helpers\").total({ 1 })\n")
    let result = try run(["tally", Self.smallBallots, "--rule", "\(folder)/lib"])
    #expect(result.status == 1)
    #expect(result.stderr == """
      coprod: plugin org.example.lib (helpers.lua:5): attempt to index a number value (local 'v')
        Lua traceback, innermost first:
          helpers.lua:5: in function 'total'
          rule.lua:16: in a function defined at line 13

      """)
  }

  @Test func anErrorInTheEntryFileStaysOneLine() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "one", "--kind", "voting-rule", "--dir", folder])
    try Self.edit("\(folder)/one/rule.lua", replacing: "    local n = #candidates\n", with: "    local n = #candidates.x\n")
    let result = try run(["tally", Self.smallBallots, "--rule", "\(folder)/one"])
    #expect(result.stderr == "coprod: plugin org.example.one (rule.lua:15): attempt to get length of a nil value (field 'x')\n")
  }

  @Test func readingIoSaysItIsNotInTheSandbox() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "files", "--kind", "voting-rule", "--dir", folder])
    try Self.edit("\(folder)/files/rule.lua", replacing: "    local n = #candidates\n", with: "    local n = #candidates\n    io.write(\"hello\")\n")
    let result = try run(["plugins", "check", "\(folder)/files"])
    #expect(result.status == 1)
    #expect(result.stderr == "coprod: plugin org.example.files (rule.lua:16): io is not available in the sandbox: plugins cannot read or write files (reports write through doc, rules through count)\n")
  }

  @Test func checkFailsARuleThatNeverElectsAnyone() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "shy", "--kind", "voting-rule", "--dir", folder])
    try Self.edit("\(folder)/shy/rule.lua", replacing: "      count:elect(winner,", with: "      local _ = (winner,")
    try Self.edit("\(folder)/shy/rule.lua", replacing: "      local _ = (winner, \"most first preferences (\" .. string.format(\"%g\", top) .. \")\")", with: "      local _ = winner")
    let result = try run(["plugins", "check", "\(folder)/shy"])
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr == "coprod: plugin org.example.shy (rule.lua): elected no one in a small built-in election (3 candidates, 9 ranked ballots, 1 seat); a rule must choose at least one candidate with count:elect\n")
  }

  @Test func printShowsTablesReadably() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "talk", "--kind", "voting-rule", "--dir", folder])
    try Self.edit(
      "\(folder)/talk/rule.lua", replacing: "    count:round {",
      with: "    print(\"votes\", votes, { list = { \"x\", 'say \"hi\"' }, [10] = true, nested = { deeper = { 1, 2 } } })\n    count:round {")
    let result = try run(["tally", Self.smallBallots, "--rule", "\(folder)/talk", "--format", "json"])
    #expect(result.status == 0)
    #expect(result.stderr.hasSuffix("votes\t{ A = 4, B = 3, C = 2 }\t{\n  [10] = true,\n  list = { \"x\", \"say \\\"hi\\\"\" },\n  nested = { deeper = { 1, 2 } }\n}\n"))
  }

  // MARK: --dump-input

  @Test func dumpInputShowsExactlyWhatAReportReceives() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Self.write(#"{"winners": ["B"], "rounds": [{"number": 1, "tally": {"A": 4, "B": 5.5}}], "rule": {"name": "x/y"}, "empty": {}}"#, to: "\(folder)/result.json")
    let dumped = try run(["report", "tally-summary", "--data", "\(folder)/result.json", "--dump-input"])
    #expect(dumped.status == 0)
    #expect(dumped.stderr == "")
    #expect(dumped.stdout == """
      {
        "empty": {},
        "rounds": [
          {
            "number": 1,
            "tally": {
              "A": 4,
              "B": 5.5
            }
          }
        ],
        "rule": {
          "name": "x/y"
        },
        "winners": [
          "B"
        ]
      }

      """)
  }

  @Test func dumpInputShowsExactlyWhatARuleReceives() throws {
    let tie = repositoryRoot.appendingPathComponent("plugins/irv/tests/fixtures/tie.csv").path
    let dumped = try run(["tally", tie, "--rule", "irv", "--dump-input"])
    #expect(dumped.status == 0)
    #expect(dumped.stderr == "")
    #expect(dumped.stdout == """
      {
        "ballots": [
          {
            "count": 2,
            "ranking": [
              [
                "A"
              ],
              [
                "B"
              ]
            ]
          },
          {
            "count": 2,
            "ranking": [
              [
                "B"
              ],
              [
                "A"
              ]
            ]
          }
        ],
        "candidates": [
          "A",
          "B"
        ],
        "costs": {},
        "kind": "ranked",
        "metadata": {
          "candidates": "A,B"
        },
        "money_decimals": 0,
        "names": {
          "A": "A",
          "B": "B"
        },
        "seats": 1,
        "settings": {},
        "voters": 4
      }

      """)
  }

  @Test func dumpInputShowsAWorkspaceView() throws {
    let ws = try newWorkspace("author-dump")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let dumped = try run(["report", "you-said", "--dump-input"], in: ws)
    #expect(dumped.status == 0)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(dumped.stdout.utf8)) as? [String: Any])
    // People only as counts: no participant list without --grant participants.
    #expect(json.keys.sorted() == ["commitments", "consultation", "contributions", "decisions", "feedback", "minimum_group_size", "participation", "people", "provenance", "sessions", "settings", "state_hash", "voice", "withheld"])
  }

  // MARK: Mistyped commands

  @Test(arguments: [
    (["plugins", "tset"], "coprod: 'tset' is not a command of coprod plugins; did you mean 'coprod plugins test'? (see coprod plugins --help)\n"),
    (["tallly", "x.csv"], "coprod: 'tallly' is not a command of coprod; did you mean 'coprod tally'? (see coprod --help)\n"),
  ])
  func anUnknownCommandSuggestsTheNearestOne(arguments: [String], stderr: String) throws {
    let result = try run(arguments)
    #expect(result.status == 64)
    #expect(result.stdout == "")
    #expect(result.stderr == stderr)
  }

  @Test func anUnknownCommandWithNothingCloseListsTheCommands() throws {
    let result = try run(["plugins", "zzz"])
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("coprod: 'zzz' is not a command of coprod plugins; the commands are: list, info, check, new, "))
    #expect(result.stderr.hasSuffix(" (see coprod plugins --help)\n"))
    #expect(result.stderr.contains(", test, "))
  }
}
