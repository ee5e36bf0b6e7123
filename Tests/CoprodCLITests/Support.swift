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
/// `folder` as it is now (its state hash), after the blank line that separates blocks, then
/// the stamp coprod adds (``reportStamp(_:plugin:workspace:)``).
func reportFooter(_ folder: String, report: String) throws -> String {
  let head = try run(["log", "--head", "--workspace", folder]).stdout.trimmingCharacters(in: .newlines)
  #expect(head.count == 64)
  return "\nMade from the workspace at state hash \(head). `coprod verify` shows the hash of a workspace's history, so anyone holding it can check which history this report describes.\n"
    + (try reportStamp(report, plugin: "org.coprod.\(report)", workspace: folder))
}

/// The stamp coprod ends every Markdown report with, after the blank line that separates
/// blocks: the workspace's state hash (`coprod log --head`) or the data file and its SHA-256,
/// then the report plugin's id, version and SHA-256 as `coprod plugins info` shows them, and
/// `extra` lines (a library or a rule).
func reportStamp(
  _ report: String, plugin: String, workspace: String? = nil, data: (file: String, sha256: String)? = nil, extra: [String] = []
) throws -> String {
  var lines: [String] = []
  if let workspace {
    lines.append("Workspace state hash: \(try run(["log", "--head", "--workspace", workspace]).stdout.trimmingCharacters(in: .newlines)).")
  }
  if let data { lines.append("Data: \(data.file) (sha256 \(data.sha256)).") }
  let info = try run(["plugins", "info", plugin]).stdout.split(separator: "\n")
  let title = try #require(info.first)
  let idAndVersion = try #require(title.split(separator: "(").last?.dropLast())
  let sha = try #require(info.first { $0.hasPrefix("SHA-256:") }?.split(separator: " ").last)
  lines.append("Report plugin: \(idAndVersion) (sha256 \(sha)).")
  lines += extra
  return "\n---\n\nMade with `coprod report \(report)`:\n\n" + lines.map { "- \($0)\n" }.joined()
}

/// The SHA-256 of a file's bytes as `sha256sum` prints it (an independent check of the hash
/// coprod stamps a `--data` file with).
func sha256(ofFile path: String) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
  process.arguments = [path]
  let pipe = Pipe()
  process.standardOutput = pipe
  try process.run()
  let output = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
}
