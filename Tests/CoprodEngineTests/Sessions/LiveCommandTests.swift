// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Testing

/// The facilitator's line protocol, line by line.
@Suite("live sessions: parsing the line protocol")
struct LiveCommandTests {
  static let stages = ["welcome", "stories", "themes"]

  static func parse(_ line: String) throws -> LiveCommand? {
    try LiveCommand.parse(line, number: 7, stages: stages)
  }

  static func problem(_ line: String) -> String? {
    do {
      _ = try parse(line)
      return nil
    } catch {
      return "\(error)"
    }
  }

  @Test func blankLinesAndCommentsDoNothing() throws {
    #expect(try Self.parse("") == nil)
    #expect(try Self.parse("   \t ") == nil)
    #expect(try Self.parse("# the stories begin") == nil)
    #expect(try Self.parse("next   # the stories begin") == .next)
    #expect(try Self.parse(#"note "Theme #1" # from the first table"#) == .say(.init(by: nil, text: "Theme #1")))
  }

  @Test func wordsInQuotesKeepTheirSpacesQuotesAndBackslashes() throws {
    #expect(
      try Self.parse(#"say p001 "She said \"call me\" \\ twice" quote name=first id=t1 kind=idea from=stories.1,t0"#)
        == .say(
          .init(localID: "t1", by: "p001", text: #"She said "call me" \ twice"#, kind: .idea, quote: true, anonymity: .firstName, from: ["stories.1", "t0"])))
    #expect(try Self.parse(#"note "Call people back""#) == .say(.init(by: nil, text: "Call people back")))
    #expect(
      try Self.parse(#"commit "Pilot text updates" owner="Repairs team" due=2027-03-31 from=t1"#)
        == .commit(.init(text: "Pilot text updates", owner: "Repairs team", due: CalendarDate("2027-03-31"), from: ["t1"])))
    #expect(
      try Self.parse(#"decide outcome=partly-accepted by="The panel" reasons="Evenings need the union""#)
        == .decide(.init(decidedBy: "The panel", outcome: .partlyAccepted, reasons: "Evenings need the union")))
  }

  @Test func ballotsPassesAndConsent() throws {
    #expect(try Self.parse("ballot p001 t2 t1=t3") == .ballot(voter: "p001", marks: ["t2", "t1=t3"]))
    #expect(try Self.parse("dot p002 t1:2 t3") == .ballot(voter: "p002", marks: ["t1:2", "t3"]))
    #expect(try Self.parse("pass p003") == .pass("p003"))
    #expect(try Self.parse("consent p004") == .consent(voter: "p004", answer: 2, reason: nil))
    #expect(try Self.parse(#"object p005 "It harms the aim""#) == .consent(voter: "p005", answer: 0, reason: "It harms the aim"))
    #expect(try Self.parse(#"stand-aside p006 "Not my area""#) == .consent(voter: "p006", answer: 1, reason: "Not my area"))
    #expect(try Self.parse("attend p001 p002") == .attend(["p001", "p002"]))
    #expect(try Self.parse("next") == .next)
  }

  @Test func badLinesNameTheLineTheCommandAndTheField() {
    #expect(Self.problem(#"say p001 "open"#) == "line 7: say: a double quote is not closed")
    #expect(Self.problem("say p001") == "line 7: say.text: missing; give it in double quotes, e.g. say p001 \"what was said\"")
    #expect(Self.problem("say p001 Hello") == "line 7: say.text: missing; give it in double quotes, e.g. say p001 \"what was said\"")
    #expect(Self.problem(#"commit owner="Team""#) == "line 7: commit.text: missing; give it in double quotes, e.g. commit \"Pilot text updates\" owner=\"Repairs team\"")
    #expect(Self.problem(#"say p001 "Hi" name=nobody"#) == "line 7: say.name: 'nobody' is not one of anonymous, perspective, first, full")
    #expect(Self.problem(#"note "Hi" id=themes-2"#) == "line 7: note.id: 'themes-2' looks like the automatic id of a themes contribution; choose another, e.g. t1")
    #expect(Self.problem(#"note "Hi" kind=rant"#) == "line 7: note.kind: unknown kind 'rant' (use story, idea, comment or objection)")
    #expect(Self.problem(#"note "Hi" id=t1 id=t2"#) == "line 7: note.id: is given twice")
    #expect(Self.problem("attend p001 p001") == "line 7: attend.id: 'p001' is listed twice")
    #expect(Self.problem("attend") == "line 7: attend: give the ids of the people who arrived, e.g. attend p001 p002")
    #expect(Self.problem("next now") == "line 7: next: unexpected 'now'; see help")
    #expect(Self.problem("object p001") == "line 7: object.reason: missing; give it in double quotes, e.g. object p001 \"why\"")
    #expect(Self.problem("ballot p001") == "line 7: ballot.marks: missing; e.g. ballot p001 t1:2 t3")
    #expect(Self.problem("shout p001") == "line 7: shout: unknown command; type help for the list")
  }
}
