// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation

// MARK: - Workspace errors

/// A problem with a workspace or a command's arguments, in one line that says what to do.
public enum WorkspaceError: ReportableError, Equatable {
  /// The folder has no `coprod.json`.
  case notAWorkspace(String)
  /// `coprod init` on a folder that already is a workspace.
  case alreadyExists(String)
  /// The folder or manifest cannot be written.
  case cannotCreate(String, String)
  /// The manifest cannot be read.
  case badManifest(String, String)
  /// `COPROD_NOW` is not a timestamp.
  case badClock(String)
  /// A participant id that the workspace does not hold.
  case unknownParticipant(String)
  /// A participant whose data was erased cannot take part again.
  case erasedParticipant(String)
  /// A participant who withdrew participation consent.
  case withdrawnParticipant(String, CalendarDate)
  /// A contribution id that the workspace does not hold.
  case unknownContribution(String)
  /// A contribution id already in use.
  case duplicateContribution(String)
  /// A command-line value that is not valid.
  case invalidValue(field: String, problem: String)
  /// A file that cannot be read.
  case unreadable(String, String)
  /// `coprod consultation show` on a workspace whose consultation was never defined.
  case noConsultation
  /// An input file that fails the checks made before parsing (empty, not UTF-8, a line or
  /// field too long): the file, the line when there is one, the problem.
  case badText(String, line: Int?, problem: String)

  /// `problem` found in `file`.
  static func badText(_ file: String, _ problem: TextProblem) -> WorkspaceError {
    .badText(file, line: problem.line, problem: problem.problem)
  }

  public var description: String {
    switch self {
    case .notAWorkspace(let dir):
      "\(dir) is not a coprod workspace (no \(WorkspaceManifest.fileName)); run `coprod init DIR` or pass --workspace DIR"
    case .alreadyExists(let dir):
      "\(dir) already holds a coprod workspace; choose another folder"
    case .cannotCreate(let path, let detail):
      "\(path): cannot write (\(detail))"
    case .badManifest(let path, let detail):
      "\(path): \(detail)"
    case .badClock(let value):
      "COPROD_NOW: '\(value)' is not a time written YYYY-MM-DDTHH:MM:SSZ"
    case .unknownParticipant(let id):
      "participant: no participant '\(id)' in this workspace; see `coprod participants list`"
    case .erasedParticipant(let id):
      "participant: '\(id)' was erased; erased participants cannot be changed"
    case .withdrawnParticipant(let id, let date):
      "participant: '\(id)' withdrew consent to take part on \(date); record new consent first"
    case .unknownContribution(let id):
      "contribution: no contribution '\(id)' in this workspace"
    case .duplicateContribution(let id):
      "id: contribution '\(id)' already exists; choose another id or leave it out"
    case .invalidValue(let field, let problem):
      "\(field): \(problem)"
    case .unreadable(let path, let detail):
      "\(path): cannot read (\(detail))"
    case .badText(let file, let line, let problem):
      "\(file)\(line.map { ":\($0)" } ?? ""): \(problem)"
    case .noConsultation:
      "consultation: this workspace has none yet; define it with `coprod consultation set --question TEXT --purpose TEXT --ladder RUNG --spectrum LEVEL`"
    }
  }
}

// MARK: - Import problems

/// One bad row or value in an input file, reported as `FILE:LINE: field: problem`.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
  /// The file, as named on the command line.
  public var file: String
  /// The 1-based line where the row starts.
  public var line: Int
  /// The field (column) concerned.
  public var field: String
  /// What is wrong and, where possible, what would be right.
  public var problem: String

  /// Creates a problem.
  public init(file: String, line: Int, field: String, problem: String) {
    self.file = file
    self.line = line
    self.field = field
    self.problem = problem
  }

  public var description: String { "\(file):\(line): \(field): \(problem)" }
}

/// An all-or-nothing import that found problems: nothing was written. Lists every problem.
public struct ImportFailed: ReportableError, Equatable {
  /// Every problem found, in file order.
  public var problems: [ImportProblem]

  /// Creates the error.
  public init(problems: [ImportProblem]) { self.problems = problems }

  public var description: String {
    let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
    return "\(count); nothing was imported\n" + problems.map(\.description).joined(separator: "\n")
  }
}
