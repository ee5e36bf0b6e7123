// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// `coprod report --lang`, the decision-record and open-data reports and `--out DIR`, end to
/// end on a scripted workspace.
@Suite("Reports in Welsh and English, decision records and open data")
struct ReportLanguageCLITests {
  /// The example participants and stories (p004 withdrew consent), a consultation, a decision
  /// counted from the tenants' panel ballots (d1) and a commitment that follows from it.
  static func workspace() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-lang-\(UUID().uuidString)").path
    let examples = repositoryRoot.appendingPathComponent("examples").path
    for arguments in [
      ["init", folder, "--name", "Repairs"],
      [
        "consultation", "set", "--question", "How should repairs be put right?", "--purpose", "To agree standards.",
        "--ladder", "co-design", "--spectrum", "consult", "--opens", "2026-03-02", "--closes", "2026-05-24",
      ],
      ["participants", "import", "\(examples)/workspace/participants.csv"],
      ["contributions", "import", "\(examples)/workspace/stories.csv"],
      ["consent", "withdraw", "p004"],
      ["tally", "\(examples)/ballots/consent-tenants-panel.csv", "--rule", "consent", "--format", "json", "--out", "panel.json"],
      [
        "decisions", "record", "--tally", "panel.json", "--outcome", "partly-accepted", "--decided-by", "Tenants' panel",
        "--rationale", "Two proposals passed with no reasoned objection", "--reasons", "Later opening needs the union's agreement",
        "--date", "2026-06-10",
      ],
      ["commitments", "add", "Answer the phone in Welsh", "--owner", "Customer services", "--due", "2026-09-30", "--decision", "d1"],
    ] {
      let result = try run(arguments, in: arguments[0] == "init" ? nil : folder)
      guard result.status == 0 else { throw CocoaError(.featureUnsupported, userInfo: ["step": arguments, "stderr": result.stderr]) }
    }
    return folder
  }

  // MARK: Languages

  @Test func welshUsesWelshTextsDatesAndSuppression() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let welsh = try ok(["report", "you-said", "--lang", "cy"], in: ws)
    #expect(welsh.hasPrefix("# Repairs\n\n## Gofynnon ni\n\nHow should repairs be put right?\n\nTo agree standards.\n\nFaint o lais sydd gennych: ymgynghori. "))
    #expect(welsh.contains("## Pwy gymerodd ran\n\nCymerodd 11 o bobl ran.\n\n**Pobl yn ôl safbwynt**\n\n| Safbwynt | Pobl |\n| --- | --- |\n| gofalwr | llai na 5 |\n"))
    #expect(welsh.contains("| preswylydd | 7 |\n"))
    #expect(welsh.contains("Penderfynodd Tenants' panel ar 10 Mehefin 2026: Later opening hours, Welsh-language phone line. Canlyniad: derbyniwyd yn rhannol."))
    #expect(welsh.contains("| Answer the phone in Welsh | Customer services | 30 Medi 2026 | wedi'i gynllunio | - | - |"))
    #expect(welsh.contains("Nid yw 1 cyfraniad yn cael ei ddangos am fod y person wedi tynnu ei gydsyniad yn ôl."))
    // The withdrawn person's story is in the stories file but never in a report.
    #expect(!welsh.contains("I couldn't read the letter about my tenancy review"))
    // The HTML page is Welsh throughout: its language, the skip link, the footer and the
    // chart's description and table.
    let page = try ok(["report", "you-said", "--lang", "cy", "--format", "html"], in: ws)
    #expect(page.contains("<html lang=\"cy\">"))
    #expect(page.contains(">Neidio i&#39;r adroddiad</a>"))
    #expect(page.contains("<h2>Am yr adroddiad hwn</h2>"))
    #expect(page.contains("Siart bar. Mae&#39;r un rhifau yn y tabl sy&#39;n dilyn."))
    #expect(page.contains("Hash cyflwr y gofod gwaith: "))
    #expect(!page.contains("Skip to the report"))
    #expect(page.contains("<p class=\"report-name\">Gofynnon ni, dywedoch chi</p>"))
    let health = try ok(["report", "health", "--lang", "cy"], in: ws)
    #expect(health.contains("| Uniondeb yr ysgol | 1 rhybudd (gweler isod) |"))
    #expect(health.contains("- mae'r ris a ddatganwyd, cyd-ddylunio, yn \"gwneud gyda phobl\", ond dim ond â ris ymgynghori (\"gwneud ar ran pobl\") y mae'r addewid a wnaed, ymgynghori, yn cyfateb."))
  }

  @Test func bilingualPutsWelshFirstInEveryBlock() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let both = try ok(["report", "you-said", "--lang", "cy+en"], in: ws)
    #expect(both.hasPrefix("# Repairs\n\n## Gofynnon ni / We asked\n\nHow should repairs be put right?\n\nTo agree standards.\n\nFaint o lais sydd gennych: ymgynghori. Byddwn yn gwrando arnoch ac yn dweud wrthych sut y dylanwadodd eich barn ar y penderfyniad.\n\nHow much say you have: consult. We will listen to you and tell you how your views influenced the decision.\n\n## Pwy gymerodd ran / Who took part\n\nCymerodd 11 o bobl ran.\n\n11 people took part.\n"))
    #expect(both.contains("| staff | llai na 5 |\n\n**People by perspective**\n\n| Perspective | People |"))
    #expect(try ok(["report", "you-said", "--lang", "cy+en"], in: ws) == both)
  }

  @Test func englishIsTheDefaultAndUnchanged() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    #expect(try ok(["report", "you-said", "--lang", "en"], in: ws) == (try ok(["report", "you-said"], in: ws)))
    #expect(try ok(["report", "you-said"], in: ws).contains("Tenants' panel decided on 2026-06-10: Later opening hours, Welsh-language phone line. Outcome: partly accepted."))
  }

  @Test func aMissingTextFallsBackToEnglishWithANote() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-i18n-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: "\(folder)/plugin/i18n", withIntermediateDirectories: true)
    try """
      id: org.test.greeting
      name: Greeting
      version: 1.0.0
      description: Greets.
      authors: [Tests]
      license: MIT
      api_version: 1
      provides: [{ kind: report, name: greeting, entry: report.lua }]
      translations: i18n
      """.write(toFile: "\(folder)/plugin/plugin.yaml", atomically: true, encoding: .utf8)
    try #"return coprod.report { name = "Greeting", input = "tally", render = function(data, doc) doc:heading(1, doc:t("hello")); doc:paragraph(doc:t("bye", { who = data.who })); doc:paragraph(doc:t("nowhere")) end }"#
      .write(toFile: "\(folder)/plugin/report.lua", atomically: true, encoding: .utf8)
    try "hello: Hello\nbye: \"Goodbye, {who}\"\n".write(toFile: "\(folder)/plugin/i18n/en.yaml", atomically: true, encoding: .utf8)
    try "hello: Helo\n".write(toFile: "\(folder)/plugin/i18n/cy.yaml", atomically: true, encoding: .utf8)
    try #"{"who": "Ceri"}"#.write(toFile: "\(folder)/data.json", atomically: true, encoding: .utf8)
    let result = try run(["report", "\(folder)/plugin", "--data", "\(folder)/data.json", "--lang", "cy"])
    #expect(result.status == 0)
    // coprod's own words around the blocks (the stamp) are Welsh too.
    #expect(result.stdout.hasPrefix("# Helo\n\nGoodbye, Ceri\n\nnowhere\n\n---\n\nLluniwyd gyda `coprod report greeting`:\n\n- Data: \(folder)/data.json (sha256 "))
    #expect(result.stdout.contains(").\n- Ategyn adroddiad: org.test.greeting 1.0.0 (sha256 "))
    #expect(result.stderr == """
      coprod: no cy text for 'bye' in plugin org.test.greeting's i18n files; English used
      coprod: no text for 'nowhere' in plugin org.test.greeting's i18n files, not even in English; the key is shown instead

      """)
    let irish = try run(["report", "\(folder)/plugin", "--data", "\(folder)/data.json", "--lang", "ga"])
    #expect(irish.status == 0)
    #expect(irish.stdout.hasPrefix("# Hello\n\nGoodbye, Ceri\n\nnowhere\n\n---\n\nMade with `coprod report greeting`:\n"))
    #expect(irish.stderr == """
      coprod: plugin org.test.greeting has no ga texts (i18n/ga.yaml); English used
      coprod: coprod's own texts (dates, suppression, the ladder and spectrum) are not in ga; English used
      coprod: no text for 'nowhere' in plugin org.test.greeting's i18n files, not even in English; the key is shown instead

      """)
  }

  @Test func aBadLanguageIsRefused() throws {
    let result = try run(["report", "tally-summary", "--data", "x.json", "--lang", "cy+cy"])
    #expect(result.status == 1)
    #expect(result.stderr == "coprod: --lang cy+cy: the two languages must differ (e.g. cy+en)\n")
    let welshly = try run(["report", "tally-summary", "--data", "x.json", "--lang", "Cymraeg"])
    #expect(welshly.stderr == "coprod: --lang Cymraeg: give a language code (en, cy) or two joined by + with the first written first (cy+en)\n")
  }

  // MARK: decision-record

  @Test func decisionRecordSetsOutOneDecisionExactly() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let text = try ok(["report", "decision-record", "--option", "decision=d1"], in: ws)
    let rule = try #require(text.split(separator: "\n").first { $0.hasPrefix("| voting rule | org.coprod.consent |") })
    let decisionHash = try #require(text.split(separator: "\n").first { $0.hasPrefix("The decision was recorded at workspace state hash ") })
    let expected = """
      # Decision record d1: Repairs

      A record of one decision for a committee paper: what was chosen, who decided and why, how the votes were counted, and where the choice came from. People are shown only as counts; groups too small to stay anonymous are not shown.

      | Item | Record |
      | --- | --- |
      | Decision | d1 |
      | Chosen | Later opening hours; Welsh-language phone line |
      | Decided by | Tenants' panel |
      | Date | 10 June 2026 |
      | Session (stage) | - |
      | Outcome | partly accepted |
      | Voting rule | org.coprod.consent 1.1.0 |

      ## Who decided and why

      Decided by: Tenants' panel.

      ### Why

      Two proposals passed with no reasoned objection

      ### Why not all of it

      Later opening needs the union's agreement

      ## The count, round by round
      """
    #expect(text.hasPrefix(expected + "\n"))
    #expect(text.contains("### Ties\n\nTies are not recorded with this decision"))
    #expect(text.contains("## Where the choice came from\n\nNo contributions are linked to what was chosen"))
    #expect(rule.hasSuffix(" | none recorded (bundled or local) |"))
    #expect(decisionHash.count == "The decision was recorded at workspace state hash .".count + 64)
    #expect(text.hasSuffix(try reportFooter(ws, report: "decision-record")))
    #expect(try ok(["report", "decision-record"], in: ws) == text)  // latest is d1
    let unknown = try run(["report", "decision-record", "--option", "decision=d9"], in: ws)
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("no decision 'd9' in this workspace (decisions: d1); see coprod decisions list"))
  }

  // MARK: open-data

  @Test func openDataWritesAFolderWhoseMetadataMatchesItsFiles() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let refused = try run(["report", "open-data"], in: ws)
    #expect(refused.status == 1)
    #expect(refused.stderr == "coprod: report open-data writes 8 files (index.md, contributions.csv, participation.csv, decisions.csv, commitments.csv, feedback.csv, open-data.json, csv-metadata.json); give --out DIR to write them into a folder\n")
    let wrote = try ok(["report", "open-data", "--out", "data"], in: ws)
    #expect(wrote == "Wrote 8 files to data: index.md, contributions.csv, participation.csv, decisions.csv, commitments.csv, feedback.csv, open-data.json, csv-metadata.json\n")
    let folder = URL(fileURLWithPath: ws).appendingPathComponent("data")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
      "commitments.csv", "contributions.csv", "csv-metadata.json", "decisions.csv", "feedback.csv", "index.md", "open-data.json", "participation.csv",
    ])
    let metadata = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("csv-metadata.json"))) as? [String: Any]
    let tables = try #require(metadata?["tables"] as? [[String: Any]])
    #expect(tables.count == 5)
    let head = try run(["log", "--head"], in: ws).stdout.trimmingCharacters(in: .newlines)
    #expect(metadata?["dc:source"] as? String == "coprod workspace state \(head)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("open-data.json"))) as? [String: Any])
    #expect(json["state_hash"] as? String == head)
    // An empty table is written as {} (Lua cannot tell an empty list from an empty record).
    let jsonTables = try #require(json["tables"] as? [String: Any]).mapValues { $0 as? [[String: Any]] ?? [] }
    for table in tables {
      let url = try #require(table["url"] as? String)
      let columns = try #require((table["tableSchema"] as? [String: Any])?["columns"] as? [[String: Any]]).compactMap { $0["name"] as? String }
      let csv = try String(contentsOf: folder.appendingPathComponent(url), encoding: .utf8)
      let lines = csv.components(separatedBy: "\r\n").dropLast()
      #expect(lines.first == columns.joined(separator: ","), "\(url): header matches the metadata")
      let name = String(url.dropLast(".csv".count))
      #expect(jsonTables[name]?.count == lines.count - 1, "\(name): the JSON has the CSV's rows")
      for row in jsonTables[name] ?? [] { #expect(Set(row.keys).isSubset(of: Set(columns)), "\(name): JSON keys are columns") }
    }
    let contributions = try String(contentsOf: folder.appendingPathComponent("contributions.csv"), encoding: .utf8)
    #expect(!contributions.contains("s003"), "withdrawn consent")
    #expect(contributions.contains("\r\ns004,story,The hearing loop at the housing office has been broken for a year.,\r\n"))
    #expect(!contributions.contains("p0"), "no participant ids")
    #expect(try String(contentsOf: folder.appendingPathComponent("participation.csv"), encoding: .utf8) == "grouping,group,people\r\nperspective,resident,7\r\nlanguage,en,7\r\n")
    // Again: the same bytes, and the folder replaced whole.
    let before = try Data(contentsOf: folder.appendingPathComponent("csv-metadata.json"))
    _ = try ok(["report", "open-data", "--out", "data"], in: ws)
    #expect(try Data(contentsOf: folder.appendingPathComponent("csv-metadata.json")) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: ws).filter { $0.hasPrefix(".data.") } == [])
  }

  @Test func openDataIntoAFileIsRefusedAndWritesNothing() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    try "keep me".write(toFile: "\(ws)/taken", atomically: true, encoding: .utf8)
    let result = try run(["report", "open-data", "--out", "taken"], in: ws)
    #expect(result.status == 1)
    #expect(result.stderr == "coprod: taken: is a file; this report writes a folder of files, so give --out a folder (new or one it wrote before)\n")
    #expect(try String(contentsOfFile: "\(ws)/taken", encoding: .utf8) == "keep me")
    #expect(try FileManager.default.contentsOfDirectory(atPath: ws).filter { $0.hasPrefix(".taken.") } == [])
  }

  @Test func aReportsFilesStayInsideItsFolder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-files-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: "\(folder)/plugin", withIntermediateDirectories: true)
    try """
      id: org.test.escape
      name: Escape
      version: 1.0.0
      description: Tries to write outside its folder.
      authors: [Tests]
      license: MIT
      api_version: 1
      provides: [{ kind: report, name: escape, entry: report.lua }]
      """.write(toFile: "\(folder)/plugin/plugin.yaml", atomically: true, encoding: .utf8)
    try #"return coprod.report { name = "Escape", input = "tally", render = function(data, doc) doc:paragraph("hi"); doc:file(data.name, "x") end }"#
      .write(toFile: "\(folder)/plugin/report.lua", atomically: true, encoding: .utf8)
    try #"{"name": "../escaped"}"#.write(toFile: "\(folder)/data.json", atomically: true, encoding: .utf8)
    let result = try run(["report", "\(folder)/plugin", "--data", "\(folder)/data.json", "--out", "\(folder)/out"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("bad argument #1 to 'file' (a plain file name such as \"contributions.csv\" expected: letters, digits, '.', '-', '_')"))
    #expect(!FileManager.default.fileExists(atPath: "\(folder)/escaped"))
    #expect(!FileManager.default.fileExists(atPath: "\(folder)/out"))
    try #"{"name": "notes.txt"}"#.write(toFile: "\(folder)/data.json", atomically: true, encoding: .utf8)
    #expect(try run(["report", "\(folder)/plugin", "--data", "\(folder)/data.json", "--out", "\(folder)/out"]).status == 0)
    #expect(try String(contentsOfFile: "\(folder)/out/index.md", encoding: .utf8).hasPrefix("hi\n\n---\n\nMade with `coprod report"))
    #expect(try String(contentsOfFile: "\(folder)/out/notes.txt", encoding: .utf8) == "x")
  }

  @Test func everyBundledReportRendersByteIdenticallyInEachLanguage() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    for report in ["you-said", "health", "decision-record"] {
      for lang in ["en", "cy", "cy+en"] {
        let first = try ok(["report", report, "--lang", lang], in: ws)
        #expect(try ok(["report", report, "--lang", lang], in: ws) == first, "\(report) --lang \(lang)")
      }
    }
  }
}
