// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// Runs `arguments` in `ws`, expecting success with nothing on standard error, and returns
/// standard output.
func ok(_ arguments: [String], in ws: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
  let result = try run(arguments, in: ws)
  #expect(result.status == 0, sourceLocation: sourceLocation)
  #expect(result.stderr == "", sourceLocation: sourceLocation)
  return result.stdout
}

/// Runs `arguments` in `ws`, expecting exit 1 with exactly `stderr`, nothing on standard
/// output and an unchanged log.
func expectRefused(_ arguments: [String], stderr: String, in ws: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
  let before = try ok(["log"], in: ws, sourceLocation: sourceLocation)
  let result = try run(arguments, in: ws)
  #expect(result.status == 1, sourceLocation: sourceLocation)
  #expect(result.stdout == "", sourceLocation: sourceLocation)
  #expect(result.stderr == stderr, sourceLocation: sourceLocation)
  #expect(try ok(["log"], in: ws, sourceLocation: sourceLocation) == before, sourceLocation: sourceLocation)
}
