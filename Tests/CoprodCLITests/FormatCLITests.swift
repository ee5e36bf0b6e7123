// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// The nine bundled session formats, as a council officer runs them: each from its example
/// inputs and as a rehearsal, each reproducible from its inputs and seed, and each format's
/// own logic (shortlists, costs, panels, repeated rounds, mixed groups). Table and panel
/// membership come from the host's assignment services, so these tests check structure,
/// counts, quotas and decisions, never who sits where.
@Suite("bundled session formats, end to end")
struct FormatCLITests {
  /// One bundled format with its example inputs.
  struct Example: Sendable, CustomTestStringConvertible {
    var name: String
    /// The first line `coprod run NAME --inputs examples/sessions/NAME.yaml` prints.
    var recorded: String
    /// The plugin id and version a rehearsal names.
    var plugin: String
    /// The display name.
    var title: String
    /// The rehearsal's total minutes with 16 people and seed 2.
    var minutes: Int
    var testDescription: String { name }
  }

  static let examples: [Example] = [
    Example(
      name: "story-circle", recorded: "Story Circle, 12 people, 6 stage(s) run; 15 contribution(s), decision(s) d1, commitment(s) k1, k2",
      plugin: "org.coprod.story-circle 1.1.0", title: "Story Circle", minutes: 105),
    Example(
      name: "world-cafe", recorded: "World Café, 10 people, 7 stage(s) run; 10 contribution(s), decision(s) d1, commitment(s) k1",
      plugin: "org.coprod.world-cafe 1.0.0", title: "World Café", minutes: 110),
    Example(
      name: "nominal-group",
      recorded: "Nominal Group Technique, 8 people, 6 stage(s) run; 13 contribution(s), decision(s) d1, commitment(s) k1, k2",
      plugin: "org.coprod.nominal-group 1.0.0", title: "Nominal Group Technique", minutes: 65),
    Example(
      name: "participatory-budgeting",
      recorded: "Participatory Budgeting, 11 people, 6 stage(s) run; 13 contribution(s), decision(s) d1, d2, commitment(s) k1, k2",
      plugin: "org.coprod.participatory-budgeting 1.0.0", title: "Participatory Budgeting", minutes: 135),
    Example(
      name: "citizens-jury",
      recorded: "Citizens' Jury, 12 people, 8 stage(s) run; 11 contribution(s), decision(s) d1, d2, commitment(s) k1, k2, k3",
      plugin: "org.coprod.citizens-jury 1.0.0", title: "Citizens' Jury", minutes: 335),
    Example(
      name: "open-space", recorded: "Open Space, 11 people, 7 stage(s) run; 8 contribution(s), commitment(s) k1, k2, k3",
      plugin: "org.coprod.open-space 1.0.0", title: "Open Space", minutes: 280),
    Example(
      name: "consent-round", recorded: "Consent Round, 8 people, 7 stage(s) run; 7 contribution(s), decision(s) d1, commitment(s) k1, k2",
      plugin: "org.coprod.consent-round 1.0.0", title: "Consent Round", minutes: 60),
    Example(
      name: "delphi", recorded: "Delphi, 10 people, 7 stage(s) run; 10 contribution(s), decision(s) d1, commitment(s) k1",
      plugin: "org.coprod.delphi 1.0.0", title: "Delphi", minutes: 120),
    Example(
      name: "1-2-4-all", recorded: "1-2-4-All, 12 people, 4 stage(s) run; 8 contribution(s)",
      plugin: "org.coprod.one-two-four-all 1.0.0", title: "1-2-4-All", minutes: 12),
  ]

  static func inputs(_ name: String) -> String {
    repositoryRoot.appendingPathComponent("examples/sessions/\(name).yaml").path
  }

  /// A workspace holding the example participants, with `name`'s example session recorded as s1.
  static func recorded(_ name: String) throws -> String {
    let ws = try SessionCLITests.workspace(name)
    _ = try ok(["run", name, "--inputs", inputs(name)], in: ws)
    return ws
  }

  /// `sessions show s1 --json`, parsed.
  static func session(_ ws: String) throws -> [String: Any] {
    let json = try ok(["sessions", "show", "s1", "--json"], in: ws)
    return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  }

  /// The stage entries of a parsed session with id `stage`, one per iteration.
  static func stages(_ session: [String: Any], _ stage: String) -> [[String: Any]] {
    ((session["stages"] as? [[String: Any]]) ?? []).filter { ($0["stage"] as? String) == stage }
  }

  /// The groups (first round) a stage formed.
  static func groups(_ stage: [String: Any]) -> [[String]] {
    ((stage["groups"] as? [String: Any])?["rounds"] as? [[[String]]])?.first ?? []
  }

  /// Participant ids whose first perspective is staff in examples/workspace/participants.csv.
  static let staff: Set<String> = ["p003", "p012"]

  // MARK: Every format

  @Test(arguments: examples)
  func runsFromItsExampleInputs(_ example: Example) throws {
    let ws = try SessionCLITests.workspace(example.name)
    defer { try? FileManager.default.removeItem(atPath: ws) }
    #expect(
      try ok(["run", example.name, "--inputs", Self.inputs(example.name)], in: ws)
        == "recorded session s1: \(example.recorded)\nsee it with: coprod sessions show s1\n")
    #expect(try ok(["verify"], in: ws).hasSuffix("ok: the stored tables are exactly what the event log produces\n"))
    #expect(try ok(["sessions", "list"], in: ws).contains("s1\t"))
  }

  @Test(arguments: examples)
  func rehearsesOutsideAWorkspace(_ example: Example) throws {
    let folder = try PluginCLITests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try run(["run", example.name, "--dry-run", "--people", "16", "--seed", "2"], in: folder)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let lines = result.stdout.components(separatedBy: "\n")
    #expect(lines.first == "rehearsal of \(example.title) (\(example.plugin)) with 16 simulated people, seed 2")
    #expect(lines.suffix(3) == ["total: \(example.minutes) minutes", "nothing was written (a rehearsal on simulated people and words)", ""])
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    #expect(try run(["run", example.name, "--dry-run", "--people", "16", "--seed", "2"], in: folder).stdout == result.stdout)
  }

  @Test(arguments: examples)
  func theSameInputsAndSeedGiveTheSameSession(_ example: Example) throws {
    let first = try SessionCLITests.workspace(example.name)
    let second = try SessionCLITests.workspace(example.name)
    defer { for ws in [first, second] { try? FileManager.default.removeItem(atPath: ws) } }
    _ = try ok(["run", example.name, "--inputs", Self.inputs(example.name)], in: first)
    let later = try run(
      ["run", example.name, "--inputs", Self.inputs(example.name)], env: cliEnvironment(["COPROD_NOW": "2026-04-02T10:30:00Z"]), in: second)
    #expect(later.status == 0)
    let times = #""(started|ended|closed)" : "[0-9T:Z-]+""#
    let a = try ok(["sessions", "show", "s1", "--json"], in: first).replacingOccurrences(of: times, with: "TIME", options: .regularExpression)
    let b = try ok(["sessions", "show", "s1", "--json"], in: second).replacingOccurrences(of: times, with: "TIME", options: .regularExpression)
    #expect(a == b)
    #expect(a.contains("  TIME,\n"))
  }

  // MARK: Each format's own logic

  @Test func nominalGroupRanksTheMergedIdeasAndSumsTheRanks() throws {
    let ws = try Self.recorded("nominal-group")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let show = try ok(["sessions", "show", "s1"], in: ws)
    #expect(show.contains("   passed (a turn at the end): p012\n   produced 9 ideas\n"))
    #expect(show.contains("     s1-m2: \"Confirm every report and say when the repair will happen\" ← s1-r4, s1-r8, s1-r9\n"))
    #expect(
      show.contains(
        """
           vote: 8 ballot(s) counted by Borda count (org.coprod.borda 1.1.0)
             round 1: n1 15, n2 17, n3 9, n4 7
             chosen: n2 "Confirm every report and say when the repair will happen", n1 "Ways to report that suit everyone: text, online and phone at any time", n3 "Welsh and interpreters on the repairs line"
           decision: d1

        """))
    // The options are the merged ideas, each keeping the idea it came from.
    let decisions = try ok(["decisions", "list", "--json"], in: ws)
    #expect(decisions.contains("\"n2\" : [\n        \"s1-m2\"\n      ]"))
  }

  @Test func participatoryBudgetingCostsTheShortlistAndSharesThePot() throws {
    let ws = try Self.recorded("participatory-budgeting")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let show = try ok(["sessions", "show", "s1"], in: ws)
    #expect(
      show.contains(
        "     chosen: i1 \"Fix the hearing loop at the housing office\", i3 \"Lighting on the path to the bus stop\", i4 \"A repair café in the community centre\", i8 \"A minibus to the surgery on Tuesdays\", i6 \"Play equipment for the small park\"\n"
      ))
    // The ballot: the costed notes that grew from shortlisted ideas, names without the price;
    // the note saying the minibus is not feasible is not on it.
    #expect(
      show.contains(
        """
        5. vote
           options: c1 "Repair the hearing loop at the housing office" (cost 4000); c2 "Solar lights on the path to the bus stop" (cost 9500); c3 "A monthly repair café for a year" (cost 6000); c4 "New play equipment for the small park" (cost 14000)
           vote: 11 ballot(s) counted by Participatory budgeting, method of equal shares (org.coprod.pb-mes 1.3.0)
             round 1: c1 5, c2 6, c3 5, c4 5

        """))
    #expect(show.contains("     chosen: c2 \"Solar lights on the path to the bus stop\", c1 \"Repair the hearing loop at the housing office\", c3 \"A monthly repair café for a year\"\n   decision: d2\n"))
    #expect(show.contains("   commitment k1: Repair the hearing loop and test it with residents who use it — Housing office, due 2027-03-31, following d2\n"))
    // The pot is the inputs file's `budget` setting (25000), not the default (50000).
    let json = try ok(["sessions", "show", "s1", "--json"], in: ws)
    #expect(json.contains("The budget of 25000 is shared equally by the 11 voters: 2272.73 each."))
    #expect(json.contains("Equal shares spends 19500 of 25000."))
    // Provenance: funded c1 ← the costing note ← p001's idea.
    let decisions = try ok(["decisions", "list", "--json"], in: ws)
    #expect(decisions.contains("\"c1\" : [\n        \"s1-costing-1\"\n      ]"))
    #expect(show.contains("     s1-costing-1: \"Repair the hearing loop at the housing office: £4,000\" ← s1-i1\n"))
  }

  @Test func citizensJuryDrawsAPanelThatAloneDeliberatesAndDecides() throws {
    let ws = try Self.recorded("citizens-jury")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let session = try Self.session(ws)
    let present = try #require(session["attendance"] as? [String: Any])["people"] as? Int
    #expect(present == 12)
    // The lottery: one group of ten jurors, no staff (the eligibility quota), no one twice.
    let selection = try #require(Self.stages(session, "selection").first)
    let panels = Self.groups(selection)
    #expect(panels.count == 1)
    let panel = panels.first ?? []
    #expect(panel.count == 10 && Set(panel).count == 10)
    #expect(Set(panel).isDisjoint(with: Self.staff))
    // Deliberation seats exactly the jurors at tables of at most four.
    let deliberation = try #require(Self.stages(session, "deliberation").first)
    let tables = Self.groups(deliberation)
    #expect(Set(tables.flatMap { $0 }) == Set(panel) && tables.flatMap { $0 }.count == 10)
    #expect(tables.allSatisfy { (1...4).contains($0.count) })
    // Consent passes two recommendations; the one met by a reasoned objection passes by supermajority.
    let show = try ok(["sessions", "show", "s1"], in: ws)
    #expect(show.contains("     round 1: r1 9 consent, 0 stand aside, 1 object, r2 10 consent, 0 stand aside, 0 object, r3 8 consent, 2 stand aside, 0 object\n"))
    #expect(show.contains("   vote: 10 ballot(s) counted by Consent (sociocratic) (org.coprod.consent 1.1.0)\n"))
    #expect(
      show.contains(
        """
        7. supermajority
           options: r1 "Survey every 1960s block for damp and fit ventilation before next winter"
           vote: 10 ballot(s) counted by Supermajority (threshold) (org.coprod.supermajority 1.1.0)
             round 1: r1 8
             chosen: r1 "Survey every 1960s block for damp and fit ventilation before next winter"
           decision: d2

        """))
    #expect(try ok(["sessions", "show", "s1", "--json"], in: ws).contains("A survey of every block before winter cannot be done"))
    #expect(
      show.contains(
        "   commitment k3: Survey the 1960s blocks and fit ventilation, reporting progress to the jury each quarter — Asset management, due 2027-10-31, following d2\n"
      ))
  }

  @Test func aJuryRehearsalDrawsItsPanelFromTheRoom() throws {
    let folder = try PluginCLITests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let rehearsal = try run(["run", "citizens-jury", "--dry-run", "--people", "30", "--seed", "9"], in: folder)
    #expect(rehearsal.status == 0)
    let lines = rehearsal.stdout.components(separatedBy: "\n")
    let panel = try #require(lines.firstIndex(of: "   groups: plugin").map { lines[$0 + 1] })
    #expect(panel.hasPrefix("     group 1: ") && panel.components(separatedBy: ", ").count == 12)
    // Only the twelve jurors vote.
    #expect(lines.contains("   vote: 12 ballot(s) counted by Consent (sociocratic) (org.coprod.consent 1.1.0)"))
  }

  @Test func delphiRepeatsRatingsUntilAgreementStopsChanging() throws {
    let ws = try Self.recorded("delphi")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let show = try ok(["sessions", "show", "s1"], in: ws)
    #expect(show.contains("4. ratings (round 1)\n") && show.contains("6. ratings (round 3)\n") && !show.contains("ratings (round 4)"))
    #expect(show.contains("     round 1: s1 8, s2 4, s3 9, s4 6\n     chosen: s1 \"Every repair gets a date, and the date is kept\", s3 \"Every letter and call is offered in large print, Welsh or the tenant's language\"\n"))
    #expect(show.contains("     round 1: s1 9, s2 5, s3 10, s4 8\n"))
    #expect(show.contains("   decision: d1\n7. report\n"))
    let json = try ok(["sessions", "show", "s1", "--json"], in: ws)
    #expect(json.contains("An option passes when at least 75% of the 10 ballot(s) rate it 7 or more."))
    #expect(json.contains("Tenants choose a two-hour appointment slot: 6 of 10 (60%); median 7, middle half 6 to 8."))
    #expect(
      try ok(["decisions", "list"], in: ws).contains(
        "d1\t2026-03-01\taccepted\tThe Delphi panel\tEvery repair gets a date, and the date is kept, Every letter and call is offered in large print, Welsh or the tenant's language, Tenants choose a two-hour appointment slot\t-\n"
      ))
  }

  @Test func consentRoundIntegratesAnObjectionAndDecidesAgain() throws {
    let ws = try Self.recorded("consent-round")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let show = try ok(["sessions", "show", "s1"], in: ws)
    #expect(show.contains("     round 1: v1 6 consent, 1 stand aside, 1 object\n     chosen: nothing\n6. consent (round 2)\n"))
    #expect(show.contains("     round 1: v2 7 consent, 1 stand aside, 0 object\n"))
    #expect(show.contains("   decision: d1\n7. announce\n"))
    let decisions = try ok(["decisions", "list", "--json"], in: ws)
    #expect(decisions.contains("\"v2\" : [\n        \"s1-integrated\"\n      ]"))
  }

  @Test func openSpaceRunsTimeSlotsUntilEveryTopicHasNotes() throws {
    let ws = try Self.recorded("open-space")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let session = try Self.session(ws)
    #expect(Self.stages(session, "sessions").map { $0["iteration"] as? Int } == [1, 2])
    #expect(Self.stages(session, "agenda").first.map { ($0["contributions"] as? [Any])?.count } == 4)
    #expect(try ok(["commitments", "list"], in: ws).contains("Ask the lighting team to survey the three dark spots"))
  }

  @Test func oneTwoFourAllJoinsMixedPairsIntoFours() throws {
    let ws = try Self.recorded("1-2-4-all")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let session = try Self.session(ws)
    let pairs = Self.groups(try #require(Self.stages(session, "pairs").first))
    let fours = Self.groups(try #require(Self.stages(session, "fours").first))
    #expect(pairs.count == 6 && pairs.allSatisfy { $0.count == 2 })
    #expect(Set(pairs.flatMap { $0 }).count == 12)
    #expect(fours.count == 3 && fours.allSatisfy { $0.count == 4 })
    // Each four is two whole pairs.
    for four in fours {
      #expect(pairs.filter { Set($0).isSubset(of: Set(four)) }.count == 2)
    }
  }

  // MARK: Provenance

  @Test func decisionsFromSessionsFeedHealthAndYouSaid() throws {
    let ws = try SessionCLITests.workspace("provenance")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    for name in ["nominal-group", "participatory-budgeting", "delphi", "consent-round"] {
      _ = try ok(["run", name, "--inputs", Self.inputs(name)], in: ws)
    }
    let health = try ok(["report", "health"], in: ws)
    // Every decision but the consent round's (its proposal came from staff) traces back to
    // words from someone with lived experience.
    #expect(health.contains("| Lived experience in outcomes | 4 of 5 traced decisions |"))
    #expect(health.contains("5 decisions traced back to what people said; with a contribution from someone with lived experience: 4 (80%)."))
    let youSaid = try ok(["report", "you-said"], in: ws)
    #expect(
      youSaid.contains(
        "2026-03-01: a Delphi with 10 people, in 5 stages. Together they chose: Every repair gets a date, and the date is kept; Every letter and call is offered in large print, Welsh or the tenant's language; Tenants choose a two-hour appointment slot.\n"
      ))
    #expect(
      youSaid.contains(
        "The residents present, with the fund's steering group decided at session s2 on 2026-03-01: Solar lights on the path to the bus stop, Repair the hearing loop at the housing office, A monthly repair café for a year. Outcome: accepted."
      ))
    #expect(youSaid.contains("| Repair the hearing loop and test it with residents who use it | Housing office | 2027-03-31 | planned | - | - |"))
    #expect(!youSaid.contains("The repair form is only online"))  // p004's idea was not for quoting
  }

  // MARK: Malformed inputs

  static let badInputs: [(format: String, yaml: String, error: String)] = [
    ("participatory-budgeting", "settings: { budget: lots }\nattendance: [p001]\n", "bad.yaml:1: settings.budget: 'lots' is not a valid integer"),
    ("participatory-budgeting", "settings: { pot: 5 }\nattendance: [p001]\n",
     "bad.yaml:1: settings.pot: Participatory Budgeting has no setting 'pot' (settings: budget)"),
    ("participatory-budgeting", "settings: [1]\nattendance: [p001]\n",
     "bad.yaml:1: settings: expected a mapping of the format's settings, e.g. settings: { budget: 50000 }"),
    ("participatory-budgeting",
     "attendance: [p001, p002]\nstages:\n  ideas:\n    - { id: i1, by: p001, text: \"Lights\" }\n  costing:\n    - { text: \"Lights: £900\", from: [i1], quote: true }\n  vote:\n    - { by: p001, approve: [c1] }\n    - { by: p002, approve: [c9] }\n",
     "bad.yaml:9: stages.vote[2].approve: c9 is not an option of this vote (c1)"),
    ("participatory-budgeting",
     "attendance: [p001, p002]\nstages:\n  ideas:\n    - { id: i1, by: p001, text: \"Lights\" }\n  costing:\n    - { text: \"Lights: £900\", from: [i1] }\n",
     "plugin org.coprod.participatory-budgeting (format.lua:57): stage 'vote': when(session): costing note s1-costing-1 cannot be read: officers' notes are written with quote: true"),
    ("citizens-jury",
     "settings: { jurors: 10 }\nattendance: [p001, p002, p004, p005, p006, p007, p008, p009, p010, p011, p003, p012]\nstages:\n  recommendations:\n    - { id: r1, text: \"Act\" }\n  consent:\n    - { by: p003, consent: true }\n",
     "bad.yaml:7: stages.consent[1].by: 'p003' does not take part in stage 'consent': only the people of stage 'selection' do (p001, p002, p004, p005, p006, p007, p008, p009, p010, p011)"),
    ("citizens-jury", "settings: { jurors: ten }\nattendance: [p001]\n", "bad.yaml:1: settings.jurors: 'ten' is not a valid integer"),
    ("delphi",
     "attendance: [p001, p002]\nstages:\n  statements:\n    - { id: s1, text: \"One\" }\n  ratings:\n    - - { by: p001, scores: { s1: 9 } }\n      - { by: p002, scores: { s1: 8 } }\n    - - { by: p001, scores: { s1: 9 } }\n",
     "bad.yaml:5: stages.ratings: the file gives entries for 2 rounds, but the stage ran 1 time(s)"),
    ("nominal-group",
     "attendance: [p001, p002]\nstages:\n  round-robin:\n    - { by: p001, text: \"A\" }\n    - { by: p002, text: \"B\" }\n  ranking:\n    - { by: p001, rank: [n1, n2] }\n",
     "bad.yaml:6: stages.ranking: the stage was skipped (when(session) returned false), but the file gives it entries"),
    ("open-space", "attendance: [p001]\nstages:\n  agenda:\n    - { by: p001, text: \"Bins\" }\n  sessions:\n    - - { by: p001, text: \"Notes\", from: [t9] }\n",
     "bad.yaml:6: stages.sessions[1][1].from: t9 is not an earlier entry (an id, or stage.N such as stories.1) nor a contribution in this workspace"),
  ]

  /// Every malformation is one exact line naming the file, line and stage (or the plugin and
  /// stage), and leaves the workspace's content as it was: its log and a full export are
  /// the same bytes.
  @Test func malformedInputsChangeNothing() throws {
    let ws = try SessionCLITests.workspace("bad-formats")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    func content() throws -> (String, Data) {
      _ = try ok(["export", "--include-personal-data", "--out", "\(ws)/state.jsonl"], in: ws)
      return (try ok(["log", "--json"], in: ws), try Data(contentsOf: URL(fileURLWithPath: "\(ws)/state.jsonl")))
    }
    let before = try content()
    for (format, yaml, error) in Self.badInputs {
      try yaml.write(toFile: "\(ws)/bad.yaml", atomically: true, encoding: .utf8)
      let result = try run(["run", format, "--inputs", "bad.yaml"], in: ws)
      #expect(result.status == 1, "\(error)")
      #expect(result.stdout == "")
      #expect(result.stderr == "coprod: \(error)\n")
    }
    let after = try content()
    #expect(after.0 == before.0)
    #expect(after.1 == before.1)
  }

  // MARK: Writing a format of one's own

  @Test func aScaffoldedFormatRunsByNameFromTheWorkspace() throws {
    let ws = try SessionCLITests.workspace("scaffold")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    #expect(
      try ok(["plugins", "new", "our-circle", "--kind", "session-format"], in: ws)
        == "created \(ws)/plugins/our-circle\nnext: coprod plugins check plugins/our-circle\ntest it: coprod plugins test plugins/our-circle\nthen rehearse it: coprod run our-circle --dry-run\n")
    #expect(try ok(["plugins", "check", "plugins/our-circle"], in: ws) == "ok plugins/our-circle\n")
    let rehearsal = try ok(["run", "our-circle", "--dry-run"], in: ws)
    #expect(rehearsal.hasPrefix("rehearsal of Our Circle (org.example.our-circle 0.1.0) with 12 simulated people, seed 0\n"))
    #expect(rehearsal.hasSuffix("total: 90 minutes\nnothing was written (a rehearsal on simulated people and words)\n"))
    // Other kinds still land in the current directory.
    _ = try ok(["plugins", "new", "our-rule", "--kind", "voting-rule"], in: ws)
    #expect(FileManager.default.fileExists(atPath: "\(ws)/our-rule/plugin.yaml"))
  }

  /// docs/plugin-guide.md § "Your own format": its plugin.yaml settings, format.lua and
  /// inputs file, taken from the guide's code blocks, run as the guide says.
  @Test func thePluginGuideWalkThroughRuns() throws {
    let guide = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/plugin-guide.md"), encoding: .utf8)
    let section = try #require(guide.components(separatedBy: "## Your own format").dropFirst().first?.components(separatedBy: "\n## ").first)
    func blocks(_ language: String) -> [String] {
      section.components(separatedBy: "```\(language)\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
    }
    let yaml = blocks("yaml")
    let lua = try #require(blocks("lua").first)
    #expect(yaml.count == 2)
    let ws = try SessionCLITests.workspace("guide")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    _ = try ok(["plugins", "new", "repairs-panel", "--kind", "session-format"], in: ws)
    let manifest = "\(ws)/plugins/repairs-panel/plugin.yaml"
    let scaffolded = try String(contentsOfFile: manifest, encoding: .utf8)
    try (scaffolded.replacingOccurrences(of: "settings: {}", with: "") + "\n" + yaml[0]).write(toFile: manifest, atomically: true, encoding: .utf8)
    try lua.write(toFile: "\(ws)/plugins/repairs-panel/format.lua", atomically: true, encoding: .utf8)
    try yaml[1].write(toFile: "\(ws)/panel-day.yaml", atomically: true, encoding: .utf8)
    #expect(try ok(["plugins", "check", "plugins/repairs-panel"], in: ws) == "ok plugins/repairs-panel\n")
    #expect(try ok(["run", "repairs-panel", "--dry-run", "--people", "24"], in: ws).hasSuffix("total: 100 minutes\nnothing was written (a rehearsal on simulated people and words)\n"))
    #expect(
      try ok(["run", "repairs-panel", "--inputs", "panel-day.yaml"], in: ws)
        == "recorded session s1: Repairs panel, 4 people, 5 stage(s) run; 3 contribution(s), decision(s) d1, commitment(s) k1\nsee it with: coprod sessions show s1\n")
    #expect(
      try ok(["sessions", "show", "s1"], in: ws).hasSuffix(
        """
             chosen: pr1 "Engineers arrive without the parts"
           decision: d1
        5. promises
           commitment k1: Check parts are in the van before every visit — Repairs team, due 2027-05-31, following d1

        """))
    // The guide's example of a mistake.
    let source = "\(ws)/plugins/repairs-panel/format.lua"
    try lua.replacingOccurrences(of: "from = \"experiences\"", with: "from = \"experience\"").write(toFile: source, atomically: true, encoding: .utf8)
    let broken = try run(["plugins", "check", "plugins/repairs-panel"], in: ws)
    #expect(broken.stderr == "coprod: plugin org.example.repairs-panel (format.lua:1): coprod.session_format.stages[3].from: 'experience' is not an earlier stage's id\n")
  }

  // MARK: The stage fields formats use

  @Test func stageFieldsPeopleSettingsGroupsAndBudgetAreChecked() throws {
    let ws = try SessionCLITests.workspace("fields")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    try "attendance: [p001, p002, p003]\n".write(toFile: "\(ws)/three.yaml", atomically: true, encoding: .utf8)
    let noGroups = try SessionCLITests.format(
      "nogroups", "return coprod.session_format {\n  name = \"No groups\",\n  stages = {\n    { id = \"a\" },\n    { id = \"b\", people = \"a\" },\n  },\n}\n", in: ws)
    try expectRefused(
      ["run", noGroups, "--inputs", "three.yaml"],
      stderr: "coprod: plugin org.test.nogroups (format.lua:1): coprod.session_format.stages[2].people: 'a' is not an earlier stage that forms groups; name one with groups, e.g. a selection stage\n",
      in: ws)
    let budget = try SessionCLITests.format(
      "budget",
      """
      return coprod.session_format {
        name = "Budget",
        stages = {
          { id = "pick", vote = { rule = "pb-greedy", ballot = "approval", budget = function(s) return "lots" end },
            options = function(s) return { { id = "a", name = "A", cost = 5 } } end },
        },
      }

      """, in: ws)
    try """
      attendance: [p001]
      stages:
        pick:
          - { by: p001, approve: [a] }

      """.write(toFile: "\(ws)/pick.yaml", atomically: true, encoding: .utf8)
    try expectRefused(
      ["run", budget, "--inputs", "pick.yaml"],
      stderr: "coprod: plugin org.test.budget (format.lua): stage 'pick': vote.budget(session) returned string; expected a whole number of money units from 1 to 1000000000000\n",
      in: ws)
    // session:groups and session.settings, seen from a stage function.
    let peek = try SessionCLITests.format(
      "peek",
      """
      return coprod.session_format {
        name = "Peek",
        stages = {
          { id = "pairs", groups = coprod.groups.tables { size = 2 } },
          { id = "look", people = "pairs", when = function(s)
              local seated = 0
              for _, group in ipairs(s:groups("pairs")) do seated = seated + #group end
              error(("seated %d; none %s; settings %s"):format(seated, tostring(s:groups("look")), tostring(next(s.settings))))
            end },
        },
      }

      """, in: ws)
    try expectRefused(
      ["run", peek, "--inputs", "three.yaml"], stderr: "coprod: plugin org.test.peek (format.lua:8): stage 'look': when(session): seated 3; none nil; settings nil\n",
      in: ws)
  }
}
