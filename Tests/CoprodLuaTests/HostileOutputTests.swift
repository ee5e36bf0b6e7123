// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import Testing

/// What a plugin hands back to the host is bounded too: notes, tallies, documents and error
/// messages cannot grow the host beyond the run's memory limit or flood the terminal.
@Suite("Hostile plugins: output")
struct HostileOutputTests {
  static let limits = LuaLimits(memoryBytes: 16 << 20, instructions: 50_000_000, seconds: 20)

  static var profile: BallotProfile {
    var builder = BallotProfileBuilder(kind: .ranked, candidates: ["a", "b"].map { Candidate(id: $0) })
    builder.addRanked([[0], [1]], count: 3)
    return builder.profile
  }

  func failure(_ body: String) throws -> String? {
    let source = """
      return coprod.voting_rule { name = "x", ballot = "ranked", count = function(election, count)
      \(body)
      end }
      """
    if case .failure(let error) = try runRule(source, on: Self.profile, limits: Self.limits) { return error.description }
    return nil
  }

  @Test func notesInALoopStopAtTheMemoryLimit() throws {
    // Each note is 1 MiB, freed in Lua once copied; 1,000 of them would be 1 GiB in the host.
    #expect(
      try failure("for i = 1, 1000 do count:note(string.rep('n', 1 << 20)) end")
        == "plugin org.test.rule (rule.lua:2): count:note: the output is over its limit of 16 MiB (the memory limit); write shorter notes, or pass --max-memory if the plugin is trusted")
  }

  @Test func catchingTheOutputErrorAddsNothing() throws {
    let source = """
      return coprod.voting_rule { name = "x", ballot = "ranked", count = function(election, count)
        for i = 1, 100 do pcall(count.note, count, string.rep('n', 1 << 20)) end
        count:elect("a")
      end }
      """
    let record = try runRule(source, on: Self.profile, limits: Self.limits).get()
    let noteBytes = record.rounds.flatMap(\.notes).filter { $0.action == nil }.reduce(0) { $0 + $1.text.utf8.count }
    #expect(noteBytes <= 16 << 20)
    #expect(record.winners == ["a"])
  }

  @Test func tallyEntriesCountToo() throws {
    #expect(
      try failure("for i = 1, 1000 do count:round { tally = { a = string.rep('t', 1 << 20) } } end")
        == "plugin org.test.rule (rule.lua:2): count:round: the output is over its limit of 16 MiB (the memory limit); write shorter notes, or pass --max-memory if the plugin is trusted")
  }

  @Test func aCyclicTallyIsNamed() throws {
    #expect(
      try failure("local t = {} t[1] = t count:round { tally = { a = t } }")
        == "plugin org.test.rule (rule.lua:2): count:round: tables are nested more than 200 deep (at tally.a[1][1]…)")
  }

  @Test func aHugeErrorMessageIsCutToOneShortLine() throws {
    let expected = "plugin org.test.rule (rule.lua:2): " + String(repeating: "z", count: 500) + "… (99500 more characters)"
    #expect(try failure("error(string.rep('z', 100000))") == expected)
    #expect(try failure("error('first line\\nsecond line')") == "plugin org.test.rule (rule.lua:2): first line")
  }

  @Test func anErrorWithoutAMessageStillNamesTheLine() throws {
    #expect(try failure("error()") == "plugin org.test.rule (rule.lua:2): error raised with a nil value instead of a message")
    #expect(
      try failure("error(setmetatable({}, { __tostring = function() return 'a table that explains itself' end }))")
        == "plugin org.test.rule: a table that explains itself")
  }
}
