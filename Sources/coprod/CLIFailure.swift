// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import Foundation

/// The version printed by `coprod --version`.
enum CoprodVersion {
  static let string = "0.1.0"
}

/// Runs a command body, turning any error into one readable line on standard error and the
/// documented exit status (docs/cli.md): 1 for bad input, plugins or workspaces, 2 when a
/// plugin exceeds a limit, 70 for an internal error. Never prints a Swift stack trace.
func reportingFailures<T>(_ body: () async throws -> T) async throws -> T {
  do {
    return try await body()
  } catch let exit as ExitCode {
    throw exit
  } catch let error as any ReportableError {
    printError(error.description)
    throw ExitCode(error.exitStatus)
  } catch {
    printError("\(error)")
    throw ExitCode(70)
  }
}

/// Writes one line to standard error, prefixed with `coprod: `.
func printError(_ message: String) {
  FileHandle.standardError.write(Data("coprod: \(message)\n".utf8))
}
