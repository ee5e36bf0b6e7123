// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import Foundation

/// Writes a throwaway plugin folder with the given Lua files.
func makePluginFolder(_ files: [String: String]) throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-test-\(UUID().uuidString)")
  for (path, text) in files {
    let url = folder.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
  }
  return folder
}

/// Runs `main.lua` of a throwaway plugin and returns its result, or the error's description.
func runChunk(_ source: String, files: [String: String] = [:], limits: LuaLimits = LuaLimits(memoryBytes: 64 << 20, instructions: 50_000_000, seconds: 10)) -> Result<LuaValue, PluginRunError> {
  do {
    var all = files
    all["main.lua"] = source
    let folder = try makePluginFolder(all)
    defer { try? FileManager.default.removeItem(at: folder) }
    let sandbox = try LuaSandbox(pluginID: "org.test.hostile", root: folder, limits: limits, seed: 7)
    return .success(try sandbox.run(file: "main.lua"))
  } catch let error as PluginRunError {
    return .failure(error)
  } catch {
    return .failure(PluginRunError(kind: .load, pluginID: "test", location: nil, message: "\(error)"))
  }
}

/// Runs `source` as a voting rule (`rule.lua`) over `profile` with one seat and input-order
/// tie-breaks: the record, or the plugin's error.
func runRule(
  _ source: String, on profile: BallotProfile,
  limits: LuaLimits = LuaLimits(memoryBytes: 64 << 20, instructions: 50_000_000, seconds: 10)
) throws -> Result<TallyRecord, PluginRunError> {
  let folder = try makePluginFolder(["rule.lua": source])
  defer { try? FileManager.default.removeItem(at: folder) }
  do {
    let sandbox = try LuaSandbox(pluginID: "org.test.rule", root: folder, limits: limits)
    guard case .votingRule(let rule) = try sandbox.loadDefinition(entry: "rule.lua", kind: .votingRule) else {
      return .failure(PluginRunError(kind: .invalidResult, pluginID: "org.test.rule", location: nil, message: "not a voting rule"))
    }
    let input = ElectionInput(profile: profile, seats: 1, budget: nil, settings: [:])
    return .success(try sandbox.count(rule, input: input, tieBreak: .inputOrder))
  } catch let error as PluginRunError {
    return .failure(error)
  }
}

extension Result where Success == LuaValue, Failure == PluginRunError {
  /// The error's one-line description, or nil on success.
  var errorText: String? {
    if case .failure(let error) = self { return error.description }
    return nil
  }
  /// The error, or nil on success.
  var failure: PluginRunError? {
    if case .failure(let error) = self { return error }
    return nil
  }
  /// The value, or nil on failure.
  var value: LuaValue? {
    if case .success(let value) = self { return value }
    return nil
  }
}

/// Runs `render.lua` of a throwaway report plugin over `data`: the Markdown, or the plugin's
/// error.
func runReport(_ source: String, data: LuaValue, limits: LuaLimits = LuaLimits(memoryBytes: 64 << 20, instructions: 50_000_000, seconds: 10)) throws -> Result<String, PluginRunError> {
  let folder = try makePluginFolder(["render.lua": source])
  defer { try? FileManager.default.removeItem(at: folder) }
  do {
    let sandbox = try LuaSandbox(pluginID: "org.test.report", root: folder, limits: limits)
    guard case .report(let report) = try sandbox.loadDefinition(entry: "render.lua", kind: .report) else {
      return .failure(PluginRunError(kind: .invalidResult, pluginID: "org.test.report", location: nil, message: "not a report"))
    }
    return .success(try sandbox.render(report, data: data))
  } catch {
    return .failure(error)
  }
}

/// Whether a new sandbox in this process still runs plugins normally (after a limit, an
/// error or a hostile trick in another).
func freshRunWorks() -> Bool {
  runChunk("local t = {} for i = 1, 1000 do t[i] = ('x'):rep(i % 7) end return #table.concat(t)").value == .integer(3003)
}

extension Result where Success == TallyRecord, Failure == PluginRunError {
  /// The error's one-line description, or nil on success.
  var errorText: String? {
    if case .failure(let error) = self { return error.description }
    return nil
  }
}

/// One ranked ballot profile over candidates a and b (3 × a > b, 2 × b).
let twoCandidates: BallotProfile = {
  var builder = BallotProfileBuilder(kind: .ranked, candidates: [Candidate(id: "a"), Candidate(id: "b")])
  builder.addRanked([[0], [1]], count: 3)
  builder.addRanked([[1]], count: 2)
  return builder.profile
}()

/// `body` as the inside of a voting rule's `count(election, count)` in `rule.lua` (its
/// first line is line 2), run over ``twoCandidates``.
func runCount(_ body: String, files: [String: String] = [:], limits: LuaLimits = LuaLimits(memoryBytes: 64 << 20, instructions: 50_000_000, seconds: 10)) -> Result<TallyRecord, PluginRunError> {
  do {
    var all = files
    all["rule.lua"] = "return coprod.voting_rule { name = 'x', ballot = 'ranked', count = function(election, count)\n\(body)\nend }"
    let folder = try makePluginFolder(all)
    defer { try? FileManager.default.removeItem(at: folder) }
    let sandbox = try LuaSandbox(pluginID: "org.test.rule", root: folder, limits: limits)
    guard case .votingRule(let rule) = try sandbox.loadDefinition(entry: "rule.lua", kind: .votingRule) else {
      return .failure(PluginRunError(kind: .invalidResult, pluginID: "org.test.rule", location: nil, message: "not a rule"))
    }
    return .success(try sandbox.count(rule, input: ElectionInput(profile: twoCandidates, seats: 1, budget: nil, settings: [:]), tieBreak: .inputOrder))
  } catch let error as PluginRunError {
    return .failure(error)
  } catch {
    return .failure(PluginRunError(kind: .load, pluginID: "org.test.rule", location: nil, message: "\(error)"))
  }
}
