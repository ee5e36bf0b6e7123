// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

@Suite("coprod report --format html")
struct ReportHTMLCLITests {
  /// Renders `report` as HTML, expecting success and a page that passes the accessibility checks.
  static func html(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let result = try run(["report"] + arguments + ["--format", "html"])
    #expect(result.status == 0, sourceLocation: sourceLocation)
    #expect(HTMLAccessibility.problems(result.stdout) == [], sourceLocation: sourceLocation)
    return result.stdout
  }

  /// For every chart of numbers (bar, stacked bar, flow): each number drawn in the SVG is a
  /// cell of its table, and for a bar chart each cell of the table is drawn (a number, or
  /// the words that stand for a suppressed one).
  static func chartsMatchTheirTables(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let figures = HTMLAccessibility.parse(html).all.filter { $0.name == "figure" }
    #expect(!figures.isEmpty, sourceLocation: sourceLocation)
    for figure in figures where ["chart chart-bar", "chart chart-stacked-bar", "chart chart-flow"].contains(figure.attributes["class"]) {
      let drawn = figure.all.filter { $0.name == "text" }.map(\.allText)
      let cells = figure.all.filter { $0.name == "td" }.map(\.allText)
      let numbers = Set(drawn.filter { Double($0) != nil })
      #expect(numbers.isSubset(of: Set(cells)), "\(numbers) drawn, table has \(cells)", sourceLocation: sourceLocation)
      if figure.attributes["class"] == "chart chart-bar" {
        #expect(Set(cells).isSubset(of: Set(drawn)), "bar chart: \(cells) in the table, \(drawn) drawn", sourceLocation: sourceLocation)
      }
    }
  }

  @Test func youSaidShowsTheFactsAndKeepsSmallGroupsAndWithdrawnPeopleOut() throws {
    let folder = try ReportCLITests.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let html = try Self.html(["you-said", "--workspace", folder])
    #expect(html.hasPrefix("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"/>"))
    #expect(html.contains("<main id=\"main\"><h1>Repairs</h1><h2>Who took part</h2><p>11 people took part.</p>"))
    #expect(html.contains("<caption id=\"table-1-caption\">People by perspective</caption>"))
    #expect(html.contains("<tr><th scope=\"row\">resident</th><td>7</td></tr>"))
    #expect(html.contains("<tr><th scope=\"row\">carer</th><td>fewer than 5</td></tr>"))
    #expect(html.contains(">fewer than 5</text>"))
    #expect(html.contains("<p>1 contribution(s) are not shown because the person withdrew their consent.</p>"))
    #expect(!html.contains("tenancy review"))
    let head = try run(["log", "--head", "--workspace", folder]).stdout.trimmingCharacters(in: .newlines)
    #expect(html.contains("<li>Workspace state hash: \(head).</li><li>Report plugin: org.coprod.you-said "))
    Self.chartsMatchTheirTables(html)
  }

  @Test func healthDrawsTheLadderVoiceAndCommitments() throws {
    let folder = try ReportCLITests.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let set = try run([
      "consultation", "set", "--question", "Which repairs matter most?", "--purpose", "To set the repairs budget for 2027.",
      "--ladder", "co-design", "--spectrum", "consult", "--workspace", folder,
    ])
    #expect(set.status == 0)
    try ReportCLITests.decideAndFollowThrough(in: folder)
    let html = try Self.html(["health", "--workspace", folder])
    for kind in ["gauge", "stacked-bar", "timeline"] { #expect(html.contains("<figure class=\"chart chart-\(kind)\">"), "\(kind)") }
    #expect(html.contains("<tr><th scope=\"row\">Declared</th><td>6. Co-design</td><td>7</td></tr>"))
    #expect(html.contains("<tr><th scope=\"row\">Promise supports</th><td>4. Consultation</td><td>7</td></tr>"))
    #expect(html.contains("<tr><th scope=\"row\">People</th><td>64</td></tr><tr><th scope=\"row\">Contributions</th><td>80</td></tr>"))
    #expect(html.contains("<tr><th scope=\"row\">Ask the union about evening opening</th><td>2026-02-27</td><td>-</td><td>overdue</td></tr>"))
    #expect(html.contains(">overdue</text>"))
    Self.chartsMatchTheirTables(html)
  }

  @Test func tallySummaryDrawsTheCountRoundByRound() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-html-tally-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let ballots = repositoryRoot.appendingPathComponent("examples/ballots/burlington-2006-mayor.toi").path
    #expect(try run(["tally", ballots, "--rule", "irv", "--format", "json", "--out", "\(folder)/r.json"]).status == 0)
    let html = try Self.html(["tally-summary", "--data", "\(folder)/r.json"])
    #expect(html.contains("<figure class=\"chart chart-flow\">"))
    #expect(html.contains("<caption id=\"table-1-caption\">Votes for each option, round by round</caption>"))
    #expect(html.contains("<tr><th scope=\"row\">Round 1</th><td>121.5</td><td>2609.5</td><td>3811</td><td>3109</td><td>57.5</td><td>79.5</td></tr>"))
    #expect(html.contains("<tr><th scope=\"row\">Round 5</th><td>0</td><td>0</td><td>4765</td><td>3993</td><td>0</td><td>0</td></tr>"))
    #expect(html.contains("<li>Data: \(folder)/r.json (sha256 \(try sha256(ofFile: "\(folder)/r.json"))).</li><li>Report plugin: org.coprod.tally-summary "))
    Self.chartsMatchTheirTables(html)
  }

  @Test func theSameWorkspaceGivesTheSameBytes() throws {
    let folder = try ReportCLITests.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try ReportCLITests.decideAndFollowThrough(in: folder)
    for report in ["you-said", "health"] {
      for format in ["markdown", "html"] {
        let first = try run(["report", report, "--workspace", folder, "--format", format, "--out", "\(folder)/a"])
        let second = try run(["report", report, "--workspace", folder, "--format", format])
        #expect(first.status == 0 && second.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/a")) == Data(second.stdout.utf8), "\(report) \(format)")
      }
    }
  }

  @Test func aCouncilsStylesheetAndLogoAreInlined() throws {
    let folder = try ReportCLITests.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "h1 { color: #0b3d0b; }\n".write(toFile: "\(folder)/council.css", atomically: true, encoding: .utf8)
    try Data([0x89, 0x50, 0x4e, 0x47]).write(to: URL(fileURLWithPath: "\(folder)/logo.png"))
    let html = try Self.html(["you-said", "--workspace", folder, "--stylesheet", "\(folder)/council.css", "--logo", "\(folder)/logo.png"])
    #expect(html.contains("/* the council's stylesheet */\nh1 { color: #0b3d0b; }\n</style>"))
    #expect(html.contains("<header><img alt=\"Logo\" class=\"logo\" src=\"data:image/png;base64,iVBORw==\"/><p class=\"report-name\">We asked, you said</p></header>"))
  }

  @Test func aStylesheetThatFetchesOrBreaksOutIsRefusedAndNothingIsWritten() throws {
    let folder = try ReportCLITests.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "body { background: url(https://example.org/a.png); }".write(toFile: "\(folder)/remote.css", atomically: true, encoding: .utf8)
    try "</style><script>alert(1)</script>".write(toFile: "\(folder)/evil.css", atomically: true, encoding: .utf8)
    try "GIF89a".write(toFile: "\(folder)/logo.bmp", atomically: true, encoding: .utf8)
    let out = "\(folder)/out.html"
    for (arguments, message) in [
      (["--stylesheet", "\(folder)/remote.css"], "\(folder)/remote.css: 'url(https://' would fetch from the network; the report must be self-contained, so use data: URIs or remove it"),
      (["--stylesheet", "\(folder)/evil.css"], "\(folder)/evil.css: contains '</style', which would end the page's stylesheet early; remove it"),
      (["--logo", "\(folder)/logo.bmp"], "\(folder)/logo.bmp: a logo must be a .png, .jpg, .gif, .webp or .svg file"),
      (["--logo", "\(folder)/missing.png"], "\(folder)/missing.png: cannot be read; check the path"),
    ] {
      let result = try run(["report", "you-said", "--workspace", folder, "--format", "html", "--out", out] + arguments)
      #expect(result.status == 1)
      #expect(result.stderr == "coprod: \(message)\n")
      #expect(!FileManager.default.fileExists(atPath: out))
    }
    let markdown = try run(["report", "you-said", "--workspace", folder, "--stylesheet", "\(folder)/remote.css"])
    #expect(markdown.status == 1)
    #expect(markdown.stderr == "coprod: --stylesheet and --logo apply to --format html only\n")
  }

  @Test func chartsSuppressSmallCountsLikeTables() throws {
    let folder = try ReportCLITests.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let chart = """
      local groups, counts = {}, {}
      for _, g in ipairs(data.participation.perspective) do groups[#groups + 1] = g.group; counts[#counts + 1] = g.count or 2 end
      doc:heading(1, "Groups")
      doc:chart { kind = "bar", title = "People", label = "Perspective", categories = groups, series = { { name = "People", values = counts } }%@ }
      """
    let declared = try ReportPrivacyCLITests.writeReport(in: folder, name: "declared", body: chart.replacingOccurrences(of: "%@", with: ", counts = true"))
    let result = try run(["report", declared, "--workspace", folder, "--format", "html"])
    #expect(result.status == 0)
    #expect(result.stderr == "coprod: 4 count(s) below 5 in the report's tables were replaced by 'fewer than 5'\n")
    #expect(result.stdout.contains("<tr><th scope=\"row\">carer</th><td>fewer than 5</td></tr>"))
    #expect(!result.stdout.contains(">2</"))
    let undeclared = try ReportPrivacyCLITests.writeReport(in: folder, name: "undeclared", body: chart.replacingOccurrences(of: "%@", with: ""))
    let refused = try run(["report", undeclared, "--workspace", folder, "--format", "html"])
    #expect(refused.status == 1)
    #expect(refused.stdout == "")
    #expect(
      refused.stderr
        == "coprod: plugin org.test.undeclared (report.lua:5): doc:chart: categories[1] names the group 'carer', which has fewer than 5 people, beside the number 2; coprod does not publish groups that small. Declare that the values count people (counts = true) so coprod suppresses small counts, or leave the group out\n")
  }

  /// A value no chart can draw honestly — not a number, infinite, negative or beyond 2^53
  /// where a Double loses whole units — stops the report with its place, and nothing is
  /// written.
  @Test(arguments: [("0/0", "nan"), ("1/0", "inf"), ("-1", "-1"), ("math.maxinteger", "9223372036854775807"), ("-1e308", "-1e+308")])
  func aChartRefusesValuesItCannotDraw(_ value: String, shown: String) throws {
    let folder = try ReportCLITests.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let report = try ReportPrivacyCLITests.writeReport(
      in: folder, name: "hostile",
      body: "doc:chart { kind = \"bar\", title = \"t\", categories = { \"a\", \"b\" }, series = { { name = \"s\", values = { 3, \(value) } } } }")
    let result = try run(["report", report, "--workspace", folder, "--format", "html", "--out", "\(folder)/out.html"])
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "coprod: plugin org.test.hostile (report.lua:2): doc:chart: series[1].values[2] is \(shown); a chart draws whole or decimal numbers from 0 to 2^53 (9007199254740992)\n")
    #expect(!FileManager.default.fileExists(atPath: "\(folder)/out.html"))
  }
}
