// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import Foundation

/// The version printed by `coprod --version`.
enum CoprodVersion {
  static let string = "0.1.0"
}

// MARK: - Failures

/// The one place where a failed command becomes a line on standard error and an exit status
/// (docs/cli.md): 1 for bad input, plugins or workspaces, 2 when a plugin exceeds a limit, the
/// error's own status where it names one, 70 for an internal error. Never a Swift stack trace.
enum CLIFailure {
  /// Prints `error` and exits with its status. Argument errors, `--help` and explicit exit
  /// codes are left to ArgumentParser, which prints usage where that helps.
  static func exit(_ error: any Error) -> Never {
    switch error {
    case let error as any ReportableError:
      printError(message(error))
      Coprod.exit(withError: ExitCode(error.exitStatus))
    case _ where String(reflecting: type(of: error)).hasPrefix("ArgumentParser."):
      Coprod.exit(withError: error)  // usage errors, --help, explicit exit codes
    default:
      printError(message(error))
      Coprod.exit(withError: ExitCode(70))
    }
  }

  /// The one line that tells people what went wrong (without the `coprod: ` prefix); a live
  /// session prints it after `error: ` and carries on.
  static func message(_ error: any Error) -> String {
    if let error = error as? any ReportableError { return error.description }
    return "internal error: \(error)"
  }
}

/// Writes one line to standard error, prefixed with `coprod: `.
func printError(_ message: String) {
  FileHandle.standardError.write(Data("coprod: \(message)\n".utf8))
}
