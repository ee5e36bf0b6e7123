// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import Testing

/// The host reads and writes what a plugin owns with raw operations only: no metamethod of a
/// plugin runs for the host, so none can raise an error across a Swift frame (which would
/// leave the memory cap switched off). Each case ends with a memory bomb that must still hit
/// the cap, and a fresh run that must still work.
@Suite("Metamethods on plugin tables")
struct MetamethodTests {
  static let small = LuaLimits(memoryBytes: 32 << 20, instructions: 20_000_000, seconds: 20)
  static let capStillHolds = "plugin org.test.hostile (main.lua:3): memory limit exceeded (32 MiB); if the plugin is trusted and needs more, pass --max-memory (host maximum 8G)"

  /// `setup` runs (its errors caught), then a 1 GiB string must hit the 32 MiB cap.
  func capAfter(_ setup: String) -> String? {
    runChunk("local ok, err = pcall(function()\n\(setup)\nend) local s = string.rep('x', 1 << 30)\n return #s", limits: Self.small).errorText
  }

  @Test(arguments: [
    // The constructor marks the definition table: a __newindex that raises must not run.
    "coprod.voting_rule(setmetatable({ name = 'x', ballot = 'ranked', count = print }, { __newindex = function() error('gotcha') end }))",
    "coprod.report(setmetatable({ name = 'x', input = 'tally', render = print }, { __newindex = function() error('gotcha') end }))",
    "coprod.session_format(setmetatable({ name = 'x', stages = { { id = 'a' } } }, { __newindex = function() error('gotcha') end }))",
    // Reading what a plugin passes: __index, __len, __pairs must not run.
    "coprod.voting_rule(setmetatable({}, { __index = function() error('gotcha') end, __len = function() error('gotcha') end, __pairs = function() error('gotcha') end }))",
    "coprod.session_format { name = 'x', stages = setmetatable({ { id = 'a' } }, { __index = function() error('gotcha') end, __len = function() error('gotcha') end }) }",
  ])
  func constructorsNeverRunMetamethods(setup: String) {
    #expect(capAfter(setup) == Self.capStillHolds)
    #expect(freshRunWorks())
  }

  @Test func theDefinitionIsMarkedRawly() {
    let source = """
      local t = setmetatable({ name = 'x', ballot = 'ranked', count = print }, { __newindex = function() error('gotcha') end })
      local d = coprod.voting_rule(t)
      return rawget(d, '__kind') .. (rawequal(d, t) and ' same' or ' other')
      """
    #expect(runChunk(source).value == .string("voting-rule same"))
  }

  @Test func aMissingFieldBehindIndexIsMissing() {
    #expect(
      runChunk("return coprod.voting_rule(setmetatable({}, { __index = function() return 'x' end }))").errorText
        == "plugin org.test.hostile (main.lua:1): coprod.voting_rule.name: is required (a string)")
  }

  @Test func returnedValuesAreReadRawly() {
    let source = """
      local boom = function() error('gotcha') end
      return setmetatable({ 1, 2, x = 'y' }, { __index = boom, __len = boom, __pairs = boom, __eq = boom, __tostring = boom, __name = 'Evil' })
      """
    #expect(runChunk(source).value == .table(LuaTable(array: [.integer(1), .integer(2)], fields: ["x": .string("y")])))
  }

  @Test func numberKeysAreNotTurnedIntoStrings() {
    // lua_tolstring on a number key would convert it in place and break the walk.
    let value = runChunk("return { [1.5] = 'a', [2^53] = 'b', [-1] = 'c', name = 'n' }").value
    #expect(value?.tableValue?.otherKeys.sorted() == ["key -1", "key 9007199254740992", "a number key"].sorted())
    #expect(value?.tableValue?["name"] == .string("n"))
  }

  @Test(arguments: [
    ("count:round(setmetatable({}, { __index = function() error('gotcha') end, __pairs = function() error('gotcha') end }))", nil),
    ("count:round { tally = setmetatable({ a = 1 }, { __index = function() error('gotcha') end, __newindex = function() error('gotcha') end }) }", nil),
    ("count:break_tie(setmetatable({ 'a', 'b' }, { __len = function() error('gotcha') end, __index = function() error('gotcha') end }), 'x')", nil),
    ("election:first_preferences(setmetatable({ 'a' }, { __len = function() return 1e9 end, __index = function() error('gotcha') end }))", nil),
    // Host arguments are never coerced: no __tostring, __concat, __eq or __name runs.
    ("count:note(setmetatable({}, { __tostring = function() error('gotcha') end, __concat = function() error('gotcha') end, __name = 'string' }))",
     "plugin org.test.rule (rule.lua:2): bad argument #1 to 'note' (string expected, got table)"),
    ("count:elect(setmetatable({}, { __eq = function() return true end, __tostring = function() return 'a' end }))",
     "plugin org.test.rule (rule.lua:2): bad argument #1 to 'elect' (candidate id expected, got table)"),
  ] as [(String, String?)])
  func hostMethodsNeverRunMetamethods(body: String, expected: String?) {
    #expect(runCount(body).errorText == expected)
    #expect(freshRunWorks())
  }

  @Test func documentTablesAreReadRawly() throws {
    let source = """
      return coprod.report { name = 'r', input = 'tally', render = function(data, doc)
        local boom = function() error('gotcha') end
        doc:table(setmetatable({ columns = { 'a' }, rows = setmetatable({ { 1 } }, { __index = boom, __len = boom }) }, { __index = boom }))
        doc:list(setmetatable({ 'x' }, { __index = boom, __len = boom }), setmetatable({}, { __eq = boom }))
      end }
      """
    #expect(try runReport(source, data: .nil).get() == "| a |\n| --- |\n| 1 |\n\n1. x\n")
  }

  // MARK: Error values

  @Test(arguments: [
    // An error value whose __tostring raises: the message handler is protected.
    ("error(setmetatable({}, { __tostring = function() error('again') end }))", "plugin org.test.hostile (main.lua:1): again"),
    // __name is not consulted for the host's own wording.
    ("error(setmetatable({}, { __name = 'Evil\\nname' }))", "plugin org.test.hostile (main.lua:1): error raised with a table value instead of a message"),
    ("error(setmetatable({}, { __tostring = function() return {} end }))", "plugin org.test.hostile (main.lua:1): error raised with a table value instead of a message"),
    ("local mt = {} mt.__index = function(t, k) return t[k] end error(setmetatable({}, mt))", "plugin org.test.hostile (main.lua:1): error raised with a table value instead of a message"),
  ])
  func errorValuesWithMetatables(source: String, expected: String) {
    #expect(runChunk(source).errorText == expected)
    #expect(freshRunWorks())
  }

  @Test func aToStringThatLoopsHitsTheLimit() {
    #expect(
      runChunk("error(setmetatable({}, { __tostring = function() while true do end end }))", limits: Self.small).errorText
        == "plugin org.test.hostile (main.lua:1): instruction limit exceeded (20000000 instructions), often a loop that never ends: check the loops near the line named; if the plugin is trusted and needs more, pass --max-instructions (host maximum 200000000000)")
    #expect(freshRunWorks())
  }

  // MARK: To-be-closed variables

  @Test func closeHandlersRunInsideThePlugin() {
    #expect(
      runCount("local x <close> = setmetatable({}, { __close = function() error('closing') end })").errorText
        == "plugin org.test.rule (rule.lua:2): closing")
    #expect(
      runChunk("local x <close> = setmetatable({}, { __close = function() while true do end end })\nreturn 1", limits: Self.small).errorText
        == "plugin org.test.hostile (main.lua:1): instruction limit exceeded (20000000 instructions), often a loop that never ends: check the loops near the line named; if the plugin is trusted and needs more, pass --max-instructions (host maximum 200000000000)")
    #expect(freshRunWorks())
  }

  @Test func aCloseHandlerCannotOutliveALimit() {
    let source = """
      local x <close> = setmetatable({}, { __close = function() local t = {} for i = 1, 1e9 do t[i] = i end end })
      while true do end
      """
    #expect(runChunk(source, limits: Self.small).failure?.kind == .instructionLimit)
    #expect(freshRunWorks())
  }
}
