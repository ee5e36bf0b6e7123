// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodStore
import Foundation

// MARK: - Temporary workspaces

/// A temporary folder removed when the test ends.
final class TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-store-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// Writes `text` to `name` inside the folder and returns its path.
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: file)
    return file.path
  }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// A fixed context so that runs are reproducible.
func testContext(_ command: String = "test") -> CommandContext {
  CommandContext(actor: "tester", now: Timestamp("2026-03-01T09:00:00Z")!, commandLine: command)
}

/// Makes a workspace in a fresh folder inside `dir`.
func makeWorkspace(in dir: TemporaryDirectory, name: String = "ws") throws -> Workspace {
  try Workspace.create(at: dir.url.appendingPathComponent(name), name: "test", now: testContext().now)
}

/// The example participants used by several suites (p004 has personal data and a story).
let sampleParticipants = """
  id,name,email,perspectives,access_needs,language,ethnicity
  p001,Amira Khan,amira@example.org,resident;lived experience,step-free access,en,Asian
  p002,Gareth Jones,gareth@example.org,resident;carer,,cy,White
  p003,Sam O'Neill,sam@example.org,staff,,en,White
  p004,Joy Mensah,joy@example.org,lived experience,large print,en,Black
  p005,Dylan Evans,,resident,,cy,White
  p006,Priya Shah,,resident,,en,White
  p007,Tom Baker,,resident,,en,White

  """

let sampleStories = """
  id,author,kind,text,quote
  s001,p001,story,"The repairs team came three times, and nobody said why.",yes
  s002,p004,story,"I couldn't read the letter; the print was tiny.",no
  s003,p002,story,"Nobody answered the phone in Welsh.",yes

  """

// MARK: - Running the built binary

/// The output of one `coprod` run.
struct RunResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// `.build/debug/coprod` of this checkout.
let coprodBinary: URL = {
  var url = URL(fileURLWithPath: #filePath)
  while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
    url.deleteLastPathComponent()
  }
  return url.appendingPathComponent(".build/debug/coprod")
}()

/// Environment for reproducible CLI runs.
func cliEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
  var env = ProcessInfo.processInfo.environment
  env["COPROD_NOW"] = "2026-03-01T09:00:00Z"
  env["COPROD_ACTOR"] = "tester"
  for (key, value) in extra { env[key] = value }
  return env
}

/// Starts `coprod` with `arguments`; the caller waits or kills.
func launch(_ arguments: [String], env: [String: String] = cliEnvironment(), in directory: String? = nil) throws -> (
  Process, Pipe, Pipe
) {
  let process = Process()
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
  process.executableURL = coprodBinary
  process.arguments = arguments
  process.environment = env
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  return (process, out, err)
}

/// Runs `coprod` to completion.
func run(_ arguments: [String], env: [String: String] = cliEnvironment(), in directory: String? = nil) throws -> RunResult {
  let (process, out, err) = try launch(arguments, env: env, in: directory)
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  let stderr = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return RunResult(
    status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
    stderr: String(decoding: stderr, as: UTF8.self))
}
