// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import Testing

@Suite("Sandbox basics")
struct SandboxBasicsTests {
  @Test func returnsValues() {
    #expect(runChunk("return 40 + 2").value == .integer(42))
    #expect(runChunk("return { 1, 'two', x = true }").value == .table(LuaTable(array: [.integer(1), .string("two")], fields: ["x": .boolean(true)])))
  }

  @Test func runtimeErrorNamesPluginFileAndLine() {
    let result = runChunk("local t = nil\nreturn t.ballots")
    #expect(result.errorText == "plugin org.test.hostile (main.lua:2): attempt to index a nil value (local 't')")
    #expect(result.failure?.exitStatus == 1)
  }

  @Test func syntaxErrorNamesFileAndLine() {
    #expect(runChunk("x = = 1").errorText == "plugin org.test.hostile (main.lua:1): unexpected symbol near '='")
  }

  @Test func randomIsSeededAndRepeatable() {
    let first = runChunk("return math.random(1, 1000000)").value
    let second = runChunk("return math.random(1, 1000000)").value
    #expect(first == second)
    #expect(runChunk("return math.randomseed").value == .nil)
  }

  @Test func sortedPairsOrdersKeys() {
    let source = """
      local out = {}
      for k, v in coprod.sorted_pairs({ b = 1, a = 2, [3] = 'x', [1] = 'y', c = 3 }) do out[#out + 1] = tostring(k) end
      return table.concat(out, ',')
      """
    #expect(runChunk(source).value == .string("1,3,a,b,c"))
  }

  @Test func requireLoadsModulesFromThePluginFolder() {
    let result = runChunk("return require('lib.util').double(21)", files: ["lib/util.lua": "return { double = function(x) return 2 * x end }"])
    #expect(result.value == .integer(42))
  }

  @Test func printGoesToTheLogNotStdout() {
    #expect(runChunk("print('hello', 1) warn('careful') return true").value == .boolean(true))
  }
}
