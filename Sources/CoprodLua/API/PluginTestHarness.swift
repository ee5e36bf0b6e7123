// coprod — co-production toolkit. Apache-2.0.

import CLua
import CLuaShims
import Foundation
import CoprodModel

// MARK: - Results

/// A fixture a plugin's tests call as `fixtures.NAME(…)`: it receives the Lua arguments and
/// returns one value. A thrown error's description becomes a Lua error at the test's line.
public typealias PluginTestFixture = ([LuaValue]) throws -> LuaValue

/// The outcome of one `test("name", function() … end)` case.
public struct PluginTestCase: Sendable, Equatable {
  /// How a case ended.
  public enum Status: String, Sendable {
    /// Every expectation held.
    case passed
    /// An `expect.*` did not hold.
    case failed
    /// The case raised an error of its own (a bug in the plugin or the test).
    case error
  }

  /// The case's name.
  public var name: String
  /// How it ended.
  public var status: Status
  /// For a failure or error: `tests/file.lua:12: expected …, got …`.
  public var message: String?

  /// Creates a result.
  public init(name: String, status: Status, message: String?) {
    self.name = name
    self.status = status
    self.message = message
  }
}

// MARK: - Running a test file

extension LuaSandbox {
  /// Runs one of a plugin's test files in this sandbox: defines `test`, `expect` and
  /// `fixtures` (see ``PluginTestHarness/reference``), runs the file, which registers its
  /// cases, then runs each case in order with `pcall`.
  ///
  /// - Parameters:
  ///   - file: the test file, relative to the plugin folder (e.g. `tests/rule_test.lua`).
  ///   - fixtures: the host's fixtures by name.
  /// - Returns: one result per case, in the order they were registered.
  /// - Throws: ``PluginRunError`` when the file does not load or run, or a limit stops it.
  public func runTests(file: String, fixtures: [String: PluginTestFixture]) throws(PluginRunError) -> [PluginTestCase] {
    let status = PluginTestHarness.source.withCString { coprod_load_source(state, $0, strlen($0), "=coprod-test") }
    guard status == LUA_OK else { throw PluginRunError(kind: .load, pluginID: pluginID, location: nil, message: "the test harness did not load") }
    withHostAllocations {
      let stack = LuaStack(state)
      lua_createtable(state, 0, Int32(fixtures.count))
      for (name, fixture) in fixtures {
        pushFunction(on: stack) { stack throws(LuaCallError) in
          var arguments: [LuaValue] = []
          do throws(LuaReadError) {
            for index in stride(from: Int32(1), through: stack.top, by: 1) { arguments.append(try stack.value(at: index)) }
          } catch {
            throw LuaCallError("fixtures.\(name): \(error.problem)")
          }
          let result: LuaValue
          do {
            result = try fixture(arguments)
          } catch {
            throw LuaCallError("fixtures.\(name): \(error)")
          }
          try stack.push(result)
          return 1
        }
        stack.setField(name)
      }
    }
    guard case .function(let runner) = try protectedCall(arguments: 1, location: nil) else {
      throw PluginRunError(kind: .load, pluginID: pluginID, location: nil, message: "the test harness did not start")
    }
    _ = try run(file: file)
    let results = try call(runner) { _ in 0 }
    return (results.tableValue?.array ?? []).compactMap { value in
      guard let table = value.tableValue, let name = table["name"].stringValue,
        let status = table["status"].stringValue.flatMap(PluginTestCase.Status.init(rawValue:))
      else { return nil }
      return PluginTestCase(name: name, status: status, message: table["message"].stringValue)
    }
  }
}

/// The Lua side of plugin tests: `test`, `expect` and `fixtures`, defined only when
/// `coprod plugins test` runs a plugin's tests/*.lua.
public enum PluginTestHarness {
  /// The test API, documented in docs/lua-api.md.
  static let reference: [LuaAPIEntry] = [
    .init("test(name, fn)", "—", "Registers a test case; cases run in order after the file has loaded, each with `pcall`, so one failing case does not stop the others. Names must be unique in a file."),
    .init("expect.eq(actual, expected, label?)", "—", "Fails unless the two are equal; tables are compared deeply (same keys, equal values). The message shows both with `coprod.inspect`, e.g. `tests/rule_test.lua:9: winners: expected { \"B\" }, got { \"A\" }`."),
    .init("expect.near(actual, expected, tolerance?, label?)", "—", "Fails unless two numbers differ by at most `tolerance` (default 1e-9)."),
    .init("expect.truthy(value, label?)", "—", "Fails when `value` is nil or false."),
    .init("expect.error(fn, text?)", "string", "Calls `fn`; fails unless it raises an error whose message contains `text` (plain text, not a pattern). Returns the message."),
    .init("expect.fail(message)", "—", "Fails the case with `message`."),
    .init("fixtures.count(file, { seats?, budget?, settings?, tie_break?, seed? }?)", "table", "Counts a ballot file from the plugin's tests/ folder (e.g. `\"fixtures/small.soi\"`, any format `coprod tally` reads) with this plugin's voting rule, in its own sandbox, and returns the result as `coprod tally --format json` prints it: `winners`, `rounds`, `tie_breaks`, `input`, …"),
    .init("fixtures.render(data?)", "string", "Renders this plugin's report on `data` (default: `fixtures.workspace()` or `fixtures.tally()`, as the report's `input` says) and returns the Markdown."),
    .init("fixtures.tally()", "table", "A small finished count (instant runoff, three options, two rounds), as a tally report receives it."),
    .init("fixtures.workspace()", "table", "A small synthetic workspace view (a consultation, six people, stories and ideas, a decision, commitments, feedback, a session), as a workspace report receives it."),
    .init("fixtures.render(data, { lang = \"cy\" })", "string", "Renders in another language (`\"cy\"`, `\"en\"`) or two (`\"cy+en\"`, interleaved block by block as `coprod report --lang cy+en` does) with the plugin's i18n files; `data` nil renders the sample workspace or tally with the host's texts in each language."),
    .init("fixtures.files(data?, { lang }?)", "table", "Renders this plugin's report as `fixtures.render` does and returns the files it writes beside its document (`doc:csv`, `doc:json`, `doc:file`) by name, each as the text coprod would write."),
    .init("fixtures.workspace(lang)", "table", "The sample workspace view with the host's texts (ladder, spectrum, Gunning principles, cautions) in `lang`, e.g. `fixtures.workspace(\"cy\")`."),
    .init("fixtures.json(file)", "table", "Reads a JSON file from the plugin's tests/ folder, e.g. a saved `coprod tally --format json` output."),
    .init("fixtures.rehearse({ people?, seed?, settings? }?)", "table", "Rehearses this plugin's session format on a synthetic room (as `coprod run … --dry-run`) and returns the session as `coprod sessions show --format json` prints it: `stages` with their status, options and count. `settings` override the defaults in `plugin.yaml` as an inputs file's `settings:` does, e.g. `{ budget = 60000 }`; an unknown setting or a value of the wrong type is an error."),
  ]

  static let source = #"""
  local host = ...
  local type, error, pcall, tostring, ipairs, next, rawequal = type, error, pcall, tostring, ipairs, next, rawequal
  local inspect, abs, find = coprod.inspect, math.abs, string.find
  local cases, names, failing = {}, {}, false

  function test(name, fn)
    if type(name) ~= "string" or type(fn) ~= "function" then
      error('test expects a name and a function: test("name", function() … end)', 2)
    end
    if names[name] then error("two tests are named '" .. name .. "'", 2) end
    names[name] = true
    cases[#cases + 1] = { name = name, fn = fn }
  end

  -- Raises at the line of the test that called expect.*.
  local function fail(message, label)
    failing = true
    error((label and (tostring(label) .. ": ") or "") .. message, 3)
  end

  local function equal(a, b, seen)
    if rawequal(a, b) then return true end
    if type(a) ~= "table" or type(b) ~= "table" then return a == b end
    if seen[a] == b then return true end
    seen[a] = b
    for k, v in next, a do
      if not equal(v, b[k], seen) then return false end
    end
    for k in next, b do
      if a[k] == nil then return false end
    end
    return true
  end

  expect = {}
  function expect.eq(actual, expected, label)
    if not equal(actual, expected, {}) then
      fail("expected " .. inspect(expected) .. ", got " .. inspect(actual), label)
    end
  end
  function expect.near(actual, expected, tolerance, label)
    tolerance = tolerance or 1e-9
    if type(actual) ~= "number" or type(expected) ~= "number" or abs(actual - expected) > tolerance then
      fail("expected " .. inspect(expected) .. " ± " .. tostring(tolerance) .. ", got " .. inspect(actual), label)
    end
  end
  function expect.truthy(value, label)
    if not value then fail("expected a true value, got " .. inspect(value), label) end
  end
  function expect.error(fn, text)
    if type(fn) ~= "function" then error("expect.error expects a function", 2) end
    local ok, message = pcall(fn)
    if ok then
      fail(text and ("expected an error containing " .. inspect(text) .. ", but there was none") or "expected an error, but there was none")
    end
    message = tostring(message)
    if text ~= nil and not find(message, text, 1, true) then
      fail("expected an error containing " .. inspect(text) .. ", got " .. inspect(message))
    end
    return message
  end
  function expect.fail(message)
    fail(tostring(message))
  end

  fixtures = {}
  for name, fn in next, host do fixtures[name] = fn end

  return function()
    local results = {}
    for i, case in ipairs(cases) do
      failing = false
      local ok, message = pcall(case.fn)
      results[i] = {
        name = case.name,
        status = ok and "passed" or (failing and "failed" or "error"),
        message = not ok and tostring(message) or nil,
      }
    end
    return results
  end
  """#
}
