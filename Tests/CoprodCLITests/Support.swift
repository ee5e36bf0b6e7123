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

/// The footer the bundled `you-said` and `health` reports end with, for the workspace in
/// `folder` as it is now (its state hash), after the blank line that separates blocks.
func reportFooter(_ folder: String) throws -> String {
  let head = try run(["log", "--head", "--workspace", folder]).stdout.trimmingCharacters(in: .newlines)
  #expect(head.count == 64)
  return "\nMade from the workspace at state hash \(head). `coprod verify` shows the hash of a workspace's history, so anyone holding it can check which history this report describes.\n"
}
