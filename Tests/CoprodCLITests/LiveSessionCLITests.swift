// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// `coprod run FORMAT --live` and `coprod run --resume`: a facilitator at a terminal, or a
/// program speaking the line protocol.
@Suite("live sessions: the line protocol, a terminal, and resuming")
struct LiveSessionCLITests {
  /// A story circle of six, entered as it happens.
  static let script = [
    "attend p001 p002 p003",
    "attend p004 p005 p006",
    "next",
    "next",
    "say p001 \"The part was late three times.\" quote name=first",
    "pass p002",
    "say p003 \"Nobody rang me back.\" quote",
    "say p004 \"I could not read the letter.\"",
    "say p005 \"A text the day before would help.\" quote name=full",
    "say p006 \"Our group keeps a list.\" quote",
    "say p002 \"When a job moves team, nobody tells you.\" quote",
    "next",
    "note \"Waiting without news came up at both tables.\" quote",
    "next",
    "note \"Tell people before a visit\" id=t1 from=stories.1,stories.5 quote",
    "note \"Call people back\" id=t2 from=stories.2,stories.3 quote",
    "next",
    "dot p001 t1:2 t2",
    "dot p002 t2:3",
    "dot p003 t1 t1 t2",
    "dot p004 t2",
    "dot p005 t1:3",
    "dot p006 t1:2 t2:1",
    "decide by=\"The circle, with the repairs manager\" rationale=\"Most dots.\"",
    "commit \"Pilot text updates\" owner=\"Repairs team\" due=2027-03-31 from=t1",
    "next",
    "end",
  ]

  /// Runs `lines` through the line protocol (standard input not a terminal).
  static func protocolRun(_ arguments: [String], _ lines: [String], in ws: String) throws -> RunResult {
    let input = "\(ws)/input-\(UUID().uuidString).txt"
    try (lines.joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: input) }
    let process = Process()
    process.currentDirectoryURL = URL(fileURLWithPath: ws)
    process.executableURL = coprodBinary
    process.arguments = arguments
    process.environment = cliEnvironment()
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// `sessions show s1 --json` with recording times blanked.
  static func untimed(_ ws: String) throws -> String {
    try ok(["sessions", "show", "s1", "--json"], in: ws)
      .replacingOccurrences(of: #""(started|ended|closed)" : "[0-9T:Z-]+""#, with: "TIME", options: .regularExpression)
  }
}
