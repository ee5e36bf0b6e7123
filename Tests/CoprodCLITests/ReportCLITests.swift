// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

@Suite("coprod report, end to end")
struct ReportCLITests {
  /// A workspace with the example participants and stories, one of whom withdrew.
  static func workspace() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-report-\(UUID().uuidString)").path
    let examples = repositoryRoot.appendingPathComponent("examples/workspace").path
    for arguments in [
      ["init", folder, "--name", "Repairs"],
      ["participants", "import", "\(examples)/participants.csv", "--workspace", folder],
      ["contributions", "import", "\(examples)/stories.csv", "--workspace", folder],
      ["consent", "withdraw", "p004", "--workspace", folder],
    ] {
      let result = try run(arguments)
      guard result.status == 0 else { throw CocoaError(.featureUnsupported, userInfo: ["step": arguments, "stderr": result.stderr]) }
    }
    return folder
  }

  /// A report plugin that asks for personal data and says what it was given.
  static func writeNosyReport(in folder: String, asks: Bool) throws -> String {
    let plugin = "\(folder)/nosy"
    try FileManager.default.createDirectory(atPath: plugin, withIntermediateDirectories: true)
    try """
      id: org.test.nosy
      name: Nosy
      version: 1.0.0
      description: Counts the names it can see.
      authors: [Tests]
      license: MIT
      api_version: 1
      provides: [{ kind: report, name: nosy, entry: report.lua }]
      permissions: [\(asks ? "personal-data" : "")]
      """.write(toFile: "\(plugin)/plugin.yaml", atomically: true, encoding: .utf8)
    try """
      return coprod.report { name = "Nosy", input = "workspace", render = function(data, doc)
        local names = 0
        for _, person in coprod.sorted_pairs(data.personal or {}) do if person.name then names = names + 1 end end
        doc:paragraph(data.people .. " participants, " .. names .. " names, " .. #data.contributions .. " contributions")
      end }
      """.write(toFile: "\(plugin)/report.lua", atomically: true, encoding: .utf8)
    return plugin
  }

  @Test func personalDataNeedsTheManifestAndAGrant() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let plugin = try Self.writeNosyReport(in: folder, asks: true)
    let withheld = try run(["report", plugin, "--workspace", folder])
    #expect(withheld.status == 0)
    #expect(withheld.stdout == "11 participants, 0 names, 5 contributions\n" + (try reportStamp("nosy", plugin: plugin, workspace: folder)))
    #expect(withheld.stderr == "coprod: plugin org.test.nosy asks for personal-data; not granted, so it runs without it (pass --grant personal-data to allow)\n")
    let granted = try run(["report", plugin, "--workspace", folder, "--grant", "personal-data"])
    #expect(granted.status == 0)
    #expect(granted.stdout == "11 participants, 11 names, 5 contributions\n" + (try reportStamp("nosy", plugin: plugin, workspace: folder)))
  }

  @Test func grantingWhatIsNotAskedForIsRefused() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let plugin = try Self.writeNosyReport(in: folder, asks: false)
    let result = try run(["report", plugin, "--workspace", folder, "--grant", "personal-data"])
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr == "coprod: --grant personal-data: plugin org.test.nosy does not ask for it in plugin.yaml; grant only what a plugin asks for\n")
  }

  @Test func bundledReportLeavesOutWithdrawnPeopleAndSmallGroups() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try run(["report", "you-said", "--workspace", folder])
    #expect(result.status == 0)
    #expect(result.stdout.contains("11 people took part."))
    #expect(result.stdout.contains("| resident | 7 |"))
    #expect(result.stdout.contains("| carer | fewer than 5 |"))
    #expect(result.stdout.contains("1 contribution(s) are not shown because the person withdrew their consent."))
    let stories = try String(contentsOfFile: repositoryRoot.appendingPathComponent("examples/workspace/stories.csv").path, encoding: .utf8)
    let withdrawnLine = try #require(stories.split(separator: "\n").first { $0.contains(",p004,") })
    let withdrawnText = try #require(withdrawnLine.split(separator: "\"").dropFirst().first)
    #expect(!result.stdout.contains(withdrawnText))
  }

  @Test func bundledReportSaysWhatWasAskedOnceTheConsultationIsSet() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let before = try run(["report", "you-said", "--workspace", folder])
    #expect(before.stdout.hasPrefix("# Repairs\n\n## Who took part\n"))
    let set = try run([
      "consultation", "set", "--question", "Which repairs matter most?", "--purpose", "To set the repairs budget for 2027.",
      "--ladder", "co-production", "--spectrum", "empower", "--workspace", folder,
    ])
    #expect(set.status == 0)
    let after = try run(["report", "you-said", "--workspace", folder])
    #expect(after.status == 0)
    #expect(
      after.stdout.hasPrefix(
        "# Repairs\n\n## We asked\n\nWhich repairs matter most?\n\nTo set the repairs budget for 2027.\n\nHow much say you have: empower. You make the final decision: we will implement what you decide.\n\n## Who took part\n"))
  }

  @Test func bundledReportOnANewWorkspaceSaysNothingHappenedYet() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-empty-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(try run(["init", folder, "--name", "Play areas"]).status == 0)
    let health = try run(["report", "health", "--workspace", folder])
    #expect(health.status == 0)
    #expect(
      health.stdout.contains("""
        | Ladder integrity | not declared |
        | Gunning principles | not recorded |
        | Who took part | 0 people |
        | Voice balance | too few people to show |
        | Lived experience in outcomes | nothing traced yet |
        | Follow-through | nothing decided yet |
        | Loop closure | no feedback published yet |
        """))
    #expect(
      health.stdout.hasSuffix("""
        ## Loop closure

        No feedback has been published yet, so the people who took part have not been told what was decided or what is being done about it. Publish it (for example `coprod report you-said --out you-said.md`) and record where with `coprod feedback record --title TEXT --channel WHERE --file you-said.md`.

        """ + (try reportFooter(folder, report: "health"))))
    let result = try run(["report", "you-said", "--workspace", folder])
    #expect(result.status == 0)
    #expect(
      result.stdout == """
        # Play areas

        ## Who took part

        0 people took part.

        Groups smaller than 5 are not counted separately, so no one can be singled out.

        ## You said

        No stories, ideas or comments have been recorded yet.

        ## We did

        Nothing has been decided yet. When it is, we will say here what was decided, by whom, and what we are doing about it.

        """ + (try reportFooter(folder, report: "you-said")))
  }

  /// The tenants' panel's decision (2026-02-20) in `folder`, one commitment done with
  /// evidence on 2026-03-01 and one overdue.
  static func decideAndFollowThrough(in folder: String) throws {
    let ballots = repositoryRoot.appendingPathComponent("examples/ballots/consent-tenants-panel.csv").path
    for arguments in [
      ["tally", ballots, "--rule", "consent", "--format", "json", "--out", "\(folder)/panel.json"],
      [
        "decisions", "record", "--tally", "\(folder)/panel.json", "--outcome", "partly-accepted", "--decided-by", "The tenants' panel",
        "--rationale", "Two proposals passed; texts went back for amendment.", "--reasons", "Later opening needs the union's agreement first.",
        "--date", "2026-02-20", "--workspace", folder,
      ],
      ["commitments", "add", "Answer the phone in Welsh", "--owner", "Customer services", "--due", "2026-06-30", "--decision", "d1", "--workspace", folder],
      ["commitments", "update", "k1", "--status", "done", "--note", "Open 9 to 5", "--evidence", "Line opened", "--evidence-at", "https://example.org/cy", "--workspace", folder],
      ["commitments", "add", "Ask the union about evening opening", "--owner", "Housing management", "--due", "2026-02-27", "--workspace", folder],
    ] {
      let result = try run(arguments)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
    }
  }

  @Test func healthReportMeasuresPowerVoiceAndFollowThrough() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let set = try run([
      "consultation", "set", "--question", "Which repairs matter most?", "--purpose", "To set the repairs budget for 2027.",
      "--ladder", "co-design", "--spectrum", "consult", "--opens", "2026-01-05", "--closes", "2026-02-01",
      "--formative-stage", "No option has been chosen.", "--workspace", folder,
    ])
    #expect(set.status == 0)
    try Self.decideAndFollowThrough(in: folder)
    let published = try run([
      "feedback", "record", "--title", "You said, we did", "--channel", "Tenants' newsletter", "--date", "2026-03-04", "--workspace", folder,
    ])
    #expect(published.status == 0)
    let result = try run(["report", "health", "--workspace", folder])
    #expect(result.status == 0)
    #expect(result.stderr == "")
    #expect(
      result.stdout == """
        # Co-production health: Repairs

        What this workspace shows about how power is shared, whose voices are heard and whether promises are kept. Groups smaller than 5 are never shown.

        | Indicator | Finding |
        | --- | --- |
        | Ladder integrity | 2 cautions (see below) |
        | Gunning principles | 1 of 4 with evidence |
        | Who took part | 11 people |
        | Voice balance | 5 of 11 contributed; Gini 0.55 |
        | Lived experience in outcomes | nothing traced yet |
        | Follow-through | 1 of 2 commitments done, 1 overdue |
        | Loop closure | published 1 time (Tenants' newsletter); 1 of 1 decision reported back to people; median 12 days from decision to feedback |

        ## Power: what was declared

        Declared: co-design, rung 6 of 7 (doing with). Promised: consult. We will listen to you and tell you how your views influenced the decision.

        **Ladder of co-production: the rung declared and the rung the promise supports**

        | Marker | Step | Of |
        | --- | --- | --- |
        | Declared | 6. Co-design | 7 |
        | Promise supports | 4. Consultation | 7 |

        - the rung declared, co-design, is "doing with", but the promise made, consult, only matches the consultation rung ("doing for"). Claiming a higher rung than the power shared is faux-production: share more power (--spectrum) or declare the rung that matches (--ladder).
        - 28 days is shorter than the customary 12 weeks. There is no statutory period, so record why the time is adequate (--adequate-time).

        ## A fair consultation: the Gunning principles

        | Principle | Evidence |
        | --- | --- |
        | Proposals are still at a formative stage | No option has been chosen. |
        | Enough reasons and information for intelligent consideration | no evidence recorded yet |
        | Adequate time to respond | no evidence recorded yet |
        | Responses are conscientiously taken into account | no evidence recorded yet |

        Open for 28 days, from 2026-01-05 to 2026-02-01.

        ## Who took part

        | Perspective | People | Share of people |
        | --- | --- | --- |
        | carer | fewer than 5 | - |
        | lived-experience | fewer than 5 | - |
        | partner | fewer than 5 | - |
        | resident | 7 | 64% |
        | staff | fewer than 5 | - |

        Variety of perspectives is not shown: fewer than two perspectives have 5 or more people.

        People may hold more than one perspective. Groups smaller than 5 are not shown, so no one can be singled out.

        ## Whose voice is heard

        5 of 11 people contributed at least once (45%). Inequality of contributions between people (Gini, counting people who said nothing as zero): 0.55, where 0 means everyone contributed equally.

        | Perspective | Share of people | Share of contributions | Voice ratio |
        | --- | --- | --- | --- |
        | resident | 64% | 80% | 1.26 |

        **Voice balance: each perspective's share of people and of contributions**

        | Share of | resident (%) |
        | --- | --- |
        | People | 64 |
        | Contributions | 80 |

        A voice ratio below 1 means the group said less than its share of the people taking part; above 1, more.

        1 contribution left out because the person withdrew their consent.

        ## Lived experience in outcomes

        No decision or commitment can be traced back to what people said yet. Decisions and commitments made in a session (`coprod run`) keep the contributions their options grew from.

        ## Follow-through

        | Decisions | Accepted | Partly accepted | Rejected |
        | --- | --- | --- | --- |
        | 1 | 0 | 1 | 0 |

        Decisions not fully accepted that say why: 1 of 1.

        | Commitments | Planned | In progress | Done | Dropped | Overdue |
        | --- | --- | --- | --- | --- | --- |
        | 2 | 1 | 0 | 1 | 0 | 1 |

        **Commitments: when due and when done**

        | Commitment | Due | Done | Status |
        | --- | --- | --- | --- |
        | Answer the phone in Welsh | 2026-06-30 | 2026-03-01 | done |
        | Ask the union about evening opening | 2026-02-27 | - | overdue |

        1 of 2 promised done (50%), 1 of them with evidence people can check; 1 commitment is overdue (50%).

        From decision to done: 9 days (median over 1 commitment).

        ## Loop closure

        Feedback published 1 time, so people who took part can see what became of what they said.

        | Published | Where | Title | Decisions | Commitments |
        | --- | --- | --- | --- | --- |
        | 2026-03-04 | Tenants' newsletter | You said, we did | 1 | 2 |

        1 of 1 decision reported back to people; median 12 days from decision to feedback.

        """ + (try reportFooter(folder, report: "health")))
  }

  @Test func healthReportNamesDecisionsNotReportedBack() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for channel in ["Open meeting", "https://example.org/repairs", "Open meeting"] {
      #expect(try run(["feedback", "record", "--title", "Early findings", "--channel", channel, "--date", "2026-02-01", "--workspace", folder]).status == 0)
    }
    try Self.decideAndFollowThrough(in: folder)
    let result = try run(["report", "health", "--workspace", folder])
    #expect(result.status == 0)
    #expect(
      result.stdout.contains(
        "| Loop closure | published 3 times (Open meeting, https://example.org/repairs); 0 of 1 decision reported back to people |\n"))
    #expect(
      result.stdout.hasSuffix("""
        ## Loop closure

        Feedback published 3 times, so people who took part can see what became of what they said.

        | Published | Where | Title | Decisions | Commitments |
        | --- | --- | --- | --- | --- |
        | 2026-02-01 | Open meeting | Early findings | 0 | 0 |
        | 2026-02-01 | https://example.org/repairs | Early findings | 0 | 0 |
        | 2026-02-01 | Open meeting | Early findings | 0 | 0 |

        0 of 1 decision reported back to people.

        Not reported back yet: d1. Publish feedback that covers them and record it with `coprod feedback record`.

        """ + (try reportFooter(folder, report: "health"))))
  }

  @Test func bundledReportSaysWhatWeDid() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let before = try run(["report", "you-said", "--workspace", folder])
    #expect(before.status == 0)
    #expect(
      before.stdout.hasSuffix(
        "## We did\n\nNothing has been decided yet. When it is, we will say here what was decided, by whom, and what we are doing about it.\n"
          + (try reportFooter(folder, report: "you-said"))))
    try Self.decideAndFollowThrough(in: folder)
    let after = try run(["report", "you-said", "--workspace", folder])
    #expect(after.status == 0)
    let weDid = try #require(after.stdout.range(of: "## We did\n")).lowerBound
    #expect(
      after.stdout[weDid...] == """
        ## We did

        ### What was decided

        The tenants' panel decided on 2026-02-20: Later opening hours, Welsh-language phone line. Outcome: partly accepted.

        Two proposals passed; texts went back for amendment.

        Why not all of it: Later opening needs the union's agreement first.

        ### What we are doing

        | We will | Who | Due | Status | Latest | Evidence |
        | --- | --- | --- | --- | --- | --- |
        | Answer the phone in Welsh | Customer services | 2026-06-30 | done | Open 9 to 5 | Line opened (https://example.org/cy) |
        | Ask the union about evening opening | Housing management | 2026-02-27 (overdue) | planned | - | - |

        """ + (try reportFooter(folder, report: "you-said")))
  }

  @Test func tallyReportRendersACount() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-tally-report-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let ballots = repositoryRoot.appendingPathComponent("examples/ballots/burlington-2006-mayor.toi").path
    #expect(try run(["tally", ballots, "--rule", "irv", "--format", "json", "--out", "\(folder)/r.json"]).status == 0)
    let report = try run(["report", "tally-summary", "--data", "\(folder)/r.json"])
    #expect(report.status == 0)
    #expect(report.stdout.hasPrefix("# How the decision was made\n\n9788 ballots were counted with Instant runoff.\n\nChosen: Bob Kiss (3).\n"))
    try "ballot\nA>B\nB>A\n".write(toFile: "\(folder)/tie.csv", atomically: true, encoding: .utf8)
    #expect(try run(["tally", "\(folder)/tie.csv", "--rule", "irv", "--seed", "7", "--format", "json", "--out", "\(folder)/tie.json"]).status == 0)
    let tie = try run(["report", "tally-summary", "--data", "\(folder)/tie.json"])
    #expect(tie.status == 0)
    let chosen = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/tie.json"))) as? [String: Any])
    let excluded = try #require((chosen["tie_breaks"] as? [[String: Any]])?.first?["chosen"] as? String)
    let rule = try #require(chosen["rule"] as? [String: Any])
    let tieData = (file: "\(folder)/tie.json", sha256: try sha256(ofFile: "\(folder)/tie.json"))
    #expect(
      tie.stdout.hasSuffix(
        "## Ties\n\n- Round 1: A, B were tied to exclude; \(excluded) was chosen by lot (seed 7).\n"
          + (try reportStamp(
            "tally-summary", plugin: "org.coprod.tally-summary", data: tieData,
            extra: ["Rule plugin: org.coprod.irv \(rule["version"]!) (sha256 \(rule["sha256"]!))."]))))
    let wrong = try run(["report", "tally-summary", "--workspace", folder])
    #expect(wrong.status == 1)
    #expect(wrong.stderr == "coprod: report tally-summary renders a count; give one with --data FILE.json (from coprod tally … --format json)\n")
  }
}
