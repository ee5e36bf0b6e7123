// coprod — co-production toolkit. Apache-2.0.

import Foundation

// MARK: - Running the built binary

/// The output of one `coprod` run.
public struct RunResult: Sendable {
  /// The exit status.
  public var status: Int32
  /// Everything written to standard output.
  public var stdout: String
  /// Everything written to standard error.
  public var stderr: String
}

/// `.build/debug/coprod` of this checkout.
public let coprodBinary: URL = {
  var url = URL(fileURLWithPath: #filePath)
  while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
    url.deleteLastPathComponent()
  }
  return url.appendingPathComponent(".build/debug/coprod")
}()

/// The root of this checkout.
public let repositoryRoot: URL = coprodBinary.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Environment for reproducible CLI runs.
public func cliEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
  var env = ProcessInfo.processInfo.environment
  env["COPROD_NOW"] = "2026-03-01T09:00:00Z"
  env["COPROD_ACTOR"] = "tester"
  for (key, value) in extra { env[key] = value }
  return env
}

/// Starts `coprod` with `arguments`; the caller waits or kills.
public func launch(_ arguments: [String], env: [String: String] = cliEnvironment(), in directory: String? = nil) throws -> (
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
public func run(_ arguments: [String], env: [String: String] = cliEnvironment(), in directory: String? = nil) throws -> RunResult {
  let (process, out, err) = try launch(arguments, env: env, in: directory)
  nonisolated(unsafe) var stderr = Data()
  let drained = DispatchSemaphore(value: 0)
  DispatchQueue.global().async {
    stderr = err.fileHandleForReading.readDataToEndOfFile()
    drained.signal()
  }
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  drained.wait()
  process.waitUntilExit()
  return RunResult(
    status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
    stderr: String(decoding: stderr, as: UTF8.self))
}

/// Makes a new workspace named `name` in a fresh temporary folder (`coprod-LABEL-UUID`) and
/// returns its path; the caller removes it.
public func newWorkspace(_ label: String, name: String = "Repairs") throws -> String {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-\(label)-\(UUID().uuidString)").path
  let made = try run(["init", folder, "--name", name])
  guard made.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["stderr": made.stderr]) }
  return folder
}
