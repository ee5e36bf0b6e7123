// coprod — co-production toolkit. Apache-2.0.

import CoprodModel

// MARK: - Store errors

/// A problem with a workspace's database, described in one line that says what to do.
public struct StoreError: ReportableError, Equatable {
  /// What went wrong.
  public var reason: Reason
  /// The database file concerned.
  public var path: String

  /// The kinds of store problem.
  public enum Reason: Sendable, Equatable {
    /// Another command holds the write lock for longer than the busy timeout.
    case busy
    /// The file is not an SQLite database, or SQLite found it damaged.
    case damaged(String)
    /// The file is an SQLite database made by some other program.
    case foreign
    /// The workspace was made by a newer coprod with schema changes this build lacks.
    case newerVersion
    /// The database file is missing.
    case missing
    /// A bundle can only be imported into a workspace with no events.
    case notEmpty
    /// The workspace cannot be written (permissions, read-only disk, full disk).
    case cannotWrite(String)
  }

  /// Creates an error.
  public init(_ reason: Reason, path: String) {
    self.reason = reason
    self.path = path
  }

  public var description: String {
    switch reason {
    case .busy:
      "workspace is busy: another coprod command is writing to \(path); try again when it has finished"
    case .damaged(let detail):
      "\(path): the workspace database is damaged or not a database (\(detail)); restore it from a backup or a `coprod export` bundle"
    case .foreign:
      "\(path): this SQLite database was not made by coprod; point --workspace at a folder made by `coprod init`"
    case .newerVersion:
      "\(path): this workspace was made by a newer version of coprod; upgrade coprod to open it"
    case .missing:
      "\(path): the workspace database is missing; run `coprod init` to make a workspace"
    case .notEmpty:
      "\(path): a bundle can only be imported into an empty workspace; run `coprod init NEWDIR` and import there"
    case .cannotWrite(let detail):
      "\(path): cannot write to the workspace (\(detail))"
    }
  }
}

/// A restored event that contradicts the events before it (it adds what already exists, or
/// names what does not): the history being restored was edited.
public struct EventConflict: Error, Equatable {
  /// The event's sequence number.
  public var sequence: Int64
  /// SQLite's account of the constraint that failed.
  public var detail: String
}
