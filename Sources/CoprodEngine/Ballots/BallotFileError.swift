// coprod — co-production toolkit. Apache-2.0.

// MARK: - Error

/// A ballot file that cannot be read, with the place and the problem.
///
/// `description` is `FILE:LINE: problem` (or `FILE: problem` when the problem concerns the
/// whole file), where the problem says what is wrong and what to do about it. The wording is
/// stable: tests and documentation (docs/ballot-formats.md) quote it exactly.
public struct BallotFileError: ReportableError, Equatable {
  /// The path as the user gave it.
  public var file: String
  /// The 1-based line the problem is on, or nil when it concerns the whole file.
  public var line: Int?
  /// What is wrong and what to do, without the location prefix.
  public var problem: String

  /// Creates an error at `line` of `file` (nil for the whole file).
  public init(file: String, line: Int?, problem: String) {
    self.file = file
    self.line = line
    self.problem = problem
  }

  /// The one-line message shown to the user.
  public var description: String {
    if let line { return "\(file):\(line): \(problem)" }
    return "\(file): \(problem)"
  }
}
