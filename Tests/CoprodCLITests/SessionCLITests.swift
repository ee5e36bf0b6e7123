// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// `coprod run` and `coprod sessions …` as a council officer uses them.
@Suite("coprod run and sessions, end to end")
struct SessionCLITests {
  static let inputs = repositoryRoot.appendingPathComponent("examples/sessions/story-circle.yaml").path
  static let people = repositoryRoot.appendingPathComponent("examples/workspace/participants.csv").path

  /// A new workspace holding the example participants; removed by the caller.
  static func workspace(_ label: String = "session") throws -> String {
    let folder = try newWorkspace(label)
    _ = try ok(["participants", "import", people], in: folder)
    return folder
  }

  /// `text` with plugin hashes and inputs hashes shortened to `…`, so a test does not pin
  /// the bytes of bundled plugins.
  static func unhashed(_ text: String) -> String {
    text.replacingOccurrences(of: #"sha256 [0-9a-f]{12}…"#, with: "sha256 …", options: .regularExpression)
  }

  /// Writes a session-format plugin `name` whose `format.lua` is `source` into `folder`.
  static func format(_ name: String, _ source: String, permissions: String = "[]", in folder: String) throws -> String {
    let plugin = "\(folder)/\(name)"
    try FileManager.default.createDirectory(atPath: plugin, withIntermediateDirectories: true)
    try """
      id: org.test.\(name)
      name: "\(name)"
      version: 1.0.0
      description: "A test format."
      authors: [coprod tests]
      license: Apache-2.0
      api_version: 1
      provides:
        - kind: session-format
          name: \(name)
          entry: format.lua
      permissions: \(permissions)

      """.write(toFile: "\(plugin)/plugin.yaml", atomically: true, encoding: .utf8)
    try source.write(toFile: "\(plugin)/format.lua", atomically: true, encoding: .utf8)
    return plugin
  }

  // MARK: Story circle

  @Test func storyCircleRunsFromItsExampleInputs() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    #expect(try ok(["sessions", "list"], in: ws) == "no sessions yet; run one with `coprod run FORMAT --inputs FILE.yaml` (rehearse first with --dry-run)\n")
    #expect(
      try ok(["run", "story-circle", "--inputs", Self.inputs], in: ws) == """
        recorded session s1: Story Circle, 12 people, 6 stage(s) run; 15 contribution(s), decision(s) d1, commitment(s) k1, k2
        see it with: coprod sessions show s1

        """)
    #expect(
      Self.unhashed(try ok(["sessions", "show", "s1"], in: ws)) == """
        session s1: Story Circle (org.coprod.story-circle 1.1.0, sha256 …)
        scripted, seed 42, inputs sha256 …; started 2026-03-01T09:00:00Z, closed 2026-03-01T09:00:00Z
        attendance: 12 people — carer (fewer than k), lived-experience (fewer than k), partner (fewer than k), resident 7, staff (fewer than k)

        1. welcome
        2. stories
           groups: tables (diversity 0.67, repeat meetings 0, unique meetings 45%)
             group 1: p002, p003, p004, p005, p006, p011
             group 2: p001, p007, p008, p009, p010, p012
           speaking order, group 1: p011, p002, p004, p005, p006, p003
           speaking order, group 2: p001, p008, p012, p007, p009, p010
           passed (a turn at the end): p003, p010
           produced 11 stories
             s1-stories-1 (p001): "The repairs team came three times before anyone told me why the part was late."
             s1-stories-2: "Nobody answered the phone in Welsh, so I gave up and asked my neighbour to ring."
             s1-stories-3: (not quoted)
             s1-stories-4 (p005): "The boiler was fixed in a day once I found the right number to call."
             s1-stories-5 (p006): "Our tenants' group keeps a list of repairs nobody has followed up."
             s1-stories-6 (p007): "The hearing loop at the housing office has been broken for a year."
             s1-stories-7: (not quoted)
             s1-stories-8: "A text the day before would have saved me a day's pay."
             s1-stories-9: "The damp came back twice; each time a different person came and started again."
             s1-stories-10 (p012): "From the office side, we often don't know the visit slipped until the tenant rings."
             s1-stories-11: "When a job is passed between teams, the tenant is the last to know."
        3. reflection
           produced 1 comment
             s1-reflection-1: "Waiting without news came up at both tables."
        4. themes
           produced 3 ideas
             s1-t1: "Tell people before and on the day of a repair visit" ← s1-stories-1, s1-stories-7, s1-stories-8
             s1-t2: "Letters and calls people can use: large print, Welsh, hearing loop" ← s1-stories-2, s1-stories-3, s1-stories-6
             s1-t3: "One person owns a repair until it is done" ← s1-stories-9, s1-stories-10, s1-stories-11
        5. priorities
           options: t1 "Tell people before and on the day of a repair visit"; t2 "Letters and calls people can use: large print, Welsh, hearing loop"; t3 "One person owns a repair until it is done"
           vote: 12 ballot(s) counted by Dot voting (org.coprod.dot-voting 1.2.0)
             round 1: t1 15, t2 9, t3 12
             chosen: t1 "Tell people before and on the day of a repair visit"
           decision: d1
        6. next-steps
           commitment k1: Pilot text updates before and on the day of repair visits on two estates — Repairs team, due 2027-03-31, following d1
           commitment k2: Tell everyone who came what happened, in a newsletter and in Welsh — Customer services, due 2027-01-31

        """)
    #expect(
      try ok(["decisions", "list"], in: ws) == """
        id\tdecided\toutcome\tdecided by\tchosen\treasons
        d1\t2026-03-01\taccepted\tThe story circle, with the repairs manager\tTell people before and on the day of a repair visit\t-

        """)
    #expect(try ok(["verify"], in: ws).hasSuffix("ok: the stored tables are exactly what the event log produces\n"))
    let log = try ok(["log", "--kind", "session.started", "--kind", "session.stage-skipped", "--kind", "session.closed"], in: ws)
    #expect(log.split(separator: "\n").map { $0.split(separator: "\t").last.map(String.init) ?? "" } == ["-", "-"])
    let youSaid = try ok(["report", "you-said"], in: ws)
    #expect(youSaid.contains("## How we listened\n\n2026-03-01: a Story Circle with 12 people, in 6 stages. Together they chose: Tell people before and on the day of a repair visit.\n"))
    #expect(youSaid.contains("The story circle, with the repairs manager decided at session s1 on 2026-03-01: Tell people before and on the day of a repair visit. Outcome: accepted."))
    #expect(!youSaid.contains("tiny") && !youSaid.contains("all day"))  // p004's and p008's stories were not for quoting
    let health = try ok(["report", "health"], in: ws)
    #expect(health.contains("| Lived experience in outcomes | 1 of 1 traced decisions |"))
  }

  @Test func theSameInputsAndSeedGiveTheSameSession() throws {
    let first = try Self.workspace()
    let second = try Self.workspace()
    defer { for ws in [first, second] { try? FileManager.default.removeItem(atPath: ws) } }
    _ = try ok(["run", "story-circle", "--inputs", Self.inputs], in: first)
    let later = try run(["run", "story-circle", "--inputs", Self.inputs], env: cliEnvironment(["COPROD_NOW": "2026-04-02T10:30:00Z"]), in: second)
    #expect(later.status == 0)
    let times = #""(started|ended|closed)" : "[0-9T:Z-]+""#
    let a = try ok(["sessions", "show", "s1", "--json"], in: first).replacingOccurrences(of: times, with: "TIME", options: .regularExpression)
    let b = try ok(["sessions", "show", "s1", "--json"], in: second).replacingOccurrences(of: times, with: "TIME", options: .regularExpression)
    #expect(a == b)
    #expect(a.contains("\"seed\" : 42"))
    let reseeded = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: reseeded) }
    _ = try ok(["run", "story-circle", "--inputs", Self.inputs, "--seed", "5"], in: reseeded)
    #expect(try ok(["sessions", "show", "s1", "--json"], in: reseeded).contains("\"seed\" : 5"))
  }

  @Test func aSessionSurvivesExportAndImport() throws {
    let ws = try Self.workspace()
    let copy = try newWorkspace("session-copy")
    defer { for folder in [ws, copy] { try? FileManager.default.removeItem(atPath: folder) } }
    _ = try ok(["run", "story-circle", "--inputs", Self.inputs], in: ws)
    _ = try ok(["export", "--out", "\(ws)/b.jsonl"], in: ws)
    _ = try ok(["import", "\(ws)/b.jsonl"], in: copy)
    #expect(try ok(["sessions", "show", "s1", "--json"], in: copy) == ok(["sessions", "show", "s1", "--json"], in: ws))
    #expect(try ok(["verify"], in: copy).contains("session_ballots: 12 rows match"))
    _ = try ok(["export", "--out", "\(copy)/b.jsonl"], in: copy)
    #expect(try Data(contentsOf: URL(fileURLWithPath: "\(copy)/b.jsonl")) == Data(contentsOf: URL(fileURLWithPath: "\(ws)/b.jsonl")))
  }

  @Test func worldCafeRunsThreeRoundsFromItsExampleInputs() throws {
    let ws = try Self.workspace("cafe")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let inputs = repositoryRoot.appendingPathComponent("examples/sessions/world-cafe.yaml").path
    #expect(
      try ok(["run", "world-cafe", "--inputs", inputs], in: ws)
        == "recorded session s1: World Café, 10 people, 7 stage(s) run; 10 contribution(s), decision(s) d1, commitment(s) k1\nsee it with: coprod sessions show s1\n")
    let show = try ok(["sessions", "show", "s1"], in: ws)
    #expect(show.contains("2. rounds (round 1)\n") && show.contains("3. rounds (round 2)\n") && show.contains("4. rounds (round 3)\n"))
    #expect(show.contains("     s1-h2: \"Make contact accessible: Welsh, interpreters, hearing loop\" ← s1-rounds-3, s1-rounds-4, s1-rounds-5\n"))
    #expect(show.contains("   commitment k1: Publish an accessibility plan for repairs contact — Customer services, due 2027-02-28, following d1\n"))
  }

  @Test func rankedBallotsKeepTheirTies() throws {
    let ws = try Self.workspace("ranked")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let plugin = try Self.format(
      "ranked",
      "return coprod.session_format {\n  name = \"Ranked\",\n  stages = {\n    { id = \"choose\", vote = { rule = \"borda\" },\n      options = function(s) return { { id = \"a\", name = \"A\" }, { id = \"b\", name = \"B\" }, { id = \"c\", name = \"C\" } } end },\n  },\n}\n",
      in: ws)
    try """
      attendance: [p001, p002, p003]
      stages:
        choose:
          - { by: p001, rank: [a, [b, c]] }
          - { by: p002, rank: [b, a] }
          - { by: p003, rank: [[a, b], c] }

      """.write(toFile: "\(ws)/ranked.yaml", atomically: true, encoding: .utf8)
    _ = try ok(["run", plugin, "--inputs", "ranked.yaml"], in: ws)
    // Borda gives tied options the points of the lowest place they share: b and c tie on
    // p001's ballot (0 each), a and b on p003's (1 each).
    #expect(try ok(["sessions", "show", "s1"], in: ws).contains("     round 1: a 4, b 3, c 0\n     chosen: a \"A\"\n"))
  }

  @Test func aLaterStageRecountsAnEarlierVoteWithItsTies() throws {
    let ws = try Self.workspace("recount")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let plugin = try Self.format(
      "recount",
      """
      return coprod.session_format {
        name = "Recount",
        stages = {
          { id = "choose", vote = { rule = "borda" },
            options = function(s) return { { id = "a", name = "A" }, { id = "b", name = "B" }, { id = "c", name = "C" } } end },
          { id = "check", when = function(s)
              local r = s:results("choose")
              local again = s:tally { rule = "borda", options = r.options, ballots = r.ballots }
              local first = r.ballots[1].ranking
              error(("first ballot %s|%s; winners %s, recounted %s"):format(
                table.concat(first[1], ","), table.concat(first[2], ","), table.concat(r.winners, ","), table.concat(again.winners, ",")))
            end },
        },
      }

      """, in: ws)
    try """
      attendance: [p001, p002, p003]
      stages:
        choose:
          - { by: p001, rank: [a, [b, c]] }
          - { by: p002, rank: [b, a] }
          - { by: p003, rank: [[a, b], c] }

      """.write(toFile: "\(ws)/recount.yaml", atomically: true, encoding: .utf8)
    try expectRefused(
      ["run", plugin, "--inputs", "recount.yaml"],
      stderr: "coprod: plugin org.test.recount (format.lua:10): stage 'check': when(session): first ballot a|b,c; winners a, recounted a\n", in: ws)
  }

  // MARK: Rehearsal

  @Test func aRehearsalRunsOutsideAWorkspaceAndWritesNothing() throws {
    let folder = try PluginCLITests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try run(["run", "story-circle", "--dry-run", "--people", "12", "--seed", "3"], in: folder)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.first == "rehearsal of Story Circle (org.coprod.story-circle 1.1.0) with 12 simulated people, seed 3")
    #expect(lines.filter { $0.hasPrefix("1. ") || $0.hasPrefix("2. ") || $0.hasPrefix("5. ") || $0.hasPrefix("6. ") } == [
      "1. welcome — Welcome and agreements (10 min)", "2. stories — Stories (45 min)", "5. priorities — Priorities (10 min)",
      "6. next-steps — Next steps (10 min)",
    ])
    #expect(lines.contains { $0.hasPrefix("   speaking order, group 1: r") })
    #expect(lines.contains { $0.hasPrefix("   vote: 12 ballot(s) counted by Dot voting (org.coprod.dot-voting 1.2.0)") })
    #expect(lines.suffix(3) == ["total: 105 minutes", "nothing was written (a rehearsal on simulated people and words)", ""])
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    let again = try run(["run", "story-circle", "--dry-run", "--people", "12", "--seed", "3"], in: folder)
    #expect(again.stdout == result.stdout)
  }

  @Test func aScaffoldedFormatRehearses() throws {
    let folder = try PluginCLITests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try run(["plugins", "new", "our-circle", "--kind", "session-format", "--dir", folder])
    let rehearsal = try run(["run", "\(folder)/our-circle", "--dry-run"], in: folder)
    #expect(rehearsal.status == 0)
    #expect(rehearsal.stdout.hasSuffix("total: 90 minutes\nnothing was written (a rehearsal on simulated people and words)\n"))
  }

  // MARK: Malformed inputs

  static let badInputs: [(yaml: String, error: String)] = [
    ("attendance: [p001, p002, p099]\n", "bad.yaml:1: attendance[3]: no participant 'p099' in this workspace; import them first (coprod participants import)"),
    ("attendance: [p001, p001]\n", "bad.yaml:1: attendance[2]: 'p001' is listed twice (line 1)"),
    ("seed: lots\nattendance: [p001]\n", "bad.yaml:1: seed: expected a whole number, got 'lots'"),
    ("", "bad.yaml:1: file: is empty; give attendance and stages"),
    ("stages: {}\n", "bad.yaml:1: attendance: missing; list the pseudonymous ids of the people present, e.g. attendance: [p001, p002]"),
    ("attendance: [p001]\nstages:\n  stories:\n    - { by: p001, text: \"Hi\"\n", "bad.yaml:5: file: is not valid YAML (did not find expected ',' or '}')"),
    ("attendance: [p001]\nvenue: hall\n", "bad.yaml:2: venue: unknown field (expected seed, settings, attendance, stages)"),
    ("attendance: [p001, p002]\nstages:\n  storys:\n    - { by: p001, text: \"Hello\" }\n",
     "bad.yaml:3: stages.storys: no stage 'storys' in Story Circle (stages: welcome, stories, reflection, themes, priorities, next-steps)"),
    ("attendance: [p001, p002]\nstages:\n  stories:\n    - { by: p003, text: \"Hello\" }\n",
     "bad.yaml:4: stages.stories[1].by: 'p003' is not present (attendance: p001, p002)"),
    ("attendance: [p001, p002]\nstages:\n  stories:\n    - { by: p001, text: \"Hello\", colour: red }\n",
     "bad.yaml:4: stages.stories[1].colour: unknown field (expected id, by, text, kind, quote, anonymity, consent, from, pass, rank, approve, dots, scores, object, stand_aside, reason, owner, due, decision)"),
    ("attendance: [p001, p002]\nstages:\n  welcome:\n    - { by: p001, text: \"Hello\" }\n",
     "bad.yaml:4: stages.welcome[1]: stage 'welcome' captures nothing; stories, ideas and comments belong in a stage with capture"),
    ("attendance: [p001, p002]\nstages:\n  reflection:\n    - { pass: p002 }\n",
     "bad.yaml:4: stages.reflection[1].pass: stage 'reflection' has no turns that allow passing"),
    ("attendance: [p001, p002]\nstages:\n  themes:\n    - { id: t1, text: \"One\", from: [stories.4] }\n",
     "bad.yaml:4: stages.themes[1].from: stories.4: stage 'stories' has only 0 contribution(s) so far"),
    ("attendance: [p001, p002]\nstages:\n  themes:\n    - { id: t1, text: \"One\" }\n    - { id: t2, text: \"Two\" }\n  priorities:\n    - { by: p001, dots: { t1: 3 } }\n    - { by: p002, dots: { t9: 1 } }\n",
     "bad.yaml:8: stages.priorities[2].dots: t9 is not an option of this vote (t1, t2)"),
    ("attendance: [p001, p002]\nstages:\n  themes:\n    - { id: t1, text: \"One\" }\n    - { id: t2, text: \"Two\" }\n  priorities:\n    - { by: p002, dots: { t1: 2, t2: 2 } }\n",
     "bad.yaml:7: stages.priorities[1].dots: places 4 dots; each person has 3"),
    ("attendance: [p001, p002]\nstages:\n  themes:\n    - { id: t1, text: \"One\" }\n    - { id: t2, text: \"Two\" }\n  priorities:\n    - { by: p001, rank: [t1, t2] }\n",
     "bad.yaml:7: stages.priorities[1].rank: this vote takes cumulative ballots (dots: { id: n }), not rank"),
    ("attendance: [p001, p002]\nstages:\n  themes:\n    - { id: t1, text: \"One\" }\n    - { id: t2, text: \"Two\" }\n  priorities:\n    - { by: p001, dots: { t1: 3 } }\n    - { by: p001, dots: { t2: 3 } }\n",
     "bad.yaml:8: stages.priorities[2].by: 'p001' has already voted in this vote"),
    ("attendance: [p001]\nstages:\n  themes:\n    - { id: t1, text: \"One\" }\n  priorities:\n    - { by: p001, dots: { t1: 3 } }\n",
     "bad.yaml:5: stages.priorities: the stage was skipped (when(session) returned false), but the file gives it entries"),
    ("attendance: [p001, p002]\nstages:\n  next-steps:\n    - { text: \"Do it\", owner: Team, due: 2027-02-30 }\n",
     "bad.yaml:4: stages.next-steps[1].due: '2027-02-30' is not a date written YYYY-MM-DD"),
    ("attendance: [p001, p002]\nstages:\n  themes:\n    - { id: t1, text: \"One\" }\n    - { id: t2, text: \"Two\" }\n  priorities:\n    - { by: p001, dots: { t1: 3 } }\n    - decision: { outcome: rejected }\n",
     "bad.yaml:8: stages.priorities[2].decision.reasons: missing; a rejected decision must say why not all of it is done"),
    ("attendance: [p001, p002]\nstages:\n  themes:\n    - { id: t1, text: \"One\" }\n    - { id: t2, text: \"Two\" }\n  priorities: []\n",
     "bad.yaml:6: stages.priorities: no ballots were cast; every vote needs at least one ballot"),
    ("attendance: [p001, p002]\nstages:\n  themes:\n    - { id: t1, text: \"One\" }\n    - { id: t2, text: \"Two\" }\n",
     "bad.yaml: stages.priorities: no ballots were cast; every vote needs at least one ballot"),
  ]

  /// Every malformation is one exact line and leaves the workspace's content as it was: its
  /// log and a full export are the same bytes. (Byte-for-byte database files are compared in
  /// CoprodStoreTests: opening a database from a new process lets GRDB touch its header.)
  @Test func aMalformedInputsFileChangesNothing() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    func content() throws -> (String, Data) {
      _ = try ok(["export", "--include-personal-data", "--out", "\(ws)/state.jsonl"], in: ws)
      return (try ok(["log", "--json"], in: ws), try Data(contentsOf: URL(fileURLWithPath: "\(ws)/state.jsonl")))
    }
    let before = try content()
    for (yaml, error) in Self.badInputs {
      try yaml.write(toFile: "\(ws)/bad.yaml", atomically: true, encoding: .utf8)
      let result = try run(["run", "story-circle", "--inputs", "bad.yaml"], in: ws)
      #expect(result.status == 1, "\(error)")
      #expect(result.stdout == "")
      #expect(result.stderr == "coprod: \(error)\n")
    }
    let after = try content()
    #expect(after.0 == before.0)
    #expect(after.1 == before.1)
  }

  // MARK: Stage functions

  static let probe = """
    return coprod.session_format {
      name = "Probe",
      stages = {
        { id = "ideas", minutes = 5, capture = "idea" },
        { id = "maybe", capture = "comment", when = function(s) return #s:contributions("ideas") > 5 end },
        { id = "vote", max_rounds = 3,
          options = function(s)
            local list = {}
            for i, c in ipairs(s:contributions("ideas")) do
              if i <= 2 then list[#list + 1] = { id = "o" .. i, name = c.text or "(not quoted)", from = { c.id }, cost = 10 * i } end
            end
            return list
          end,
          repeat_until = function(s) return s:results("vote", s.iteration).winners[1] == "o2" end,
          vote = { rule = "dot-voting", settings = function(s) return { dots = 2 } end } },
      },
    }

    """

  @Test func stageFunctionsSkipBuildOptionsRepeatAndSetTheRule() throws {
    let ws = try Self.workspace("probe")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let plugin = try Self.format("probe", Self.probe, in: ws)
    try """
      attendance: [p001, p002, p003]
      stages:
        ideas:
          - { by: p001, text: "Evening repairs", consent: { quote: true } }
          - { by: p002, text: "Weekend repairs" }
          - { text: "A named contact" }
        vote:
          - - { by: p001, dots: { o1: 2 } }
            - { by: p002, dots: { o1: 1, o2: 1 } }
          - - { by: p001, dots: { o2: 2 } }
            - { by: p002, dots: { o2: 1 } }
            - { by: p003, dots: { o1: 1 } }

      """.write(toFile: "\(ws)/probe.yaml", atomically: true, encoding: .utf8)
    #expect(
      try ok(["run", plugin, "--inputs", "probe.yaml"], in: ws)
        == "recorded session s1: Probe, 3 people, 3 stage(s) run, 1 skipped; 3 contribution(s), decision(s) d1\nsee it with: coprod sessions show s1\n")
    #expect(
      Self.unhashed(try ok(["sessions", "show", "s1"], in: ws)).components(separatedBy: "\n").dropFirst(3).joined(separator: "\n") == """

        1. ideas
           produced 3 ideas
             s1-ideas-1: "Evening repairs"
             s1-ideas-2: (not quoted)
             s1-ideas-3: (not quoted)
        2. maybe: skipped (when(session) returned false)
        3. vote (round 1)
           options: o1 "Evening repairs" (cost 10); o2 "(not quoted)" (cost 20)
           vote: 2 ballot(s) counted by Dot voting (org.coprod.dot-voting 1.2.0)
             round 1: o1 3, o2 1
             chosen: o1 "Evening repairs"
        4. vote (round 2)
           options: o1 "Evening repairs" (cost 10); o2 "(not quoted)" (cost 20)
           vote: 3 ballot(s) counted by Dot voting (org.coprod.dot-voting 1.2.0)
             round 1: o1 1, o2 3
             chosen: o2 "(not quoted)"
           decision: d1

        """)
    let json = try ok(["sessions", "show", "s1", "--json"], in: ws)
    #expect(json.contains("Each person had 2 dot(s) to place (the dots setting)"))
    let decisions = try ok(["decisions", "list", "--json"], in: ws)
    #expect(decisions.contains("\"provenance\" : {\n      \"o1\" : [\n        \"s1-ideas-1\"\n      ],\n      \"o2\" : [\n        \"s1-ideas-2\"\n      ]\n    }"))
  }

  @Test func theSessionObjectShowsNoPerspectivesAuthorsOfAnonymousWordsOrSmallGroups() throws {
    let ws = try Self.workspace("privacy")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let source = """
      return coprod.session_format {
        name = "Peek",
        stages = {
          { id = "ideas", capture = "idea" },
          { id = "look", when = function(s)
              local seen = {}
              for _, c in ipairs(s:contributions()) do seen[#seen + 1] = c.id .. "=" .. tostring(c.author) .. "/" .. tostring(c.text) end
              for _, g in ipairs(s:attendance_by("perspective")) do seen[#seen + 1] = g.group .. ":" .. tostring(g.count) end
              local ok, problem = pcall(function() return table.concat(s:attendee("p001").perspectives, "+") end)
              seen[#seen + 1] = tostring(ok) .. " " .. tostring(problem)
              error(table.concat(seen, "; "))
            end },
        },
      }

      """
    let plain = try Self.format("peek", source, in: ws)
    try """
      attendance: [p001, p002, p003, p005, p009, p011]
      stages:
        ideas:
          - { by: p001, text: "Named", consent: { quote: true, name: first } }
          - { by: p002, text: "Anonymous but quotable", consent: { quote: true } }
          - { by: p003, text: "Private", consent: { name: full } }

      """.write(toFile: "\(ws)/peek.yaml", atomically: true, encoding: .utf8)
    try expectRefused(
      ["run", plain, "--inputs", "peek.yaml"],
      stderr: "coprod: plugin org.test.peek (format.lua:11): stage 'look': when(session): s1-ideas-1=nil/Named; s1-ideas-2=nil/Anonymous but quotable; s1-ideas-3=nil/nil; carer:nil; lived-experience:nil; resident:5; staff:nil; false format.lua:9: session:attendee needs the attendee-perspectives permission: list it in plugin.yaml, and the user must pass --grant attendee-perspectives\n",
      in: ws)
    try expectRefused(
      ["run", plain, "--inputs", "peek.yaml", "--grant", "attendee-perspectives"],
      stderr: "coprod: --grant attendee-perspectives: plugin org.test.peek does not ask for it in plugin.yaml; grant only what a plugin asks for\n",
      in: ws)
    let asking = try Self.format(
      "asking", source.replacingOccurrences(of: "\"Peek\"", with: "\"Asking\""), permissions: "[attendee-perspectives, participants]", in: ws)
    let granted = try run(["run", asking, "--inputs", "peek.yaml", "--grant", "attendee-perspectives", "--grant", "participants"], in: ws)
    #expect(granted.status == 1)
    // Authors with the participants grant, except the anonymous contribution's.
    #expect(granted.stderr.contains("when(session): s1-ideas-1=p001/Named; s1-ideas-2=nil/Anonymous but quotable; s1-ideas-3=p003/nil;"))
    #expect(granted.stderr.hasSuffix("; true resident+lived-experience\n"))
  }

  @Test func hostServicesSeatDrawOrderAndCount() throws {
    let ws = try Self.workspace("services")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let plugin = try Self.format(
      "services",
      """
      return coprod.session_format {
        name = "Services",
        stages = {
          { id = "look", when = function(s)
              local plan = s:tables { size = 2, mix = "perspective" }
              local seated = 0
              for _, group in ipairs(plan.rounds[1]) do seated = seated + #group end
              local panel = s:select_panel { size = 2, quotas = { { feature = "perspective", value = "resident", min = 0, max = 2 } } }
              local order = s:speaking_order { group = { "p001", "p002", "p003" } }
              local count = s:tally { rule = "plurality", options = { { id = "x", name = "X" }, { id = "y", name = "Y" } },
                ballots = { { rank = { "x" } }, { rank = { "y" } }, { rank = { "x" } } } }
              error(("seated %d; panel %d; order %s; winner %s"):format(seated, #panel.selected, table.concat(order, ","), count.winners[1]))
            end },
        },
      }

      """, in: ws)
    try "attendance: [p001, p002, p003]\n".write(toFile: "\(ws)/three.yaml", atomically: true, encoding: .utf8)
    try expectRefused(
      ["run", plugin, "--inputs", "three.yaml"],
      stderr: "coprod: plugin org.test.services (format.lua:12): stage 'look': when(session): seated 3; panel 2; order p002,p001,p003; winner x\n", in: ws)
  }

  @Test func aBudgetVoteThenAConsentRound() throws {
    let ws = try Self.workspace("budget")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let plugin = try Self.format(
      "budget",
      """
      return coprod.session_format {
        name = "Budget",
        stages = {
          { id = "projects", vote = { rule = "pb-greedy", ballot = "approval", budget = 100 },
            options = function(s)
              return { { id = "a", name = "Play area", cost = 40 }, { id = "b", name = "Benches", cost = 70 }, { id = "c", name = "Bins", cost = 30 } }
            end },
          { id = "agree", vote = { rule = "consent" },
            options = function(s)
              local list = {}
              for _, id in ipairs(s:results("projects").winners) do list[#list + 1] = { id = id, name = "Fund " .. id } end
              return list
            end },
        },
      }

      """, in: ws)
    try """
      attendance: [p001, p002, p003]
      stages:
        projects:
          - { by: p001, approve: [a, b] }
          - { by: p002, approve: [a, b] }
          - { by: p003, approve: [a, c] }
        agree:
          - { by: p001, consent: true }
          - { by: p002, object: "Bins alone will not fix the park" }
          - { by: p003, stand_aside: "Fine by me" }

      """.write(toFile: "\(ws)/budget.yaml", atomically: true, encoding: .utf8)
    _ = try ok(["run", plugin, "--inputs", "budget.yaml"], in: ws)
    #expect(
      try ok(["sessions", "show", "s1"], in: ws).components(separatedBy: "\n").dropFirst(4).joined(separator: "\n") == """
        1. projects
           options: a "Play area" (cost 40); b "Benches" (cost 70); c "Bins" (cost 30)
           vote: 3 ballot(s) counted by Participatory budgeting, greedy (org.coprod.pb-greedy 1.2.0)
             round 1: a 3, b 2, c 1
             chosen: a "Play area", c "Bins"
           decision: d1
        2. agree
           options: a "Fund a"; c "Fund c"
           vote: 3 ballot(s) counted by Consent (sociocratic) (org.coprod.consent 1.1.0)
             round 1: a 1 consent, 1 stand aside, 1 object, c 1 consent, 1 stand aside, 1 object
             chosen: nothing
           decision: d2

        """)
    #expect(try ok(["sessions", "show", "s1", "--json"], in: ws).contains("Bins alone will not fix the park"))
  }

  // MARK: Hostile formats

  static let hostile: [(lua: String, status: Int32, error: String)] = [
    ("{ id = \"a\", when = function(s) while true do end end }", 2,
     "plugin org.test.hostile (format.lua:4): stage 'a': when(session): instruction limit exceeded (100000 instructions), often a loop that never ends: check the loops near the line named; if the plugin is trusted and needs more, pass --max-instructions (host maximum 200000000000)"),
    ("{ id = \"a\", when = function(s) error(\"the room is on fire\") end }", 1,
     "plugin org.test.hostile (format.lua:4): stage 'a': when(session): the room is on fire"),
    ("{ id = \"a\", when = function(s) return 1 end }", 1,
     "plugin org.test.hostile (format.lua): stage 'a': when(session) returned number; expected true or false"),
    ("{ id = \"a\", vote = { rule = \"dot-voting\" }, options = function(s) return \"hello\" end }", 1,
     "plugin org.test.hostile (format.lua): stage 'a': options(session) returned string; expected a list of { id, name, cost?, from? }"),
    ("{ id = \"a\", vote = { rule = \"dot-voting\" }, options = function(s) return { { id = \"x\" } } end }", 1,
     "plugin org.test.hostile (format.lua): stage 'a': options(session) [1].name: expected the option's name (text), got nil"),
    ("{ id = \"a\", vote = { rule = \"dot-voting\" }, options = function(s) return { { id = \"x\", name = \"X\", from = { \"made-up\" } } } end }", 1,
     "plugin org.test.hostile (format.lua): stage 'a': options(session) [1].from: 'made-up' is not a contribution"),
    ("{ id = \"a\", groups = function(s) return { { \"nobody\" } } end }", 1,
     "plugin org.test.hostile (format.lua): stage 'a': groups(session) [1] names 'nobody', who is not present"),
    ("{ id = \"a\", when = function(s) return s:tables { size = 1 } end }", 1,
     "plugin org.test.hostile (format.lua:4): stage 'a': when(session): session:tables: size must be a whole number from 2 to 1000"),
    ("{ id = \"a\", vote = { rule = \"dot-voting\", ballot = \"ranked\" }, options = function(s) return { { id = \"x\", name = \"X\" } } end }", 1,
     "plugin org.test.hostile (format.lua): stage 'a': vote.ballot is ranked, but dot-voting counts cumulative or score ballots"),
    ("{ id = \"a\", when = function(s) return s:results() end }", 1,
     "plugin org.test.hostile (format.lua:4): stage 'a': when(session): bad argument #1 to 'results' (stage id expected, got nil)"),
    ("{ id = \"a\", when = function(s) s.stage = \"b\" return true end }", 1,
     "plugin org.test.hostile (format.lua:4): stage 'a': when(session): session is read-only"),
  ]

  @Test func pluginsCheckRehearsesAFormat() throws {
    let folder = try PluginCLITests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let plugin = try Self.format(
      "broken", "return coprod.session_format {\n  name = \"Broken\",\n  stages = {\n    { id = \"a\", vote = { rule = \"dot-voting\" }, options = function(s) return {} end },\n  },\n}\n",
      in: folder)
    let checked = try run(["plugins", "check", plugin], in: folder)
    #expect(checked.status == 1)
    #expect(checked.stdout == "")
    #expect(checked.stderr == "coprod: plugin org.test.broken (format.lua): stage 'a': options(session) returned an empty or keyed table; expected a list of { id, name, cost?, from? }\n")
  }

  static let badDefinitions: [(stages: String, error: String)] = [
    ("{ id = \"a\", when = 5 }", "stages[1].when: expected a function, got number"),
    ("{ id = \"a\", max_rounds = 0 }", "stages[1].max_rounds: expected a whole number of at least 1, got 0"),
    ("{ id = \"a\", max_rounds = 500 }", "stages[1].max_rounds: expected at most 100 rounds, got 500"),
    ("{ id = \"a\", options = function(s) end }", "stages[1].options: only a stage with a vote has options; add vote = { rule = … }"),
    ("{ id = \"b\", capture = \"idea\" }, { id = \"a\", vote = { rule = \"dot-voting\", options = \"b\" }, options = function(s) end }",
     "stages[2].options: give either vote.options (a stage id) or options (a function), not both"),
    ("{ id = \"a\", vote = { rule = \"dot-voting\", settings = { 1, 2 } } }", "stages[1].vote.settings: expected named settings, e.g. { dots = 3 }"),
    ("{ id = \"a\", vote = { rule = \"dot-voting\", settings = { dots = {} } } }", "stages[1].vote.settings.dots: expected a string, number or boolean, got table"),
    ("{ id = \"a\", vote = { rule = \"dot-voting\", ballot = \"dots\" } }", "stages[1].vote.ballot: 'dots' is not one of ranked, approval, score, cumulative"),
    ("{ id = \"a\", vote = { rule = \"pb-greedy\", budget = 0 } }", "stages[1].vote.budget: expected a whole number of at least 1, got 0"),
    ("{ id = \"a\", groups = 5 }", "stages[1].groups: expected coprod.groups.… { … } or a function, got number"),
    ("{ id = \"a\", groups = coprod.groups.tables { size = 8, stay = \"yes\" } }", "stages[1].groups.stay: expected true or false, got string"),
  ]

  @Test func badStageDefinitionsNameTheField() throws {
    let folder = try PluginCLITests.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for (stages, error) in Self.badDefinitions {
      try? FileManager.default.removeItem(atPath: "\(folder)/shapes")
      let plugin = try Self.format("shapes", "return coprod.session_format {\n  name = \"Shapes\",\n  stages = {\n    \(stages),\n  },\n}\n", in: folder)
      let checked = try run(["plugins", "check", plugin], in: folder)
      #expect(checked.status == 1, "\(error)")
      #expect(checked.stderr == "coprod: plugin org.test.shapes (format.lua:1): coprod.session_format.\(error)\n")
    }
  }

  @Test func hostileFormatsGiveOneLineAndWriteNothing() throws {
    let ws = try Self.workspace("hostile")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    try "attendance: [p001, p002]\n".write(toFile: "\(ws)/two.yaml", atomically: true, encoding: .utf8)
    let before = try ok(["log"], in: ws)
    for (stage, status, error) in Self.hostile {
      try? FileManager.default.removeItem(atPath: "\(ws)/hostile")
      let plugin = try Self.format("hostile", "return coprod.session_format {\n  name = \"Hostile\",\n  stages = {\n    \(stage),\n  },\n}\n", in: ws)
      let result = try run(["run", plugin, "--inputs", "two.yaml", "--max-instructions", "100000"], in: ws)
      #expect(result.status == status, "\(error)")
      #expect(result.stdout == "")
      #expect(result.stderr == "coprod: \(error)\n")
      #expect(try ok(["log"], in: ws) == before)
    }
  }
}
