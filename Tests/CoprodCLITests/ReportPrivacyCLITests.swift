// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// What the host enforces on report plugins: people only as counts unless granted, no author
/// for anonymous contributions, no small group in a table, and a plugin that replaces
/// another by reusing its id announced every time.
@Suite("Privacy the host enforces, end to end")
struct ReportPrivacyCLITests {
  /// Writes a report plugin `name` asking for `permissions`, whose `render` body is `body`.
  static func writeReport(in folder: String, name: String, permissions: String = "", body: String) throws -> String {
    let plugin = "\(folder)/\(name)"
    try FileManager.default.createDirectory(atPath: plugin, withIntermediateDirectories: true)
    try """
      id: org.test.\(name)
      name: \(name)
      version: 1.0.0
      description: A test report.
      authors: [Tests]
      license: MIT
      api_version: 1
      provides: [{ kind: report, name: \(name), entry: report.lua }]
      permissions: [\(permissions)]
      """.write(toFile: "\(plugin)/plugin.yaml", atomically: true, encoding: .utf8)
    try "return coprod.report { name = \"\(name)\", input = \"workspace\", render = function(data, doc)\n\(body)\nend }\n"
      .write(toFile: "\(plugin)/report.lua", atomically: true, encoding: .utf8)
    return plugin
  }

  /// Says what the plugin can see of people.
  static let census = """
    local authors = 0
    for _, c in ipairs(data.contributions) do if c.author then authors = authors + 1 end end
    doc:paragraph(data.people .. " people, " .. (data.participants and #data.participants or "no") .. " listed, " .. authors .. " authors, gini " .. string.format("%.2f", data.voice.gini))
    """

  @Test func withoutTheGrantAReportSeesCountsNotPeople() throws {
    let folder = try ReportCLITests.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let plugin = try Self.writeReport(in: folder, name: "census", permissions: "participants", body: Self.census)
    let counts = try run(["report", plugin, "--workspace", folder])
    #expect(counts.status == 0)
    #expect(counts.stdout == "11 people, no listed, 0 authors, gini 0.55\n" + (try reportStamp("census", plugin: plugin, workspace: folder)))
    #expect(counts.stderr == "coprod: plugin org.test.census asks for participants; not granted, so it runs without it (pass --grant participants to allow)\n")
    // With the grant: everyone by pseudonymous id, and the authors of the three contributions
    // not marked anonymous (s001, s004, s005); s002 and i001 are anonymous and stay so.
    let people = try run(["report", plugin, "--workspace", folder, "--grant", "participants"])
    #expect(people.status == 0)
    #expect(people.stdout == "11 people, 11 listed, 3 authors, gini 0.55\n" + (try reportStamp("census", plugin: plugin, workspace: folder)))
    #expect(people.stderr == "")
  }

  @Test func anonymousContributionsNeverCarryTheirAuthor() throws {
    let folder = try ReportCLITests.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let plugin = try Self.writeReport(
      in: folder, name: "authors", permissions: "participants, personal-data",
      body: """
        local lines = {}
        for _, c in ipairs(data.contributions) do lines[#lines + 1] = c.id .. " " .. c.anonymity .. " " .. (c.author or "-") end
        doc:list(lines)
        """)
    let result = try run(["report", plugin, "--workspace", folder, "--grant", "participants", "--grant", "personal-data"])
    #expect(result.status == 0)
    #expect(result.stdout == """
      - i001 anonymous -
      - s001 first-name p001
      - s002 anonymous -
      - s004 perspective p007
      - s005 first-name p005

      """ + (try reportStamp("authors", plugin: plugin, workspace: folder)))
  }

  /// Counts people per perspective from the participant list, as a careless plugin would.
  static func perspectiveTable(declared: Bool) -> String {
    """
    local counts, order = {}, {}
    for _, p in ipairs(data.participants) do
      for _, perspective in ipairs(p.perspectives) do
        if not counts[perspective] then counts[perspective] = 0; order[#order + 1] = perspective end
        counts[perspective] = counts[perspective] + 1
      end
    end
    table.sort(order)
    local rows = {}
    for _, perspective in ipairs(order) do rows[#rows + 1] = { perspective, counts[perspective] } end
    doc:table { columns = { "Perspective", "People" }, rows = rows\(declared ? ", counts = { \"People\" }" : "") }
    """
  }

  @Test func aTableThatNamesASmallGroupIsRefused() throws {
    let folder = try ReportCLITests.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let plugin = try Self.writeReport(in: folder, name: "careless", permissions: "participants", body: Self.perspectiveTable(declared: false))
    let result = try run(["report", plugin, "--workspace", folder, "--grant", "participants"])
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == "coprod: plugin org.test.careless (report.lua:12): doc:table: rows[1] names the group 'carer', which has fewer than 5 people, beside the number 2; coprod does not publish groups that small. Declare the columns that count people (counts = { \"COLUMN\" }) so coprod suppresses small counts, or leave the group out\n")
  }

  @Test func declaredCountsBelowTheThresholdAreSuppressed() throws {
    let folder = try ReportCLITests.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let plugin = try Self.writeReport(in: folder, name: "declared", permissions: "participants", body: Self.perspectiveTable(declared: true))
    let result = try run(["report", plugin, "--workspace", folder, "--grant", "participants"])
    #expect(result.status == 0)
    #expect(result.stdout == """
      | Perspective | People |
      | --- | --- |
      | carer | fewer than 5 |
      | lived-experience | fewer than 5 |
      | partner | fewer than 5 |
      | resident | 7 |
      | staff | fewer than 5 |

      """ + (try reportStamp("declared", plugin: plugin, workspace: folder)))
    #expect(result.stderr == "coprod: 4 count(s) below 5 in the report's tables were replaced by 'fewer than 5'\n")
  }

  /// A workspace whose `plugins/irv` is a copy of the bundled IRV rule under the same id.
  static func shadowingWorkspace() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-shadow-\(UUID().uuidString)").path
    #expect(try run(["init", folder, "--name", "Shadow"]).status == 0)
    try FileManager.default.createDirectory(atPath: "\(folder)/plugins", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: repositoryRoot.appendingPathComponent("plugins/irv").path, toPath: "\(folder)/plugins/irv")
    try FileManager.default.copyItem(
      atPath: repositoryRoot.appendingPathComponent("plugins/you-said").path, toPath: "\(folder)/plugins/you-said")
    return folder
  }

  @Test func aPluginThatReusesABundledIdIsAnnouncedOnEveryUseAndInEveryResult() throws {
    let folder = try Self.shadowingWorkspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let ballots = repositoryRoot.appendingPathComponent("examples/ballots/burlington-2006-mayor.toi").path
    let irvVersion = try #require(
      try String(contentsOfFile: "\(folder)/plugins/irv/plugin.yaml", encoding: .utf8).split(separator: "\n")
        .first { $0.hasPrefix("version: ") }?.dropFirst("version: ".count))
    let notice = "plugin org.coprod.irv \(irvVersion) from \(folder)/plugins/irv (workspace) replaces the bundled plugin with the same id (\(irvVersion), \(repositoryRoot.path)/plugins/irv)"
    for format in ["text", "json"] {
      let tally = try run(["tally", ballots, "--rule", "irv", "--format", format], in: folder)
      #expect(tally.status == 0)
      #expect(tally.stderr == "coprod: warning: \(notice)\n")
      #expect(tally.stdout.contains(format == "json" ? "\"shadows\" : \"\(notice)\"" : "Warning: \(notice)\n"))
    }
    let report = try run(["report", "you-said"], in: folder)
    #expect(report.status == 0)
    #expect(report.stderr.hasPrefix("coprod: warning: plugin org.coprod.you-said "))
    #expect(report.stderr.contains(" (workspace) replaces the bundled plugin with the same id "))
    #expect(
      report.stdout.hasSuffix(
        ".\n\nWarning: \(report.stderr.dropFirst("coprod: warning: ".count).dropLast()).\n"
          + (try reportStamp("you-said", plugin: "\(folder)/plugins/you-said", workspace: folder))))
    try FileManager.default.copyItem(
      atPath: repositoryRoot.appendingPathComponent("plugins/story-circle").path, toPath: "\(folder)/plugins/story-circle")
    let rehearsal = try run(["run", "story-circle", "--dry-run"], in: folder)
    #expect(rehearsal.status == 0)
    #expect(rehearsal.stderr.hasPrefix("coprod: warning: plugin org.coprod.story-circle "))
    #expect(rehearsal.stderr.hasSuffix("/plugins/story-circle)\n"))
    // The bundled rule, used where nothing shadows it, says nothing.
    let plain = try run(["tally", ballots, "--rule", "irv"])
    #expect(plain.stderr == "")
    #expect(!plain.stdout.contains("Warning"))
  }
}
