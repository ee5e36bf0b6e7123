// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import Testing

/// Tables nested deeply, in both directions: the host copies at most 200 levels
/// (`LuaStack.maxDepth`), reserves stack space at each level, and names where it stopped.
@Suite("Stack depth")
struct StackDepthTests {
  /// Lua that builds a table nested `depth` deep through array slot 1, as `t`.
  static func nested(_ depth: Int) -> String {
    "local t = {} local inner = t for i = 2, \(depth) do inner[1] = {} inner = inner[1] end"
  }

  /// A Lua value nested `depth` tables deep through field `a`.
  static func deepValue(_ depth: Int) -> LuaValue {
    var value = LuaValue.string("bottom")
    for _ in 0..<depth { value = .table(LuaTable(fields: ["a": value])) }
    return value
  }

  // MARK: Lua → Swift

  @Test func aReturnedValueAtTheLimitIsRead() {
    var value = runChunk("\(Self.nested(200)) return t").value
    var depth = 0
    while let table = value?.tableValue {
      depth += 1
      value = table.array.first
    }
    #expect(depth == 200)
  }

  @Test(arguments: [201, 100_000])
  func aReturnedValueTooDeepIsOneLine(depth: Int) {
    #expect(
      runChunk("\(Self.nested(depth)) return t").errorText
        == "plugin org.test.hostile (main.lua): returned a value the host cannot read: tables are nested more than 200 deep (at [1][1][1][1]…)")
    #expect(freshRunWorks())
  }

  @Test func aCyclicReturnedValueIsOneLine() {
    #expect(
      runChunk("local t = { name = 'loop' } t.self = t return t").errorText
        == "plugin org.test.hostile (main.lua): returned a value the host cannot read: tables are nested more than 200 deep (at self.self.self.self…)")
  }

  @Test func aDeepFunctionResultNamesWhereTheFunctionIsDefined() {
    #expect(
      runCount("\(Self.nested(100_000)) return t").errorText
        == "plugin org.test.rule (rule.lua:1): returned a value the host cannot read: tables are nested more than 200 deep (at [1][1][1][1]…)")
  }

  @Test func aDeepDefinitionNamesTheField() {
    let source = "\(Self.nested(100_000))\nreturn coprod.session_format { name = 'x', stages = { { id = 'a', groups = t } } }"
    #expect(
      runChunk(source).errorText
        == "plugin org.test.hostile (main.lua:2): coprod.session_format: tables are nested more than 200 deep (at stages[1].groups[1]…)")
    #expect(freshRunWorks())
  }

  @Test func aDeepTallyNamesTheField() {
    #expect(
      runCount("\(Self.nested(100_000)) count:round { tally = { a = t } }").errorText
        == "plugin org.test.rule (rule.lua:2): count:round: tables are nested more than 200 deep (at tally.a[1][1]…)")
  }

  @Test func aDeepDocumentTableNamesTheField() throws {
    let source = """
      return coprod.report { name = 'r', input = 'tally', render = function(data, doc)
        \(Self.nested(100_000))
        doc:table { columns = { 'a' }, rows = { t } }
      end }
      """
    #expect(
      try runReport(source, data: .nil).failure?.description
        == "plugin org.test.report (render.lua:3): doc:table: tables are nested more than 200 deep (at rows[1][1][1]…)")
  }

  // MARK: Swift → Lua

  /// A report that says how deep `data` goes through field `a`.
  static let depthReport = """
    return coprod.report { name = 'r', input = 'tally', render = function(data, doc)
      local depth = 0
      while type(data) == 'table' do depth = depth + 1 data = data.a end
      doc:paragraph(depth .. ' ' .. tostring(data))
    end }
    """

  @Test func dataAtTheLimitIsHandedOver() throws {
    #expect(try runReport(Self.depthReport, data: Self.deepValue(200)).get() == "200 bottom\n")
  }

  @Test(arguments: [201, 5_000])
  func dataTooDeepIsOneLine(depth: Int) throws {
    let failure = try runReport(Self.depthReport, data: Self.deepValue(depth)).failure
    #expect(failure?.description == "plugin org.test.report: its input cannot be handed over: data is nested more than 200 deep (at a.a.a.a…)")
    #expect(failure?.kind == .input)
    #expect(failure?.exitStatus == 1)
    #expect(freshRunWorks())
  }

  // MARK: The Lua stack itself

  @Test func hostCallsFromDeepRecursionStayClean() {
    // Lua's own stack overflow, reached with host calls at every level, is an ordinary error.
    let result = runCount("local function f(n) count:note('x') return f(n + 1) + 1 end\nf(1)", limits: LuaLimits(memoryBytes: 256 << 20, instructions: 200_000_000, seconds: 30))
    guard case .failure(let error) = result else {
      Issue.record("expected a stack overflow")
      return
    }
    #expect(error.kind == .runtime)
    #expect(error.location == "rule.lua:2")
    #expect(error.message.hasPrefix("stack overflow"))
    #expect(freshRunWorks())
  }
}

extension Result where Success == String, Failure == PluginRunError {
  /// The error, or nil on success.
  var failure: PluginRunError? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
