// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import Foundation
import Testing

/// A plugin that fills its memory to a few bytes under the cap and then makes the host work
/// (a host function, or handing back its definition) must end in success or a clean
/// memory-limit error: the host's own allocations (registry references, marshalled values,
/// stack growth) are made under the allocator's bypass, never refused half-way, never an
/// abort. An abort would kill the process, so these run in child processes (exit tests).
@Suite("Memory cap at the edge")
struct MemoryEdgeTests {
  /// The cap of these runs.
  static let cap = 1 << 20

  /// Lua that allocates until `margin` bytes are left under ``cap`` and keeps it all.
  static func fill(margin: Int) -> String {
    """
    local keep, target = {}, \(cap - margin)
    local function used() return collectgarbage('count') * 1024 end
    local chain = nil
    while used() + 200 < target do chain = { chain } end
    keep[1] = chain
    local n = 2
    while used() + 24 < target do keep[n] = true n = n + 1 end
    """
  }

  /// What a rule does right after filling memory: every host function and field.
  static let hostCalls = [
    "election:ballots()", "local x = election.candidates", "election:first_preferences({ 'a', 'b' })",
    "election:top_choices({ 'a', 'b' })", "election:counts()", "election:pairwise()", "election:approvals()",
    "local x = election.settings", "local x = election.metadata", "election:name('a')", "election:money(1050)",
    "count:note('x')", "count:round { tally = { a = 1, b = '2.5' }, note = 'n' }", "count:elect('a')",
    "count:break_tie({ 'a', 'b' }, 'x')", "count:elected()", "require('lib')", "print('x', 1)",
    "coprod.voting_rule { name = 'y', ballot = 'ranked', count = print }", "for k in coprod.sorted_pairs({ b = 1, a = 2 }) do end",
    "election.kind = 1", "local x = election.nothing",
  ]

  /// Whether `result` is success or the memory-limit error (any other error is fine too, as
  /// long as the process is alive to say so — but it must be one line).
  static func acceptable(_ result: Result<TallyRecord, PluginRunError>) -> Bool {
    switch result {
    case .success: return true
    case .failure(let error): return !error.description.contains("\n")
    }
  }

  @Test func everyHostCallAtTheCapEndsCleanly() async {
    await #expect(processExitsWith: .success) {
      let limits = LuaLimits(memoryBytes: MemoryEdgeTests.cap, instructions: 50_000_000, seconds: 60)
      var memoryErrors = 0
      for margin in stride(from: 0, through: 320, by: 16) {
        for call in MemoryEdgeTests.hostCalls {
          let result = runCount("\(MemoryEdgeTests.fill(margin: margin))\n\(call)", files: ["lib.lua": "return { 1, 2, 3 }"], limits: limits)
          guard MemoryEdgeTests.acceptable(result) else { exit(3) }
          if result.failure?.kind == .memoryLimit { memoryErrors += 1 }
        }
      }
      // The edge was really reached: some runs ended at the cap.
      exit(memoryErrors > 0 && freshRunWorks() ? 0 : 4)
    }
  }

  @Test func returningTheDefinitionAtTheCapEndsCleanly() async {
    await #expect(processExitsWith: .success) {
      let limits = LuaLimits(memoryBytes: MemoryEdgeTests.cap, instructions: 50_000_000, seconds: 60)
      var outcomes: Set<String> = []
      for margin in stride(from: 0, through: 400, by: 4) {
        // 100 functions: the host takes a registry reference for each, growing the registry.
        let functions = "local fns = { n = 100 } for i = 1, 100 do fns[i] = function() return i end end\n"
        let source = "\(functions)\(MemoryEdgeTests.fill(margin: margin))\nKEEP = keep return fns"
        switch runChunk(source, limits: limits) {
        case .success: outcomes.insert("success")
        case .failure(let error) where error.kind == .memoryLimit: outcomes.insert("memory")
        case .failure: exit(3)
        }
      }
      exit(outcomes == ["success", "memory"] && freshRunWorks() ? 0 : 4)
    }
  }

  @Test func tinyCapsEndCleanly() async {
    // Caps around the size of an idle state (about 30 KiB): the host's own set-up is never
    // refused half-way; a cap too small for it is the memory-limit error.
    await #expect(processExitsWith: .success) {
      for bytes in stride(from: 1 << 10, through: 40 << 10, by: 16) {
        let limits = LuaLimits(memoryBytes: bytes, instructions: 50_000_000, seconds: 60)
        switch runChunk("return 1", limits: limits) {
        case .success(let value) where value == .integer(1): break
        case .failure(let error) where error.kind == .memoryLimit || error.message == "could not create a Lua state": break
        default: exit(3)
        }
      }
      exit(freshRunWorks() ? 0 : 4)
    }
  }

  @Test func aTinyCapIsTheMemoryMessage() {
    #expect(
      runChunk("return 1", limits: LuaLimits(memoryBytes: 8 << 10, instructions: 1_000_000, seconds: 5)).errorText
        == "plugin org.test.hostile: memory limit exceeded (8192 bytes); if the plugin is trusted and needs more, pass --max-memory (host maximum 8G)")
  }
}
