// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import Foundation
import Testing

/// A rule that attacks the `election` and `count` objects it is given.
@Suite("Hostile plugins: host objects")
struct HostObjectTamperingTests {
  static func count(_ body: String) -> Result<TallyRecord, PluginRunError> {
    do {
      let folder = try makePluginFolder(["rule.lua": "return coprod.voting_rule { name = 'x', ballot = 'ranked', count = function(election, count)\n\(body)\nend }"])
      defer { try? FileManager.default.removeItem(at: folder) }
      let sandbox = try LuaSandbox(pluginID: "org.test.hostile", root: folder, limits: HostilePluginTests.small)
      guard case .votingRule(let rule) = try sandbox.loadDefinition(entry: "rule.lua", kind: .votingRule) else {
        return .failure(PluginRunError(kind: .invalidResult, pluginID: "x", location: nil, message: "not a rule"))
      }
      var builder = BallotProfileBuilder(kind: .ranked, candidates: [Candidate(id: "A"), Candidate(id: "B")])
      builder.addRanked([[0], [1]], count: 3)
      builder.addRanked([[1]], count: 2)
      return .success(try sandbox.count(rule, input: ElectionInput(profile: builder.profile, seats: 1, budget: nil, settings: [:]), tieBreak: .inputOrder))
    } catch let error as PluginRunError {
      return .failure(error)
    } catch {
      return .failure(PluginRunError(kind: .load, pluginID: "x", location: nil, message: "\(error)"))
    }
  }

  static func message(_ body: String) -> String? {
    if case .failure(let error) = count(body) { return error.description }
    return nil
  }

  @Test(arguments: [
    ("election.kind = 'approval'", "plugin org.test.hostile (rule.lua:2): election is read-only"),
    ("rawset(election, 'kind', 'x')", "plugin org.test.hostile (rule.lua:2): bad argument #1 to 'rawset' (table expected, got election)"),
    ("setmetatable(election, {})", "plugin org.test.hostile (rule.lua:2): bad argument #1 to 'setmetatable' (table expected, got election)"),
    ("local mt = getmetatable(count) mt.__index = nil", "plugin org.test.hostile (rule.lua:2): attempt to index a string value (local 'mt')"),
    ("return election.secret", "plugin org.test.hostile (rule.lua:2): election has no field 'secret'"),
    ("election.first_preferences({ 'A' })", "plugin org.test.hostile (rule.lua:2): call election:first_preferences(…) with a colon"),
    ("count:elect('Z', 'nobody')", "plugin org.test.hostile (rule.lua:2): count:elect: 'Z' is not a candidate"),
    ("count:elect('A') count:elect('A')", "plugin org.test.hostile (rule.lua:2): count:elect: 'A' is already elected"),
    ("count:round { tally = { A = {} } }", "plugin org.test.hostile (rule.lua:2): count:round: tally['A'] must be a number or a string, got table"),
    ("table.sort({ 3, 2, 1 }, function(a, b) coroutine.yield() return a < b end)", "plugin org.test.hostile: attempt to yield from outside a coroutine"),
    ("coroutine.wrap(function() table.sort({ 3, 2, 1 }, function(a, b) coroutine.yield() end) end)()", "plugin org.test.hostile (rule.lua:2): attempt to yield across a C-call boundary"),
  ])
  func hostObjectsCannotBeTamperedWith(body: String, expected: String) {
    #expect(Self.message(body) == expected)
  }

  @Test func eachReadIsAFreshCopy() throws {
    let record = try Self.count("""
      local list = election.candidates
      list[1] = 'Z'
      table.insert(list, 'Y')
      count:round { note = table.concat(election.candidates, ',') }
      """).get()
    #expect(record.rounds.first?.notes.first?.text == "A,B")
  }

  @Test func hostHelpersWorkInsideCoroutines() throws {
    let record = try Self.count("""
      local co = coroutine.wrap(function()
        local tally = election:first_preferences(election.candidates)
        coroutine.yield(tally.A .. ',' .. tally.B)
      end)
      count:round { note = co() }
      """).get()
    #expect(record.rounds.first?.notes.first?.text == "3,2")
  }
}
