// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import Foundation
import Testing

/// Each case is something a shared, untrusted plugin might try; each asserts the exact outcome.
@Suite("Hostile plugins")
struct HostilePluginTests {
  static let small = LuaLimits(memoryBytes: 32 << 20, instructions: 20_000_000, seconds: 20)

  // MARK: Files and the process

  @Test(arguments: [
    ("return io.open('/etc/passwd')", "plugin org.test.hostile (main.lua:1): io is not available in the sandbox: plugins cannot read or write files (reports write through doc, rules through count)"),
    ("return os.execute('ls')", "plugin org.test.hostile (main.lua:1): os.execute is not available in the sandbox (only os.time, os.date, os.clock and os.difftime)"),
    ("return os.remove('/tmp/x')", "plugin org.test.hostile (main.lua:1): os.remove is not available in the sandbox (only os.time, os.date, os.clock and os.difftime)"),
    ("return os.getenv('HOME')", "plugin org.test.hostile (main.lua:1): os.getenv is not available in the sandbox (only os.time, os.date, os.clock and os.difftime)"),
    ("return os.exit(1)", "plugin org.test.hostile (main.lua:1): os.exit is not available in the sandbox (only os.time, os.date, os.clock and os.difftime)"),
    ("return dofile('/etc/passwd')", "plugin org.test.hostile (main.lua:1): dofile is not available in the sandbox: use require \"module\" for files in the plugin's folder"),
    ("return loadfile('/etc/passwd')", "plugin org.test.hostile (main.lua:1): loadfile is not available in the sandbox: use require \"module\" for files in the plugin's folder"),
    ("return package.loadlib('libc.so.6', 'system')", "plugin org.test.hostile (main.lua:1): package is not available in the sandbox: use require \"module\" for files in the plugin's folder"),
    ("return debug.getregistry()", "plugin org.test.hostile (main.lua:1): debug is not available in the sandbox"),
    ("return string.dump(function() end)", "plugin org.test.hostile (main.lua:1): attempt to call a nil value (field 'dump')"),
    ("local s = 'x' return s.dump(function() end)", "plugin org.test.hostile (main.lua:1): attempt to call a nil value (field 'dump')"),
    ("local m = require('io') return m", "plugin org.test.hostile (main.lua:1): module 'io' not found: no file io.lua in the plugin folder"),
    ("local m = require('os') return m", "plugin org.test.hostile (main.lua:1): module 'os' not found: no file os.lua in the plugin folder"),
    ("local m = require('../../etc/passwd') return m", "plugin org.test.hostile (main.lua:1): module '../../etc/passwd' not found: '..' is not a declared dependency of this plugin"),
    ("local m = require('.hidden') return m", "plugin org.test.hostile (main.lua:1): module '.hidden' not found: module names are dotted words, like 'lib.util' for lib/util.lua"),
    ("return collectgarbage('stop')", "plugin org.test.hostile (main.lua:1): collectgarbage(\"stop\") is not allowed in plugins; only \"count\" is"),
    ("return collectgarbage()", "plugin org.test.hostile (main.lua:1): collectgarbage(\"collect\") is not allowed in plugins; only \"count\" is"),
  ])
  func noRouteToFilesOrTheProcess(source: String, expected: String) {
    #expect(runChunk(source).errorText == expected)
  }

  @Test func binaryChunksAreRefused() {
    let result = runChunk("return select(2, load('\\27Lua\\84\\0', 'x', 'b'))")
    #expect(result.value == .string("attempt to load a binary chunk (mode is 't')"))
  }

  @Test func loadOfTextUsesThePluginGlobals() {
    #expect(runChunk("answer = 42 return load('return answer')()").value == .integer(42))
  }

  @Test func requireCannotFollowASymlinkOutOfThePluginFolder() throws {
    let folder = try makePluginFolder(["main.lua": "local m = require('evil') return m"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let outside = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-outside-\(UUID().uuidString).lua")
    try "return 'escaped'".write(to: outside, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: outside) }
    try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("evil.lua"), withDestinationURL: outside)
    let sandbox = try LuaSandbox(pluginID: "org.test.hostile", root: folder, limits: Self.small)
    #expect(throws: PluginRunError(kind: .runtime, pluginID: "org.test.hostile", location: "main.lua:1", message: "module 'evil' not found: evil.lua is outside the plugin folder")) {
      try sandbox.run(file: "main.lua")
    }
  }

  @Test func osKeepsOnlyTimeAndDate() {
    let result = runChunk("local names = {} for k in coprod.sorted_pairs(os) do names[#names + 1] = k end return table.concat(names, ',')")
    #expect(result.value == .string("clock,date,difftime,time"))
  }

  // MARK: Metatables and the environment

  @Test func stringMetatableIsLocked() {
    #expect(runChunk("return getmetatable('')").value == .boolean(false))
    #expect(runChunk("getmetatable('').__index = {}").errorText == "plugin org.test.hostile (main.lua:1): attempt to index a boolean value")
    #expect(runChunk("return setmetatable('', {})").errorText == "plugin org.test.hostile (main.lua:1): bad argument #1 to 'setmetatable' (table expected, got string)")
  }

  @Test func changingTheStringTableDoesNotChangeStringMethods() {
    #expect(runChunk("string.upper = function() return 'hacked' end return ('abc'):upper()").value == .string("ABC"))
  }

  @Test func coprodTableIsReadOnly() {
    #expect(runChunk("coprod.voting_rule = nil").errorText == "plugin org.test.hostile (main.lua:1): coprod is read-only")
    #expect(runChunk("return getmetatable(coprod)").value == .string("coprod"))
    #expect(runChunk("return setmetatable(coprod, {})").errorText == "plugin org.test.hostile (main.lua:1): cannot change a protected metatable")
  }

  @Test func gcMetamethodsAreRefused() {
    #expect(runChunk("setmetatable({}, { __gc = function() while true do end end })").errorText == "plugin org.test.hostile (main.lua:1): __gc metamethods are not allowed in plugins")
  }

  @Test func replacingEnvironmentOnlyAffectsThePlugin() {
    let source = """
      local api = coprod
      _ENV = setmetatable({}, { __index = function(_, k) return k end })
      return api.api_version
      """
    #expect(runChunk(source).value == .integer(1))
  }

  // MARK: Coroutines

  @Test func yieldingOutsideACoroutineIsAnError() {
    #expect(runChunk("coroutine.yield(1)").errorText == "plugin org.test.hostile: attempt to yield from outside a coroutine")
  }

  @Test func coroutinesWorkNormally() {
    let source = """
      local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
      return gen() + gen() + gen()
      """
    #expect(runChunk(source).value == .integer(6))
  }

  @Test func instructionLimitAppliesInsideCoroutines() {
    let result = runChunk("local co = coroutine.create(function() while true do end end)\nlocal ok, err = coroutine.resume(co)\nreturn 'survived'", limits: Self.small)
    #expect(result.failure?.kind == .instructionLimit)
    #expect(result.failure?.exitStatus == 2)
  }

  @Test func wrappedCoroutineCannotHideALimit() {
    let result = runChunk("local f = coroutine.wrap(function() while true do end end)\nreturn pcall(f)", limits: Self.small)
    #expect(result.failure?.kind == .instructionLimit)
  }

  @Test func memoryLimitAppliesInsideCoroutines() {
    let result = runChunk("local co = coroutine.create(function() local t = {} for i = 1, 1e9 do t[i] = i end end)\nreturn coroutine.resume(co)", limits: Self.small)
    #expect(result.failure?.kind == .memoryLimit)
  }

  // MARK: Runaway code

  @Test func infiniteLoopHitsTheInstructionLimit() {
    let result = runChunk("local x = 0\nwhile true do x = x + 1 end", limits: Self.small)
    #expect(result.errorText == "plugin org.test.hostile (main.lua:2): instruction limit exceeded (20000000 instructions), often a loop that never ends: check the loops near the line named; if the plugin is trusted and needs more, pass --max-instructions (host maximum 200000000000)")
  }

  @Test func infiniteLoopInsidePcallCannotCatchTheLimit() {
    let source = """
      while true do
        pcall(function() while true do end end)
      end
      """
    #expect(runChunk(source, limits: Self.small).failure?.kind == .instructionLimit)
  }

  @Test func xpcallHandlerCannotCatchTheLimit() {
    let source = "return xpcall(function() while true do end end, function(e) while true do end end)"
    #expect(runChunk(source, limits: Self.small).failure?.kind == .instructionLimit)
  }

  @Test func wallClockDeadlineStopsALoop() {
    let limits = LuaLimits(memoryBytes: 32 << 20, instructions: 100_000_000_000, seconds: 0.3)
    let result = runChunk("while true do end", limits: limits)
    #expect(result.errorText == "plugin org.test.hostile (main.lua:1): time limit exceeded (0.3 s); if the plugin is trusted and needs more, pass --timeout (host maximum 3600)")
  }

  @Test func memoryBombByStringRepIsContained() {
    let result = runChunk("local s = string.rep('x', 1 << 30)\nreturn #s", limits: Self.small)
    #expect(result.errorText == "plugin org.test.hostile (main.lua:1): memory limit exceeded (32 MiB); if the plugin is trusted and needs more, pass --max-memory (host maximum 8G)")
  }

  @Test func memoryBombByDoublingInsidePcallIsContained() {
    let source = "local ok = pcall(function() local s = 'x' while true do s = s .. s end end)\nreturn 'caught it'"
    #expect(runChunk(source, limits: Self.small).failure?.kind == .memoryLimit)
  }

  @Test func memoryBombByTableGrowthIsContainedNearTheCap() throws {
    let folder = try makePluginFolder(["main.lua": "local t = {}\nfor i = 1, 1e9 do t[i] = { i } end"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let sandbox = try LuaSandbox(pluginID: "org.test.hostile", root: folder, limits: Self.small)
    #expect(throws: PluginRunError.self) { try sandbox.run(file: "main.lua") }
    #expect(sandbox.memoryPeak <= 32 << 20)
    #expect(sandbox.memoryPeak > 24 << 20)
  }

  @Test func runawayRecursionIsAStackOverflowError() {
    let result = runChunk("local function f(n) return 1 + f(n + 1) end\nreturn f(1)", limits: LuaLimits(memoryBytes: 256 << 20, instructions: 100_000_000, seconds: 20))
    #expect(result.failure?.kind == .runtime)
    #expect(result.failure?.location == "main.lua:1")
    #expect(result.failure?.message.hasPrefix("stack overflow") == true)
  }

  @Test func hugeRepIsAnOrdinaryError() {
    #expect(runChunk("return string.rep('x', 1 << 62)").errorText == "plugin org.test.hostile (main.lua:1): resulting string too large")
  }

  // MARK: Survival

  /// Runs in its own process (an exit test) so other tests' allocations cannot blur the
  /// measurement: 1,000 sandboxes are created, run and closed; resident memory must not grow.
  @Test func hostSurvivesAThousandRunsWithoutGrowing() async {
    await #expect(processExitsWith: .success) {
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-soak-\(getpid())")
      try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try? "local t = {} for i = 1, 2000 do t[i] = tostring(i) end return #t".write(
        to: folder.appendingPathComponent("main.lua"), atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(at: folder) }
      func residentBytes() -> Int {
        let fields = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(separator: " ") ?? []
        return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * 4096
      }
      func runs(_ count: Int) -> Bool {
        for _ in 0..<count {
          guard let sandbox = try? LuaSandbox(pluginID: "org.test.loop", root: folder, limits: HostilePluginTests.small),
            (try? sandbox.run(file: "main.lua")) == .integer(2000)
          else { return false }
        }
        return true
      }
      guard runs(100) else { exit(3) }
      let before = residentBytes()
      guard runs(1000) else { exit(3) }
      let growth = residentBytes() - before
      exit(growth < 4 << 20 ? 0 : 4)
    }
  }
}
