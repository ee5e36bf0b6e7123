// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// `coprod run FORMAT --live` and `coprod run --resume`: a facilitator at a terminal, or a
/// program speaking the line protocol.
@Suite("live sessions: the line protocol, a terminal, and resuming")
struct LiveSessionCLITests {
  /// A story circle of six, entered as it happens.
  static let script = [
    "attend p001 p002 p003",
    "attend p004 p005 p006",
    "next",
    "next",
    "say p001 \"The part was late three times.\" quote name=first",
    "pass p002",
    "say p003 \"Nobody rang me back.\" quote",
    "say p004 \"I could not read the letter.\"",
    "say p005 \"A text the day before would help.\" quote name=full",
    "say p006 \"Our group keeps a list.\" quote",
    "say p002 \"When a job moves team, nobody tells you.\" quote",
    "next",
    "note \"Waiting without news came up at both tables.\" quote",
    "next",
    "note \"Tell people before a visit\" id=t1 from=stories.1,stories.5 quote",
    "note \"Call people back\" id=t2 from=stories.2,stories.3 quote",
    "next",
    "dot p001 t1:2 t2",
    "dot p002 t2:3",
    "dot p003 t1 t1 t2",
    "dot p004 t2",
    "dot p005 t1:3",
    "dot p006 t1:2 t2:1",
    "decide by=\"The circle, with the repairs manager\" rationale=\"Most dots.\"",
    "commit \"Pilot text updates\" owner=\"Repairs team\" due=2027-03-31 from=t1",
    "next",
    "end",
  ]

  /// Runs `lines` through the line protocol (standard input not a terminal).
  static func protocolRun(_ arguments: [String], _ lines: [String], in ws: String) throws -> (status: Int32, stdout: String, stderr: String) {
    let input = "\(ws)/input-\(UUID().uuidString).txt"
    try (lines.joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: input) }
    let process = Process()
    process.currentDirectoryURL = URL(fileURLWithPath: ws)
    process.executableURL = coprodBinary
    process.arguments = arguments
    process.environment = cliEnvironment()
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
  }

  /// `sessions show s1 --json` with recording times blanked.
  static func untimed(_ ws: String) throws -> String {
    try ok(["sessions", "show", "s1", "--json"], in: ws)
      .replacingOccurrences(of: #""(started|ended|closed)" : "[0-9T:Z-]+""#, with: "TIME", options: .regularExpression)
  }

  // MARK: The line protocol

  @Test func theLineProtocolRunsAStoryCircleEntryByEntry() throws {
    let ws = try SessionCLITests.workspace("live")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let result = try Self.protocolRun(["run", "story-circle", "--live"], Self.script, in: ws)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    #expect(
      result.stdout == """
      session s1: Story Circle (org.coprod.story-circle 1.1.0), live, seed 0
      arriving: 0 present; next begins stage 1 of 6: welcome
      ready s1 arriving
      ok: p001, p002, p003 present (3 people)
      ready s1 arriving
      ok: p004, p005, p006 present (6 people)
      ready s1 arriving
      stage 1 of 6: welcome — Welcome and agreements
      prompt: No interruptions. You may pass. What is shared stays here unless you agree.
      time: 10:00 left of 10 min
      ready s1 welcome 1
      ended: welcome
      stage 2 of 6: stories — Stories
      prompt: Tell us about a time when {{topic}} made a difference to you.
      time: 45:00 left of 45 min
      captures: story
      table 1: p001, p002, p003, p004, p005, p006
      turn 1: p004 (then p002, p003, p005, p001, p006)
      ready s1 stories 1
      ok: s1-stories-1 (p001)
      turn 1: p004 (then p002, p003, p005, p006)
      ready s1 stories 1
      ok: p002 passed
      turn 1: p004 (then p003, p005, p006, p002)
      ready s1 stories 1
      ok: s1-stories-2 (p003)
      turn 1: p004 (then p005, p006, p002)
      ready s1 stories 1
      ok: s1-stories-3 (p004)
      turn 1: p005 (then p006, p002)
      ready s1 stories 1
      ok: s1-stories-4 (p005)
      turn 1: p006 (then p002)
      ready s1 stories 1
      ok: s1-stories-5 (p006)
      turn 1: p002 (passed earlier)
      ready s1 stories 1
      ok: s1-stories-6 (p002)
      turn 1: everyone has spoken
      ready s1 stories 1
      ended: stories
      stage 3 of 6: reflection — Reflection
      prompt: What did you hear? What surprised you? Speak about the stories, not the tellers.
      time: 15:00 left of 15 min
      captures: comment
      ready s1 reflection 1
      ok: s1-reflection-1
      ready s1 reflection 1
      ended: reflection
      stage 4 of 6: themes — Themes
      prompt: What do these stories have in common? Name each theme in a few words.
      time: 15:00 left of 15 min
      captures: idea
      ready s1 themes 1
      ok: s1-t1
      ready s1 themes 1
      ok: s1-t2
      ready s1 themes 1
      ended: themes
      stage 5 of 6: priorities — Priorities
      time: 10:00 left of 10 min
      vote: dot-voting, cumulative ballots, 3 dots each; 0 of 6 cast
      option t1: Tell people before a visit
      option t2: Call people back
      ready s1 priorities 1
      ok: ballot from p001 (1 of 6)
      ready s1 priorities 1
      ok: ballot from p002 (2 of 6)
      ready s1 priorities 1
      ok: ballot from p003 (3 of 6)
      ready s1 priorities 1
      ok: ballot from p004 (4 of 6)
      ready s1 priorities 1
      ok: ballot from p005 (5 of 6)
      ready s1 priorities 1
      ok: ballot from p006 (6 of 6)
      ready s1 priorities 1
      counted: 6 ballot(s) by Dot voting; chosen: t1 "Tell people before a visit"
      decision: d1 (accepted)
      ended: priorities
      stage 6 of 6: next-steps — Next steps
      prompt: Who will do what, by when? How will we tell everyone what happened?
      time: 10:00 left of 10 min
      captures: commitment
      ready s1 next-steps 1
      ok: commitment k1
      ready s1 next-steps 1
      ended: next-steps
      finished: every stage has ended; end closes the session
      ready s1 finished
      closed: session s1
      recorded session s1: Story Circle, 6 people, 6 stage(s) run; 9 contribution(s), decision(s) d1, commitment(s) k1
      see it with: coprod sessions show s1

      """)
    #expect(try ok(["sessions", "list"], in: ws).contains("s1\t2026-03-01T09:00:00Z\tStory Circle (org.coprod.story-circle 1.1.0)\t6\t6\td1\tk1\n"))
    #expect(try ok(["sessions", "show", "s1"], in: ws).contains("live, seed 0; started 2026-03-01T09:00:00Z, closed 2026-03-01T09:00:00Z\n"))
    #expect(try ok(["verify"], in: ws).hasSuffix("ok: the stored tables are exactly what the event log produces\n"))
  }
}

extension LiveSessionCLITests {
  /// Bad lines, each with the line it is inserted before in ``script`` and its exact error.
  static let badLines: [(before: Int, line: String, error: String)] = [
    (0, "next", "error: line 1: next: nobody is present yet; record attendance first"),
    (1, "attend p001", "error: line 3: attend: 'p001' is already present"),
    (1, "attend p007 p099", "error: line 4: attend: no participant 'p099' in this workspace; import them first (coprod participants import)"),
    (3, "say p001 \"Hello\"", "error: line 7: say: stage 'welcome' captures nothing; stories, ideas and comments belong in a stage with capture"),
    (4, "say p007 \"Hello\"", "error: line 9: say.by: 'p007' is not present (attendance: p001, p002, p003, p004, p005, p006)"),
    (4, "say p001 \"unfinished", "error: line 10: say: a double quote is not closed"),
    (4, "say p001 \"Hi\" colour=red", "error: line 11: say: unexpected 'colour=red' (options: quote, name=…, id=…, kind=…, from=…)"),
    (4, "pass", "error: line 12: pass.id: missing; give a participant id, e.g. pass p001"),
    (4, "dot p001 t1", "error: line 13: ballot: this stage holds no vote"),
    (14, "note \"Theme\" id=stories-2", "error: line 24: note.id: 'stories-2' looks like the automatic id of a stories contribution; choose another, e.g. t1"),
    (14, "note \"Theme\" from=stories.9", "error: line 25: note.from: stories.9: stage 'stories' has only 6 contribution(s) so far"),
    (17, "next", "error: line 29: next: stage 'priorities': no ballots were cast; every vote needs at least one ballot"),
    (17, "dot p001 t9", "error: line 30: ballot.dots: t9 is not an option of this vote (t1, t2)"),
    (17, "dot p001 t1:2 t2:2", "error: line 31: ballot.dots: places 4 dots; each person has 3"),
    (18, "dot p001 t2", "error: line 33: ballot.by: 'p001' has already voted in this vote"),
    (23, "decide outcome=rejected", "error: line 39: decide.reasons: missing; a rejected decision must say why not all of it is done"),
    (24, "commit \"Do it\"", "error: line 41: commit.owner: missing; say who will do it, e.g. owner=\"Repairs team\""),
    (24, "commit \"Do it\" owner=Team due=2027-02-30", "error: line 42: commit.due: '2027-02-30' is not a date written YYYY-MM-DD"),
    (25, "end", "error: line 44: end: the session has stages still to run"),
    (25, "fly", "error: line 45: fly: unknown command; type help for the list"),
  ]

  /// Every bad line is answered with one exact error and writes nothing: the session, with
  /// bad lines among the good ones (one of them a `next` that fails counting the vote),
  /// ends exactly like the clean run, with the same events.
  @Test func aBadLineIsOneErrorAndWritesNothing() throws {
    let clean = try SessionCLITests.workspace("live-clean")
    let messy = try SessionCLITests.workspace("live-messy")
    defer { for ws in [clean, messy] { try? FileManager.default.removeItem(atPath: ws) } }
    #expect(try Self.protocolRun(["run", "story-circle", "--live"], Self.script, in: clean).status == 0)
    var lines: [String] = []
    for (index, line) in Self.script.enumerated() {
      lines += Self.badLines.filter { $0.before == index }.map(\.line)
      lines.append(line)
    }
    let result = try Self.protocolRun(["run", "story-circle", "--live"], lines, in: messy)
    #expect(result.status == 0)
    #expect(result.stdout.split(separator: "\n").filter { $0.hasPrefix("error: ") }.map(String.init) == Self.badLines.map(\.error))
    #expect(try Self.untimed(messy) == Self.untimed(clean))
    #expect(try ok(["log"], in: messy).split(separator: "\n").count == ok(["log"], in: clean).split(separator: "\n").count)
  }
}

// MARK: - A terminal, a crash, and resuming

extension LiveSessionCLITests {
  /// Types `lines` into `terminal`, waiting after each for the input line to come back
  /// (the entry is recorded by then).
  static func type(_ lines: ArraySlice<String>, into terminal: PseudoTerminal) throws {
    for line in lines {
      terminal.type(line)
      if line != "end" { try terminal.waitFor(" › ") }
    }
  }

  /// In a terminal the screen shows the stage, its timer, the table and whose turn it is; a
  /// run killed (SIGKILL) in the middle of the stories, resumed in a terminal, ends exactly
  /// like the uninterrupted run (apart from recording times).
  @Test func aLiveRunKilledMidStageAndResumedEndsLikeAnUninterruptedOne() throws {
    let clean = try SessionCLITests.workspace("live-clean")
    let crashed = try SessionCLITests.workspace("live-crashed")
    defer { for ws in [clean, crashed] { try? FileManager.default.removeItem(atPath: ws) } }
    #expect(try Self.protocolRun(["run", "story-circle", "--live"], Self.script, in: clean).status == 0)

    let first = try PseudoTerminal(["run", "story-circle", "--live"], in: crashed)
    let opening = try first.waitFor("s1 arriving › ")
    #expect(opening.contains("coprod live · s1 · Story Circle · arriving: 0 present; next begins stage 1 of 6: welcome"))
    #expect(opening.contains("session s1: Story Circle (org.coprod.story-circle 1.1.0), live, seed 0"))
    try Self.type(Self.script[0..<3], into: first)
    first.type(Self.script[3])  // next: the stories begin
    let stories = try first.waitFor("s1 stories 1 › ")
    #expect(stories.contains("coprod live · s1 · Story Circle · stage 2 of 6: stories — Stories\r\n"))
    #expect(stories.contains("\r\ntime: 45:00 left of 45 min\r\n"))
    #expect(stories.contains("\r\ntable 1: p001, p002, p003, p004, p005, p006\r\n"))
    #expect(stories.contains("\r\nturn 1: p004 (then p002, p003, p005, p001, p006)\r\n"))
    try Self.type(Self.script[4..<7], into: first)
    first.killAtOnce()
    #expect(first.process.terminationReason == .uncaughtSignal)
    #expect(try ok(["sessions", "list"], in: crashed).contains("s1\t2026-03-01T09:00:00Z\tStory Circle (org.coprod.story-circle 1.1.0)\t6\t2\t-\t-\n"))

    let second = try PseudoTerminal(["run", "--resume", "s1"], in: crashed)
    let resumed = try second.waitFor("s1 stories 1 › ")
    #expect(resumed.contains("resumed s1: Story Circle (org.coprod.story-circle 1.1.0), live, seed 0"))
    #expect(resumed.contains("\r\nturn 1: p004 (then p005, p006, p002)\r\n"))
    try Self.type(Self.script[7...], into: second)
    let (status, shown) = second.finish()
    #expect(status == 0)
    #expect(shown.contains("closed: session s1\r\nrecorded session s1: Story Circle, 6 people, 6 stage(s) run; 9 contribution(s), decision(s) d1, commitment(s) k1\r\n"))
    #expect(try Self.untimed(crashed) == Self.untimed(clean))
    #expect(try ok(["verify"], in: crashed).hasSuffix("ok: the stored tables are exactly what the event log produces\n"))
  }

  @Test func resumingIsRefusedWhenThereIsNothingToCarryOn() throws {
    let ws = try SessionCLITests.workspace("live-refused")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    #expect(try Self.protocolRun(["run", "story-circle", "--live"], Self.script, in: ws).status == 0)
    try expectRefused(["run", "--resume", "s1"], stderr: "coprod: session s1 is closed; there is nothing to resume\n", in: ws)
    try expectRefused(["run", "--resume", "s9"], stderr: "coprod: no session 's9' in this workspace; see coprod sessions list\n", in: ws)
    #expect(try Self.protocolRun(["run", "story-circle", "--live", "--seed", "4"], ["attend p001", "quit"], in: ws).stdout.hasSuffix(
      "ok: p001 present (1 person)\nready s2 arriving\nstopped: session s2 is not closed; carry on with: coprod run --resume s2\n"))
    try expectRefused(
      ["run", "world-cafe", "--resume", "s2"], stderr: "coprod: session s2 runs org.coprod.story-circle, not org.coprod.world-cafe; leave out the format or give that one\n", in: ws)
    try expectRefused(["run", "--resume", "s2", "--seed", "5"], stderr: "coprod: session s2 runs with seed 4; leave out --seed\n", in: ws)
    let resumed = try Self.protocolRun(["run", "--resume", "s2"], ["status"], in: ws)
    #expect(resumed.stdout == """
      resumed s2: Story Circle (org.coprod.story-circle 1.1.0), live, seed 4
      arriving: 1 present (p001); next begins stage 1 of 6: welcome
      ready s2 arriving
      arriving: 1 present (p001); next begins stage 1 of 6: welcome
      ready s2 arriving
      stopped: session s2 is not closed; carry on with: coprod run --resume s2

      """)
  }
}

// MARK: - Rehearsal

extension LiveSessionCLITests {
  /// A rehearsal inside a workspace shows the timeline with minutes and the total, the
  /// tables with their scores, speaking orders and whether the turns fit the stage, the
  /// simulated vote and its count, and leaves the workspace exactly as it was.
  @Test func aRehearsalInAWorkspaceShowsThePlanAndWritesNothing() throws {
    let ws = try SessionCLITests.workspace("rehearsal")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let before = try ok(["log"], in: ws)
    let files = try FileManager.default.contentsOfDirectory(atPath: ws).sorted()
    let plugin = try SessionCLITests.format(
      "tight",
      """
      return coprod.session_format {
        name = "Tight",
        stages = {
          { id = "stories", minutes = 20, capture = "story", groups = coprod.groups.tables { size = 6, mix = "perspective" },
            turns = coprod.turns.round_robin { minutes_each = 5, allow_pass = true } },
          { id = "choose", minutes = 5, vote = { rule = "approval" },
            options = function(s) return { { id = "a", name = "A" }, { id = "b", name = "B" } } end },
        },
      }

      """, in: ws)
    let rehearsal = try ok(["run", plugin, "--dry-run", "--people", "10", "--seed", "2"], in: ws)
    let lines = rehearsal.split(separator: "\n").map(String.init)
    #expect(lines.first == "rehearsal of Tight (org.test.tight 1.0.0) with 10 simulated people, seed 2")
    #expect(lines.contains("1. stories (20 min)"))
    #expect(lines.contains { $0.hasPrefix("   groups: tables (diversity ") })
    #expect(lines.contains("   turns: 5 people × 5 min = 25 min at the largest table — longer than the stage's 20 min"))
    #expect(lines.contains("2. choose (5 min)"))
    #expect(lines.contains { $0.hasPrefix("   vote: 10 ballot(s) counted by Approval (org.coprod.approval ") })
    #expect(lines.contains { $0.hasPrefix("     chosen: ") })
    #expect(lines.suffix(2) == ["total: 25 minutes", "nothing was written (a rehearsal on simulated people and words)"])
    #expect(try ok(["log"], in: ws) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: ws).sorted() == (files + ["tight"]).sorted())
    #expect(try ok(["sessions", "list"], in: ws).hasPrefix("no sessions yet"))
  }
}

// MARK: - Stopping anywhere

extension LiveSessionCLITests {
  /// A format with a Lua-built ranked vote (ties), a stage that runs twice with a vote each
  /// round, a consent round on the winners, and commitments that follow an option.
  static let rounds = """
    return coprod.session_format {
      name = "Rounds",
      stages = {
        { id = "ideas", minutes = 5, capture = "idea" },
        { id = "rank", minutes = 5, vote = { rule = "borda" },
          options = function(s) return { { id = "a", name = "A" }, { id = "b", name = "B" }, { id = "c", name = "C" } } end },
        { id = "score", minutes = 5, max_rounds = 2, vote = { rule = "score" }, options = function(s)
            local list = {}
            for _, id in ipairs(s:results("rank").winners) do list[#list + 1] = { id = id, name = "Round " .. s.iteration .. " " .. id } end
            list[#list + 1] = { id = "z", name = "Nothing" }
            return list
          end },
        { id = "agree", vote = { rule = "consent" },
          options = function(s) return { { id = "go", name = "Go ahead" } } end },
        { id = "do", capture = "commitment" },
      },
    }

    """

  static let roundsScript = [
    "attend p001 p002 p003", "next",
    "note \"First idea\" quote", "say p002 \"Second idea\" kind=comment", "next",
    "ballot p001 a b=c", "ballot p002 b a", "ballot p003 a=b c", "next",
    "ballot p001 a:3 z:1", "ballot p002 a:1 z:2", "next",
    "ballot p001 a:2 z:2", "ballot p003 a:0 z:5", "next",
    "consent p001", "object p002 \"Not yet safe\"", "stand-aside p003 \"Fine by me\"",
    "decide outcome=partly-accepted reasons=\"An objection stands\"",
    "commit \"Go ahead in spring\" owner=\"Parks team\" from=go", "commit \"Write up the ideas\" owner=Officer from=ideas.1,ideas.2", "next", "end",
  ]

  /// Stopping after any line (`quit`, then `--resume`), even several times, ends exactly
  /// like the run that never stopped: repeated stages, ranked ties, consent answers with
  /// reasons, decisions and commitments replay as recorded.
  @Test func stoppingAfterAnyLineAndResumingEndsTheSame() throws {
    let clean = try SessionCLITests.workspace("live-rounds")
    defer { try? FileManager.default.removeItem(atPath: clean) }
    let plugin = try SessionCLITests.format("rounds", Self.rounds, in: clean)
    let whole = try Self.protocolRun(["run", plugin, "--live", "--seed", "9"], Self.roundsScript, in: clean)
    #expect(whole.stdout.split(separator: "\n").filter { $0.hasPrefix("error") }.isEmpty)
    #expect(whole.stdout.contains("decision: d3 (partly-accepted)\n"))
    let expected = try Self.untimed(clean)
    for stops in [[1, 5, 9, 13, 19], [7, 12, 17, 21]] {
      let ws = try SessionCLITests.workspace("live-stops")
      defer { try? FileManager.default.removeItem(atPath: ws) }
      _ = try SessionCLITests.format("rounds", Self.rounds, in: ws)
      var from = 0
      for stop in stops + [Self.roundsScript.count] {
        let arguments = from == 0 ? ["run", "rounds", "--live", "--seed", "9"] : ["run", "rounds", "--resume", "s1"]
        let part = try Self.protocolRun(
          arguments.map { $0 == "rounds" ? "\(ws)/rounds" : $0 }, Array(Self.roundsScript[from..<stop]), in: ws)
        #expect(part.status == 0 && part.stderr == "")
        #expect(part.stdout.split(separator: "\n").filter { $0.hasPrefix("error") }.isEmpty, "\(part.stdout)")
        from = stop
      }
      #expect(try Self.untimed(ws) == expected)
    }
  }
}

extension LiveSessionCLITests {
  /// On the real clock the timer on the screen's second line counts down every second,
  /// rewritten in place (the cursor saved and restored around it).
  @Test func theTimerCountsDownInTheTerminal() throws {
    let ws = try SessionCLITests.workspace("live-timer")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    var env = cliEnvironment()
    env["COPROD_NOW"] = nil
    let terminal = try PseudoTerminal(["run", "story-circle", "--live"], env: env, in: ws)
    try terminal.waitFor("s1 arriving › ")
    try Self.type(["attend p001 p002", "next"], into: terminal)
    try terminal.waitFor("\u{1B}7\u{1B}[2;1H\u{1B}[2Ktime: 9:58 left of 10 min\u{1B}8", timeout: 20)
    terminal.type("quit")
    let (status, shown) = terminal.finish()
    #expect(status == 0)
    #expect(shown.contains("stopped: session s1 is not closed; carry on with: coprod run --resume s1\r\n"))
  }
}

extension LiveSessionCLITests {
  /// The example in docs/formats/README.md § Running on the day runs as written.
  @Test func theFormatsGuidesLiveExampleRuns() throws {
    let ws = try SessionCLITests.workspace("live-guide")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let guide = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/formats/README.md"), encoding: .utf8)
    let block = try #require(guide.components(separatedBy: "```text\n").dropFirst().first?.components(separatedBy: "```").first)
    let result = try Self.protocolRun(["run", "story-circle", "--live", "--seed", "7"], block.split(separator: "\n").map(String.init), in: ws)
    #expect(result.status == 0)
    #expect(!result.stdout.contains("error"))
    #expect(result.stdout.hasSuffix(
      "closed: session s1\nrecorded session s1: Story Circle, 4 people, 6 stage(s) run; 5 contribution(s), decision(s) d1, commitment(s) k1\nsee it with: coprod sessions show s1\n"))
  }
}
