// coprod — co-production toolkit. Apache-2.0.

import CLua
import CLuaShims
import Foundation

/// `lua-patterns [--rounds N] [--runs N]`: the cost of the sandbox's limit-aware string and
/// table functions against Lua's own, on a realistic text workload.
///
/// Both sides are states made by `coprod_newstate` (the capped allocator and the count hook,
/// with limits that are never reached), so the only difference is the library: the sandbox's
/// (`coprod_open_sandbox`: the copied pattern matcher and table loops with their charges)
/// against Debian's stock one (`luaL_openlibs`). This is the one place outside
/// `CoprodLua/Runtime` that touches the C API, because it must open a stock library to
/// compare with. Every figure is the median of `runs` runs of `rounds` passes over 20,000
/// lines.
struct LuaPatternsCommand {
  let rounds: Int
  let runs: Int

  init(_ arguments: inout BenchArguments) throws(BenchUsageError) {
    rounds = try arguments.integer("rounds", default: 5)
    runs = try arguments.integer("runs", default: 7)
    guard rounds >= 1, runs >= 1 else { throw BenchUsageError("--rounds and --runs must be at least 1") }
    try arguments.finish()
  }

  /// Splits, trims, finds, substitutes and sorts 20,000 CSV-like lines `rounds` times, the
  /// kind of text handling a report or an import-minded rule does; returns a checksum.
  static let workload = """
    local rounds = ...
    local lines = {}
    for i = 1, 20000 do
      lines[i] = string.format('%d, Candidate %d , %s ,  %d.%02d, "a note: (%d) [x]"', i, i % 37, i % 2 == 0 and 'yes' or 'no', i, i % 100, i % 7)
    end
    local sum = 0
    for _ = 1, rounds do
      for _, line in ipairs(lines) do
        local fields = {}
        for field in line:gmatch('[^,]+') do fields[#fields + 1] = field:match('^%s*(.-)%s*$') end
        local id = line:match('Candidate (%d+)')
        local squeezed = line:gsub('%s+', ' ')
        local first, last = line:find('%b()')
        if line:find('yes', 1, true) then sum = sum + 1 end
        table.sort(fields)
        sum = sum + #fields + tonumber(id) + #squeezed + (last - first) + #table.concat(fields, '|')
      end
    end
    return sum
    """

  func run() throws {
    func seconds(stock: Bool) throws -> (Double, Int64) {
      let limits = UnsafeMutablePointer<coprod_limits>.allocate(capacity: 1)
      limits.initialize(to: coprod_limits())
      defer { limits.deallocate() }
      limits.pointee.instruction_limit = 200_000_000_000
      guard let state = coprod_newstate(limits) else { throw BenchUsageError("could not create a Lua state") }
      defer { lua_close(state) }
      if stock { luaL_openlibs(state) } else if coprod_open_sandbox(state, 0) != LUA_OK { throw BenchUsageError("could not open the sandbox") }
      let loaded = Self.workload.withCString { coprod_load_source(state, $0, strlen($0), "=workload") }
      guard loaded == LUA_OK else { throw BenchUsageError("the workload does not load") }
      lua_pushinteger(state, lua_Integer(rounds))
      let start = now()
      guard coprod_pcall(state, 1, 1) == LUA_OK else {
        throw BenchUsageError("the workload failed: \(clua_tostring(state, -1).map { String(cString: $0) } ?? "?")")
      }
      return (now() - start, Int64(clua_tointeger(state, -1)))
    }
    var stockTimes: [Double] = [], sandboxTimes: [Double] = []
    var checksums: Set<Int64> = []
    for _ in 0..<runs {
      let (stock, stockSum) = try seconds(stock: true)
      let (sandbox, sandboxSum) = try seconds(stock: false)
      stockTimes.append(stock)
      sandboxTimes.append(sandbox)
      checksums.formUnion([stockSum, sandboxSum])
    }
    guard checksums.count == 1 else { throw BenchUsageError("the sandbox and stock Lua disagree: \(checksums.sorted())") }
    print("runs: \(runs) (medians), \(rounds) passes over 20,000 lines each, checksum \(checksums.first ?? 0) on both sides")
    print(String(format: "stock Lua string/table functions: %.3f s", median(stockTimes)))
    print(String(format: "sandbox (limit-aware) functions:  %.3f s (%.2f× stock)", median(sandboxTimes), median(sandboxTimes) / median(stockTimes)))
  }
}
