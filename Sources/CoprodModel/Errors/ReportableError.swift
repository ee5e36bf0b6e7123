// coprod — co-production toolkit. Apache-2.0.

/// An error whose `description` is one complete, readable line for the person running coprod:
/// it names the file, line or field and says what to do. The CLI prints it and exits with
/// `exitStatus`; it never shows a stack trace.
public protocol ReportableError: Error, CustomStringConvertible, Sendable {
  /// The process exit status for this error (see docs/cli.md): 1 for bad input, plugins or
  /// workspaces; 2 when a plugin exceeded a limit.
  var exitStatus: Int32 { get }
}

extension ReportableError {
  /// Bad input is the common case.
  public var exitStatus: Int32 { 1 }
}
