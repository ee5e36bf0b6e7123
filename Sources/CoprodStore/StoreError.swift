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
    /// An event cannot be trusted: its payload or kind cannot be read, or its hash does not
    /// follow from the events before it.
    case damagedEvent(sequence: Int64, kind: String, detail: String)
    /// A table (projection) is not what the event log produces; the log itself is sound.
    case tablesDisagree(table: String, firstDifference: String)
    /// An earlier command found the workspace damaged (`problem`, on the day `found`); writes
    /// and exports are refused until it is repaired.
    case foundDamaged(found: String, problem: String, status: Int32)
    /// An erasure was recorded, but another command kept an old copy of the erased data in the
    /// write-ahead log.
    case erasureNotFlushed
    /// A table row cannot be read back (the tables, or the file, are damaged).
    case unreadableRow(String)
  }

  /// Exit status 5: the workspace is busy; try again.
  public static let busyStatus: Int32 = 5
  /// Exit status 4: the event log (or the file) is damaged.
  public static let damagedStatus: Int32 = 4
  /// Exit status 3: the tables disagree with a sound event log.
  public static let disagreeStatus: Int32 = 3

  public var exitStatus: Int32 {
    switch reason {
    case .busy, .erasureNotFlushed: Self.busyStatus
    case .damaged, .damagedEvent, .unreadableRow: Self.damagedStatus
    case .tablesDisagree: Self.disagreeStatus
    case .foundDamaged(_, _, let status): status
    case .foreign, .newerVersion, .missing, .notEmpty, .cannotWrite: 1
    }
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
    case .damagedEvent(let sequence, let kind, let detail):
      "\(path): event \(sequence) (\(kind)): \(detail); the workspace is damaged: restore it from a `coprod export` bundle made before the damage (`coprod init NEWDIR`, then `coprod import BUNDLE --workspace NEWDIR`)"
    case .tablesDisagree(let table, let first):
      "\(path): the \(table) table is not what the event log produces (first difference at \(first)); the log itself is sound: run `coprod repair` to rebuild the tables from it"
    case .foundDamaged(let found, let problem, _):
      "\(path): refused: on \(found) coprod found this workspace damaged, and it has not been repaired since: \(problem)"
    case .unreadableRow(let detail):
      "\(path): a stored row cannot be read (\(detail)); run `coprod verify`: when only the tables are damaged, `coprod repair` rebuilds them from the event log"
    case .erasureNotFlushed:
      "\(path): the erasure is recorded, but another coprod command was reading the workspace, so an old copy of the erased data is still in the write-ahead log; run `coprod repair` when no other coprod command is running"
    }
  }
}

extension StoreError {
  /// The damage `problem` describes, in the workspace database at `path`.
  init(_ problem: ChainProblem, path: String) {
    self.init(.damagedEvent(sequence: problem.sequence, kind: problem.kind, detail: problem.detail), path: path)
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
