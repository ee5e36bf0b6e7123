// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodLua
import Foundation

/// `lua-calls [--iterations N] [--runs N]`: the cost of the Lua bridge, in-process.
///
/// - creating an idle sandbox (time, and `memoryInUse` once created);
/// - one Swift→Lua call: ``LuaSandbox/call(_:arguments:)`` on `function(x) return x end`;
/// - one Lua→Swift call: a Lua loop calling `election:name(id)` (an `__index` lookup and a
///   call, both in Swift), and `name(election, id)` with the method fetched once (the call
///   alone), each minus the same loop without the call.
///
/// Every figure is the median of `runs` runs of `iterations` operations.
struct LuaCallsCommand {
  let iterations: Int
  let runs: Int

  init(_ arguments: inout BenchArguments) throws(BenchUsageError) {
    iterations = try arguments.integer("iterations", default: 1_000_000)
    runs = try arguments.integer("runs", default: 7)
    guard iterations >= 1, runs >= 1 else { throw BenchUsageError("--iterations and --runs must be at least 1") }
    try arguments.finish()
  }

  /// The Lua side: `echo.lua` returns a trivial function; `loop.lua` is a voting rule whose
  /// `count` runs the loop named by the `mode` setting.
  static let files = [
    "echo.lua": "return function(x) return x end\n",
    "loop.lua": """
      return coprod.voting_rule {
        name = "bridge benchmark", ballot = "ranked",
        count = function(election, count)
          local n, mode, id = election.settings.n, election.settings.mode, "1"
          if mode == "empty" then
            for _ = 1, n do local _ = id end
          elseif mode == "method" then
            for _ = 1, n do local _ = election:name(id) end
          else
            local name = election.name
            for _ = 1, n do local _ = name(election, id) end
          end
        end,
      }

      """,
  ]

  func run() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-bench-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, source) in Self.files { try source.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    let limits = LuaLimits.hostMaximum

    // MARK: Idle sandbox
    let creations = max(1, iterations / 1000)
    var createTimes: [Double] = []
    var idleBytes = 0
    for _ in 0..<runs {
      let start = now()
      for _ in 0..<creations {
        let sandbox = try LuaSandbox(pluginID: "org.example.bench", root: folder, limits: limits)
        idleBytes = sandbox.memoryInUse
      }
      createTimes.append((now() - start) / Double(creations))
    }

    // MARK: Swift → Lua
    let sandbox = try LuaSandbox(pluginID: "org.example.bench", root: folder, limits: limits)
    guard case .function(let echo) = try sandbox.run(file: "echo.lua") else { throw BenchUsageError("echo.lua did not return a function") }
    var swiftToLua: [Double] = []
    for _ in 0..<runs {
      let start = now()
      for k in 0..<iterations { _ = try sandbox.call(echo) { stack in stack.push(k); return 1 } }
      swiftToLua.append((now() - start) / Double(iterations))
    }

    // MARK: Lua → Swift
    guard case .votingRule(let rule) = try sandbox.loadDefinition(entry: "loop.lua", kind: .votingRule) else {
      throw BenchUsageError("loop.lua did not define a voting rule")
    }
    var builder = BallotProfileBuilder(kind: .ranked, candidates: [Candidate(id: "1"), Candidate(id: "2")])
    builder.addRanked([[0], [1]], count: 1)
    func loop(_ mode: String) throws -> Double {
      let input = ElectionInput(profile: builder.profile, seats: 1, budget: nil, settings: ["n": .integer(Int64(iterations)), "mode": .string(mode)])
      let start = now()
      _ = try sandbox.count(rule, input: input, tieBreak: .inputOrder)
      return now() - start
    }
    var empty: [Double] = [], method: [Double] = [], cached: [Double] = []
    for _ in 0..<runs {
      empty.append(try loop("empty"))
      method.append(try loop("method"))
      cached.append(try loop("cached"))
    }
    let base = median(empty)

    print("runs: \(runs) (medians), iterations per run: \(iterations) (sandbox creations: \(creations))")
    print(String(format: "idle sandbox: %.1f µs to create, %d bytes (%.1f KiB) in use", median(createTimes) * 1e6, idleBytes, Double(idleBytes) / 1024))
    print(String(format: "Swift→Lua call (LuaSandbox.call, 1 argument, 1 result): %.0f ns", median(swiftToLua) * 1e9))
    print(String(format: "Lua→Swift election:name(id) (index + call): %.0f ns (loop %.3f s − empty loop %.3f s)", (median(method) - base) / Double(iterations) * 1e9, median(method), base))
    print(String(format: "Lua→Swift name(election, id) (call only): %.0f ns (loop %.3f s − empty loop %.3f s)", (median(cached) - base) / Double(iterations) * 1e9, median(cached), base))
  }
}
