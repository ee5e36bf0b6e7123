// coprod — co-production toolkit. Apache-2.0.

import CLua
import Foundation
import CoprodLua
import Testing

/// Every limit holds inside C library functions too: patterns with catastrophic
/// backtracking, string.rep, table loops over hostile tables and comparators, and the parser
/// of `load`. Each ends with the usual one-line limit message (exit status 2) and a fresh
/// run in the same process works; no test needs the watchdog.
@Suite("Limits inside C functions")
struct CLibraryLimitTests {
  static let small = LuaLimits(memoryBytes: 32 << 20, instructions: 20_000_000, seconds: 20)
  static let tiny = LuaLimits(memoryBytes: 32 << 20, instructions: 2_000_000, seconds: 20)
  static let quick = LuaLimits(memoryBytes: 32 << 20, instructions: 100_000_000_000, seconds: 0.3)
  static let instructionLimit = "instruction limit exceeded (20000000 instructions), often a loop that never ends: check the loops near the line named; if the plugin is trusted and needs more, pass --max-instructions (host maximum 200000000000)"
  static let timeLimit = "time limit exceeded (0.3 s); if the plugin is trusted and needs more, pass --timeout (host maximum 3600)"
  static let memoryLimit = "memory limit exceeded (32 MiB); if the plugin is trusted and needs more, pass --max-memory (host maximum 8G)"

  /// Runs `line` as line 2 of a chunk whose line 1 sets `s` to 40 a's and `p` to a pattern
  /// that backtracks catastrophically on it.
  static func catastrophic(_ line: String, limits: LuaLimits) -> Result<LuaValue, PluginRunError> {
    runChunk("local s, p = string.rep('a', 40), string.rep('a*', 20) .. 'b'\n\(line)", limits: limits)
  }

  static let patternCalls = [
    "return string.find(s, p)", "return s:find(p)", "return string.match(s, p)", "return s:match('(' .. p .. ')')",
    "for x in string.gmatch(s, p) do end", "return string.gsub(s, p, 'x')", "return s:gsub(p, function() end)",
    "return string.find(s, string.rep('.-', 20) .. 'b')", "return string.find(string.rep('(', 200000), '%b()')",
    "return string.find(string.rep('a', 2000000), string.rep('a', 100000) .. 'b', 1, true)",
    "return string.find(string.rep('a', 2000000), string.rep('a', 100000) .. 'b')",
  ]

  @Test(arguments: patternCalls)
  func patternsHitTheInstructionLimit(line: String) {
    let result = Self.catastrophic(line, limits: Self.small)
    #expect(result.errorText == "plugin org.test.hostile (main.lua:2): \(Self.instructionLimit)")
    #expect(result.failure?.exitStatus == 2)
    #expect(freshRunWorks())
  }

  @Test(arguments: patternCalls)
  func patternsHitTheTimeLimit(line: String) {
    let result = Self.catastrophic(line, limits: Self.quick)
    #expect(result.errorText == "plugin org.test.hostile (main.lua:2): \(Self.timeLimit)")
    #expect(freshRunWorks())
  }

  @Test func aPatternLimitCannotBeCaught() {
    let source = "local s, p = string.rep('a', 40), string.rep('a*', 20) .. 'b'\nlocal ok = pcall(string.find, s, p)\nreturn 'caught it'"
    #expect(runChunk(source, limits: Self.small).errorText == "plugin org.test.hostile (main.lua:2): \(Self.instructionLimit)")
  }

  // MARK: string.rep

  @Test func repOfEmptyStringsReturnsAtOnce() {
    #expect(runChunk("return string.rep('', 2^53) .. string.rep('', 2^53, '') .. string.rep('x', 1, ',')").value == .string("x"))
  }

  @Test func repBeyondTheCapFailsFastWithTheMemoryMessage() {
    #expect(runChunk("local s = string.rep('x', 2^30)\nreturn #s", limits: Self.small).errorText == "plugin org.test.hostile (main.lua:1): \(Self.memoryLimit)")
    #expect(runChunk("local ok = pcall(string.rep, 'xy', 2^24, ',')\nreturn 'caught it'", limits: Self.small).errorText == "plugin org.test.hostile (main.lua:1): \(Self.memoryLimit)")
    #expect(freshRunWorks())
  }

  // MARK: Table loops

  @Test(arguments: [
    "table.move({}, 1, 1e15, 2)",
    "table.move({}, 1, 1e15, 1e15 + 2, {})",
    "table.remove(setmetatable({}, { __len = function() return 1e15 end }), 1)",
    "table.insert(setmetatable({}, { __len = function() return 1e15 end }), 1, 'x')",
    "table.concat(setmetatable({}, { __index = table.concat }), '', 1, 1e12)",
    "table.sort(setmetatable({}, { __len = function() return 2^31 - 2 end, __index = rawlen, __newindex = rawequal }))",
    "table.sort(setmetatable({}, { __len = function() return 2^31 - 2 end, __index = rawlen, __newindex = rawequal }), rawequal)",
  ])
  func tableLoopsHitTheInstructionLimit(line: String) {
    let result = runChunk("local x = 1\n\(line)", limits: Self.tiny)
    #expect(result.errorText == "plugin org.test.hostile (main.lua:2): instruction limit exceeded (2000000 instructions), often a loop that never ends: check the loops near the line named; if the plugin is trusted and needs more, pass --max-instructions (host maximum 200000000000)")
    #expect(freshRunWorks())
  }

  @Test func tableSortWithAHostileComparator() {
    let values = "local t = {} for i = 1, 100 do t[i] = (i * 37) % 101 end\n"
    #expect(runChunk(values + "table.sort(t, function(a, b) error('no order') end)").errorText == "plugin org.test.hostile (main.lua:2): no order")
    #expect(runChunk(values + "table.sort(t, function(a, b) return true end)").errorText == "plugin org.test.hostile (main.lua:2): invalid order function for sorting")
    #expect(runChunk(values + "table.sort(t, function(a, b) while true do end end)", limits: Self.small).errorText == "plugin org.test.hostile (main.lua:2): \(Self.instructionLimit)")
    #expect(runChunk(values + "table.sort(t, function(a, b) return a > b end) return t[1] .. ',' .. t[100]").value == .string("100,1"))
    #expect(freshRunWorks())
  }

  // MARK: The parser

  @Test func aHugeChunkCannotParsePastTheBudget() {
    // A 64 MiB chunk built by concatenation (not charged); parsing it is charged by the
    // kilobyte, with the deadline checked on every 64 KiB piece.
    let limits = LuaLimits(memoryBytes: 1 << 30, instructions: 20_000, seconds: 60)
    let source = "local s = '1,' for i = 1, 25 do s = s .. s end\nlocal f = load('return {' .. s .. '}')\nreturn 'parsed'"
    #expect(runChunk(source, limits: limits).errorText == "plugin org.test.hostile (main.lua:2): instruction limit exceeded (20000 instructions), often a loop that never ends: check the loops near the line named; if the plugin is trusted and needs more, pass --max-instructions (host maximum 200000000000)")
    #expect(freshRunWorks())
  }

  @Test func loadKeepsItsMeaning() {
    #expect(runChunk("return load('return 1 + ...')(41)").value == .integer(42))
    #expect(runChunk("local parts = { 'return ', '4', '2' } local i = 0 return load(function() i = i + 1 return parts[i] end)()").value == .integer(42))
    #expect(runChunk("return select(2, load('return +', '=chunk'))").value == .string("chunk:1: unexpected symbol near '+'"))
    #expect(runChunk("return select(2, load('x = ', '=chunk'))").value == .string("chunk:1: unexpected symbol near <eof>"))
    #expect(runChunk("return select(2, load(function() return {} end))").value == .string("main.lua:1: reader function must return a string"))
    #expect(runChunk("return load('return x', 'c', 't', { x = 7 })()").value == .integer(7))
    #expect(runChunk("x = 8 return load('return x')()").value == .integer(8))
    #expect(runChunk("return load('return _ENV', 'c', 't', nil)()").value == .nil)
  }

  // MARK: Same semantics as Lua's own functions

  /// A script that runs string and table functions over many cases, catching errors, and
  /// returns every outcome as text.
  static let semantics = #"""
    local out = {}
    local function add(...)
      local parts = {}
      for i = 1, select('#', ...) do local v = select(i, ...) parts[i] = type(v) .. ':' .. tostring(v) end
      out[#out + 1] = table.concat(parts, ',')
    end
    local function try(f, ...) local r = table.pack(pcall(f, ...)) add(table.unpack(r, 1, r.n)) end
    local function list(t) local parts = {} for i = 1, #t do parts[i] = type(t[i]) == 'table' and 'table' or tostring(t[i]) end return '{' .. table.concat(parts, ' ') .. '}' end
    local cases = {
      { 'hello world', 'o' }, { 'hello world', 'o w' }, { 'hello', 'l+' }, { 'hello', '^h' }, { 'hello', '^e' },
      { 'hello', 'o$' }, { 'hello', '(h)(e)' }, { 'hello', '()ll()' }, { 'hello', '%a+' }, { '  x  ', '^%s*(.-)%s*$' },
      { 'key = value', '(%w+)%s*=%s*(%w+)' }, { 'THE (quick) fox', '%((%a+)%)' }, { 'f(a(b)c)d', '%b()' },
      { 'THE (quick) fox', '%f[%a]%a+' }, { 'hello', '[aeiou]' }, { 'hello', '[^aeiou]+' }, { 'a.b', '%.' },
      { 'a.b', '.', 1, true }, { 'abc', 'b', -1 }, { 'abc', 'b', -10 }, { 'abc', '', 10 }, { 'abc', '', 4 },
      { 'aaa', 'a-' }, { 'aaa', 'a-$' }, { 'aaa', 'a*' }, { 'aaa', 'a?a' }, { 'abcabc', '(abc)%1' }, { 'x', '%' },
      { 'x', '[a' }, { 'x', '(x' }, { 'x', 'x)' }, { 'x', '%1' }, { 'x', '%b' }, { 'x', '%fx' },
      { 'hello world from lua', '%w+', 7 }, { 'abc', '((a)(b))' }, { '\0a\0', '%z' }, { 'a\0b', '\0' },
      { 'a+b', '+', 1, true }, { '[]', '[]]' }, { '[]', '[^]]' }, { 'a-z', '[a%-z]+' }, { '09af', '%x+' },
      { 'ABC def', '%u+' }, { 'ABC def', '%l+' }, { 'a1 b2', '%d' }, { '!?', '%p+' }, { 'tab\there', '%c' },
      { 'x-', '[%a-]+' }, { 'abc', '' }, { '', '' }, { '', 'a*' }, { 'one two', '(%w+) (%w+)', 1, false },
      { string.rep('a', 300), string.rep('a?', 300) }, { 'x', string.rep('(', 33) .. 'x' .. string.rep(')', 33) },
      { 'abc', '[%' }, { 'abc', '[a-' }, { 'é ü', '[\128-\255]+' }, { 'a,b,,c', '([^,]*)' }, { 'aaa', 'a', 1, false, 2 },
      { 12345, 3 }, { 'x', 'x', 'notanumber' },
    }
    for _, c in ipairs(cases) do
      try(string.find, c[1], c[2], c[3], c[4])
      try(string.match, c[1], c[2], c[3])
      local ok, it = pcall(string.gmatch, c[1], c[2], c[3])
      if ok then
        local acc = {}
        local ok2, err = pcall(function() for a, b in it do acc[#acc + 1] = tostring(a) .. '|' .. tostring(b) if #acc > 50 then break end end end)
        add(ok2, err, table.concat(acc, ';'))
      else
        add(ok, it)
      end
      try(string.gsub, c[1], c[2], '<%0>', c[5])
      try(string.gsub, c[1], c[2], function(...) return select('#', ...) .. '' end)
      try(string.gsub, c[1], c[2], { a = 'A', l = false, hello = 1.5 })
      try(string.gsub, c[1], c[2], '%1%1')
    end
    try(string.gsub, 'abc', '%w', '%9')
    try(string.gsub, 'abc', 'b', '%')
    try(string.gsub, 'abc', 'b', {}, 'x')
    try(string.gsub, 'abc', 'b', true)
    try(string.gsub, 'abc', 'b', function() return {} end)
    try(string.find)
    try(string.gmatch, 'x')
    for _, r in ipairs({ { 'ab', 3, ',' }, { 'ab', 0 }, { 'ab', -1 }, { '', 5 }, { '', 5, 'x' }, { 'x', 1, 'y' }, { 'ab', 3 }, { 1, 3 }, { 'x', 2^62 }, { 'x', 2.5 }, { 'x' }, { {}, 2 } }) do
      try(string.rep, r[1], r[2], r[3])
    end
    try(table.concat, { 1, 2, 3 }, ', ')
    try(table.concat, { 1, 2, 3 }, ', ', 2, 3)
    try(table.concat, { 1, {}, 3 })
    try(table.concat, { 'a' }, nil, 1, 2)
    try(table.concat, setmetatable({}, { __index = function(_, i) return 'v' .. i end, __len = function() return 3 end }), '-')
    for _, args in ipairs({ { { 1, 2 }, 5, 'x' }, { { 1, 2 }, 1, 'x' }, { { 1, 2 }, 'x' }, { { 1, 2 }, 3, 'x' }, { { 1, 2 }, 1, 2, 3 }, { {} , 0, 'x' } }) do
      local t = args[1]
      try(table.insert, table.unpack(args, 1, #args))
      add(list(t))
    end
    for _, args in ipairs({ { {} }, { { 1, 2, 3 }, 1 }, { { 1, 2, 3 } }, { { 1, 2, 3 }, 4 }, { { 1, 2, 3 }, 5 }, { { 1, 2, 3 }, 0 }, { {}, 0 } }) do
      local t = args[1]
      try(table.remove, table.unpack(args, 1, 2))
      add(list(t))
    end
    for _, args in ipairs({ { { 1, 2, 3 }, 1, 3, 2 }, { { 1, 2, 3 }, 2, 3, 1 }, { { 1, 2, 3 }, 1, 0, 1 }, { { 1, 2, 3 }, -1, math.maxinteger, 1 }, { { 1, 2, 3 }, 1, 3, math.maxinteger } }) do
      local t = args[1]
      local ok, r = pcall(table.move, table.unpack(args, 1, 4))
      add(ok, type(r) == 'table' and list(r) or r)
      local dest = {}
      pcall(table.move, t, args[2], args[3], args[4], dest)
      add(list(dest))
    end
    for _, t in ipairs({ { 3, 1, 2 }, { 'b', 'a', 'c' }, { 1, 'a' }, {}, { 5 }, { 2, 1 }, { 1, {} } }) do
      local ok, err = pcall(table.sort, t)
      add(ok, err, list(t))
    end
    local t = {} for i = 1, 300 do t[i] = (i * 7919) % 301 end
    table.sort(t, function(a, b) return a > b end)
    add(list(t))
    try(table.sort, { 1, 2, 3 }, 'x')
    local big = {} for i = 1, 100 do big[i] = i end
    try(table.sort, big, function() return true end)
    return table.concat(out, '\n')
    """#

  /// The same script run by Debian's Lua 5.4 with its stock libraries.
  static func stock(_ script: String) -> String? {
    guard let state = luaL_newstate() else { return nil }
    defer { lua_close(state) }
    luaL_openlibs(state)
    let loaded = script.withCString { luaL_loadbufferx(state, $0, strlen($0), "=main.lua", "t") }
    _ = loaded == LUA_OK ? clua_pcall(state, 0, 1, 0) : loaded
    var length = 0
    guard let bytes = lua_tolstring(state, -1, &length) else { return nil }
    return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
  }

  @Test func sandboxFunctionsMatchLuasOwn() throws {
    let expected = try #require(Self.stock(Self.semantics))
    let actual = try #require(runChunk(Self.semantics).value?.stringValue)
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(actualLines.count == expectedLines.count)
    #expect(expectedLines.count > 300)
    for (line, (mine, theirs)) in zip(actualLines, expectedLines).enumerated() where mine != theirs {
      Issue.record("outcome \(line + 1): sandbox \(mine) — Lua \(theirs)")
    }
  }
}
