// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import Testing

/// Host functions work on the thread that calls them (a coroutine's own stack, never the
/// main one); yields cannot cross a host or C call; limits reached inside coroutines, their
/// to-be-closed variables or callbacks called by the host's helpers still stop the run.
@Suite("Coroutines and host calls")
struct CoroutineHostCallTests {
  static let small = LuaLimits(memoryBytes: 32 << 20, instructions: 20_000_000, seconds: 20)
  static let instructionLimit = "instruction limit exceeded (20000000 instructions), often a loop that never ends: check the loops near the line named; if the plugin is trusted and needs more, pass --max-instructions (host maximum 200000000000)"

  @Test func requireInsideACoroutine() {
    let source = """
      local co = coroutine.wrap(function() coroutine.yield(require('lib.util').double(21)) end)
      return co()
      """
    #expect(runChunk(source, files: ["lib/util.lua": "return { double = function(x) return 2 * x end }"]).value == .integer(42))
  }

  @Test func requireInsideACoroutineWithAnError() {
    let source = """
      local co = coroutine.create(function() local m = require('lib.broken') return m end)
      local ok, err = coroutine.resume(co)
      return tostring(ok) .. ' ' .. err
      """
    #expect(runChunk(source, files: ["lib/broken.lua": "return = 1"]).value == .string("false main.lua:1: lib/broken.lua:1: unexpected symbol near '='"))
  }

  @Test func manyHostCallsAcrossYieldingCoroutines() throws {
    let body = """
      local producers = {}
      for k = 1, 50 do
        producers[k] = coroutine.wrap(function()
          for i = 1, 20 do
            local b = election:ballots()
            local tally = election:first_preferences(election.candidates)
            coroutine.yield(#b + tally.a + tally.b + #election.candidates)
          end
        end)
      end
      local sum = 0
      for i = 1, 20 do for k = 1, 50 do sum = sum + producers[k]() end end
      count:round { note = tostring(sum) }
      """
    // Each yield is 2 ballots + 3 + 2 votes + 2 candidates = 9; 1,000 of them.
    #expect(try runCount(body).get().rounds.first?.notes.first?.text == "9000")
  }

  @Test func hostObjectsCreatedInsideACoroutineWork() throws {
    let body = """
      local co = coroutine.wrap(function() coroutine.yield(election:pairwise(), election.settings, election.metadata) end)
      local m = co()
      count:round { note = m.a.b .. '/' .. m.b.a }
      """
    #expect(try runCount(body).get().rounds.first?.notes.first?.text == "3/2")
  }

  @Test(arguments: [
    "coroutine.wrap(function() table.sort({ 3, 2, 1 }, function(a, b) coroutine.yield() end) end)()",
    "coroutine.wrap(function() string.gsub('abc', '%w', function(c) coroutine.yield(c) end) end)()",
    "coroutine.wrap(function() local f, e = load(function() coroutine.yield() end) error(e, 0) end)()",
    "coroutine.wrap(function() table.concat(setmetatable({}, { __index = function() coroutine.yield() end }), '', 1, 2) end)()",
  ])
  func yieldsCannotCrossACCall(body: String) {
    #expect(runCount(body).errorText == "plugin org.test.rule (rule.lua:2): attempt to yield across a C-call boundary")
    #expect(freshRunWorks())
  }

  @Test func aHostMethodCanBeTheCoroutineItself() throws {
    let body = """
      local ballots = coroutine.wrap(election.ballots)(election)
      local ok, err = coroutine.resume(coroutine.create(count.note), 'not the count object')
      count:round { note = #ballots .. ' ' .. tostring(ok) .. ' ' .. err }
      """
    #expect(try runCount(body).get().rounds.first?.notes.first?.text == "2 false call count:note(…) with a colon")
  }

  @Test func callbacksMayCallTheHost() throws {
    let body = """
      local ids = election.candidates
      table.sort(ids, function(x, y) return election:name(x) > election:name(y) end)
      local text = string.gsub('a b', '%w', function(id) return election:name(id) .. '!' end)
      count:round { note = table.concat(ids, ',') .. ' ' .. text }
      """
    #expect(try runCount(body).get().rounds.first?.notes.first?.text == "b,a a! b!")
  }

  @Test func anErrorObjectsToStringMayCallTheHost() {
    #expect(
      runCount("error(setmetatable({}, { __tostring = function() return 'named ' .. election:name('a') end }))").errorText
        == "plugin org.test.rule: named a")
  }

  // MARK: coroutine.close

  @Test func closeReturnsAnOrdinaryErrorOfACloseHandler() {
    let source = """
      local co = coroutine.create(function() local x <close> = setmetatable({}, { __close = function() error('closing', 0) end }) coroutine.yield() end)
      coroutine.resume(co)
      local ok, err = coroutine.close(co)
      return tostring(ok) .. ' ' .. err
      """
    #expect(runChunk(source).value == .string("false closing"))
  }

  @Test func closeCannotSwallowALimit() {
    let source = """
      local co = coroutine.create(function() local x <close> = setmetatable({}, { __close = function() while true do end end }) coroutine.yield() end)
      coroutine.resume(co)
      local ok, err = coroutine.close(co)
      return 'survived: ' .. tostring(err)
      """
    #expect(runChunk(source, limits: Self.small).errorText == "plugin org.test.hostile (main.lua:1): \(Self.instructionLimit)")
    #expect(freshRunWorks())
  }

  @Test func aReaderCannotSwallowALimit() {
    let source = """
      local f, err = load(function() while true do end end)
      return 'survived: ' .. tostring(err)
      """
    #expect(runChunk(source, limits: Self.small).errorText == "plugin org.test.hostile (main.lua:1): \(Self.instructionLimit)")
  }

  @Test func nothingRunsInTheHostAfterALimit() {
    // The limit trips inside a coroutine whose error is returned; the next host call stops.
    let body = """
      local co = coroutine.create(function() while true do end end)
      local ok = coroutine.resume(co)
      count:note('after the limit')
      """
    #expect(runCount(body, limits: Self.small).failure?.kind == .instructionLimit)
  }
}

extension Result where Success == TallyRecord, Failure == PluginRunError {
  /// The error, or nil on success.
  var failure: PluginRunError? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
