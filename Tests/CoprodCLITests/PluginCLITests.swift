// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// Runs the built `coprod` the way a council officer would.
@Suite("coprod plugins and tally, end to end")
struct PluginCLITests {
  static func temporaryFolder() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.path
  }

  /// Scaffolds plugin `name` of `kind` in `folder` and replaces `old` with `new` in its entry
  /// file; returns the plugin folder.
  static func editedPlugin(
    _ name: String, kind: String = "voting-rule", in folder: String, replacing old: String = "local n = #candidates",
    with new: String
  ) throws -> String {
    _ = try run(["plugins", "new", name, "--kind", kind, "--dir", folder])
    let entry = ["voting-rule": "rule.lua", "session-format": "format.lua", "report": "report.lua"][kind] ?? "rule.lua"
    let file = "\(folder)/\(name)/\(entry)"
    let source = try String(contentsOfFile: file, encoding: .utf8)
    #expect(source.contains(old))
    try source.replacingOccurrences(of: old, with: new).write(toFile: file, atomically: true, encoding: .utf8)
    return "\(folder)/\(name)"
  }

  static let burlington = repositoryRoot.appendingPathComponent("examples/ballots/burlington-2006-mayor.toi").path

  @Test(arguments: ["voting-rule", "session-format", "report"])
  func newPluginPassesCheck(kind: String) throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let created = try run(["plugins", "new", "demo", "--kind", kind, "--dir", folder])
    #expect(created.status == 0)
    let rehearse = kind == "session-format" ? "then rehearse it: coprod run \(folder)/demo --dry-run\n" : ""
    #expect(created.stdout == "created \(folder)/demo\nnext: coprod plugins check \(folder)/demo\ntest it: coprod plugins test \(folder)/demo\n" + rehearse)
    let checked = try run(["plugins", "check", "\(folder)/demo"])
    #expect(checked.status == 0)
    #expect(checked.stdout == "ok \(folder)/demo\n")
    #expect(checked.stderr == "")
  }

  @Test func scaffoldedRuleTalliesARealFileDeterministically() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "borda", "--kind", "voting-rule", "--dir", folder])
    let first = try run(["tally", Self.burlington, "--rule", "\(folder)/borda", "--format", "json"])
    let second = try run(["tally", Self.burlington, "--rule", "\(folder)/borda", "--format", "json"])
    #expect(first.status == 0)
    #expect(first.stdout == second.stdout)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
    #expect(json["winners"] as? [String] == ["3"])
    let input = try #require(json["input"] as? [String: Any])
    #expect(input["ballots"] as? Int == 9788)
    #expect(input["sha256"] as? String == "4c263a9f06c453919421604bafa8c4c7d2e615f14c980ed7de2d90daad1b66ab")
    let rule = try #require(json["rule"] as? [String: Any])
    #expect(rule["id"] as? String == "org.example.borda")
    #expect((rule["sha256"] as? String)?.count == 64)
  }

  @Test func brokenPluginGivesOneLineNamingFileAndLine() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try Self.editedPlugin("broken", in: folder, with: "local n = #election.ballots_list")
    let checked = try run(["plugins", "check", "\(folder)/broken"])
    #expect(checked.status == 1)
    #expect(checked.stdout == "")
    #expect(checked.stderr == "coprod: plugin org.example.broken (rule.lua:15): election has no field 'ballots_list'\n")
  }

  @Test func syntaxErrorInAPluginIsOneLine() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "typo", "--kind", "report", "--dir", folder])
    try "return coprod.report {\n  name = 'x',\n  render = function(data, doc) doc:paragraph('a' end,\n}\n".write(toFile: "\(folder)/typo/report.lua", atomically: true, encoding: .utf8)
    let checked = try run(["plugins", "check", "\(folder)/typo"])
    #expect(checked.status == 1)
    #expect(checked.stderr == "coprod: plugin org.example.typo (report.lua:3): ')' expected near 'end'\n")
  }

  @Test func wrongDefinitionShapeNamesTheField() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try Self.editedPlugin("shape", kind: "session-format", in: folder, replacing: "minutes = 45", with: "minutes = \"45\"")
    let checked = try run(["plugins", "check", "\(folder)/shape"])
    #expect(checked.status == 1)
    #expect(checked.stderr == "coprod: plugin org.example.shape (format.lua:4): coprod.session_format.stages[2].minutes: expected a positive number, got '45'\n")
  }

  @Test func limitsFromTheCommandLineStopARunawayRule() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try Self.editedPlugin("spin", in: folder, with: "local n = #candidates while true do end")
    let result = try run(["tally", Self.burlington, "--rule", "\(folder)/spin", "--max-instructions", "1000000"])
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(result.stderr == "coprod: plugin org.example.spin (rule.lua:15): instruction limit exceeded (1000000 instructions), often a loop that never ends: check the loops near the line named; if the plugin is trusted and needs more, pass --max-instructions (host maximum 200000000000)\n")
    let tooMuch = try run(["tally", Self.burlington, "--rule", "\(folder)/spin", "--max-memory", "64G"])
    #expect(tooMuch.status == 1)
    #expect(tooMuch.stderr == "coprod: --max-memory 64G is above the host maximum of 8G\n")
  }

  @Test func aPathologicalPatternHitsTheTimeLimitLikeAnyCode() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try Self.editedPlugin("regex", in: folder, with: "local n = #candidates string.find(string.rep('a', 40000), string.rep('a*', 40) .. 'b')")
    let result = try run(["tally", Self.burlington, "--rule", "\(folder)/regex", "--timeout", "1"])
    #expect(result.status == 2)
    #expect(result.stderr == "coprod: plugin org.example.regex (rule.lua:15): time limit exceeded (1 s); if the plugin is trusted and needs more, pass --timeout (host maximum 3600)\n")
  }

  @Test func pluginPrintGoesToStandardErrorNotTheResult() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try Self.editedPlugin("chatty", in: folder, with: "local n = #candidates print('counting', n)")
    let result = try run(["tally", Self.burlington, "--rule", "\(folder)/chatty", "--format", "json"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("{"))
    #expect(result.stderr.contains("counting\t6"))
  }

  @Test func aFloodOfPrintIsCutOff() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try Self.editedPlugin("flood", in: folder, with: "local n = #candidates for i = 1, 5000 do print(string.rep('x', 5000)) end")
    let result = try run(["tally", Self.burlington, "--rule", "\(folder)/flood", "--format", "json"])
    #expect(result.status == 0)
    #expect(result.stderr.utf8.count < 1_200_000)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 518)
    #expect(lines.last?.hasSuffix("x… (3000 more characters) [further output from this plugin is dropped: over 1 MiB]") == true)
  }

  @Test func badBallotFileIsAClearError() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = "\(folder)/votes.soi"
    try "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n3: 1,7\n".write(toFile: file, atomically: true, encoding: .utf8)
    _ = try run(["plugins", "new", "rule", "--kind", "voting-rule", "--dir", folder])
    let result = try run(["tally", file, "--rule", "\(folder)/rule"])
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr.hasPrefix("coprod: \(file):4: "))
    #expect(result.stderr.split(separator: "\n").count == 1)
  }

  @Test func outputFileIsWrittenWholeOrNotAtAll() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "rule", "--kind", "voting-rule", "--dir", folder])
    let out = "\(folder)/result.json"
    let good = try run(["tally", Self.burlington, "--rule", "\(folder)/rule", "--format", "json", "--out", out])
    #expect(good.status == 0)
    let written = try String(contentsOfFile: out, encoding: .utf8)
    let failed = try run(["tally", Self.burlington, "--rule", "\(folder)/rule", "--format", "json", "--out", out, "--max-instructions", "10"])
    #expect(failed.status == 2)
    #expect(try String(contentsOfFile: out, encoding: .utf8) == written)
  }

  @Test func unknownRuleSaysWhatIsKnown() throws {
    let result = try run(["tally", Self.burlington, "--rule", "no-such-rule"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("coprod: no voting-rule named 'no-such-rule' ("))
    #expect(result.stderr.hasSuffix("); give a name, a plugin id or a path to a plugin folder (for a plugin folder here, ./no-such-rule)\n"))
  }

  @Test func aMistypedPluginsDirIsAnErrorNotIgnored() throws {
    for arguments in [["plugins", "list"], ["tally", Self.burlington, "--rule", "irv"]] {
      let result = try run(arguments + ["--plugins-dir", "/nonexistent"])
      #expect(result.status == 1)
      #expect(result.stdout == "")
      #expect(result.stderr == "coprod: --plugins-dir /nonexistent: no such folder; give a folder that holds plugin folders\n")
    }
  }

  @Test func listShowsShadowingAndSources() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "tally-summary", "--kind", "report", "--dir", folder, "--id", "org.coprod.tally-summary"])
    let result = try run(["plugins", "list", "--json", "--plugins-dir", folder])
    #expect(result.status == 0)
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    let summaries = rows.filter { $0["id"] as? String == "org.coprod.tally-summary" }
    #expect(summaries.map { $0["source"] as? String } == ["bundled", "plugins-dir"])
    #expect(summaries.map { $0["status"] as? String } == ["shadowed", "used"])
    #expect(summaries[0]["shadowed_by"] as? String == "\(folder)/tally-summary")
  }

  @Test func luaAPIReferenceIsUpToDate() throws {
    let result = try run(["plugins", "api"])
    let committed = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/lua-api.md"), encoding: .utf8)
    #expect(result.stdout == committed, "docs/lua-api.md is stale: regenerate it with `coprod plugins api > docs/lua-api.md`")
  }

  @Test func versionAndHelp() throws {
    #expect(try run(["--version"]).stdout == "0.1.0\n")
    let help = try run(["tally", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("--tie-break <tie-break>"))
  }
}
