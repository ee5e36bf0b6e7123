// coprod — co-production toolkit. Apache-2.0.

import Foundation

// `coprod-bench`: benchmark helpers for docs/performance.md (run by scripts/bench.sh).

let usage = """
  usage: coprod-bench generate OUT.soi --voters N --candidates N --seed N [--culture mallows|impartial] [--dispersion D]
         coprod-bench native-irv FILE
         coprod-bench lua-calls [--iterations N] [--runs N]
         coprod-bench lua-patterns [--rounds N] [--runs N]
         coprod-bench fuzz [--inputs N] [--seed N] [--only FORMAT] [--data DIR]
         coprod-bench world-cafe [--people N] [--size N] [--rounds N] [--seeds N]
         coprod-bench sortition [--people N] [--features N] [--size N] [--seed N] [--runs N] [--write DIR]
  """

do {
  var arguments = BenchArguments(Array(CommandLine.arguments.dropFirst()))
  switch arguments.next() {
  case "generate": try GenerateCommand(&arguments).run()
  case "native-irv": try NativeIRVCommand(&arguments).run()
  case "lua-calls": try LuaCallsCommand(&arguments).run()
  case "lua-patterns": try LuaPatternsCommand(&arguments).run()
  case "fuzz": try FuzzCommand(&arguments).run()
  case "world-cafe": try WorldCafeCommand(&arguments).run()
  case "sortition": try SortitionCommand(&arguments).run()
  default: throw BenchUsageError("expected a subcommand")
  }
} catch let error as BenchUsageError {
  FileHandle.standardError.write(Data("coprod-bench: \(error.message)\n\(usage)\n".utf8))
  exit(64)
} catch {
  FileHandle.standardError.write(Data("coprod-bench: \(error)\n".utf8))
  exit(1)
}
