// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation
import GRDB

// MARK: - Verify

extension SQLiteWorkspaceStore {
  /// Checks every event's hash while replaying the whole log into a scratch database built by
  /// the same migrator, then compares every table, row by row, with the stored one (SQL
  /// `EXCEPT` both ways). The whole check reads one consistent snapshot of the workspace, so a
  /// command writing meanwhile never makes it report a difference; it waits up to the busy
  /// timeout when the file is locked.
  ///
  /// The scratch database is thrown away afterwards, so it is written without a journal or
  /// syncs, and its transaction is committed (nothing in the workspace is written).
  public func verify(progress: ((Double) -> Void)?) throws -> VerificationReport {
    let scratchPath = FileManager.default.temporaryDirectory
      .appendingPathComponent("coprod-verify-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max)).sqlite").path
    defer {
      for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: scratchPath + suffix) }
    }
    let report = try guarded {
      var configuration = Configuration()
      configuration.busyMode = .timeout(busyTimeout)
      configuration.prepareDatabase { db in
        try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536")
      }
      let scratch = try DatabaseQueue(path: scratchPath, configuration: configuration)
      try WorkspaceSchema.migrator.migrate(scratch)
      return try scratch.writeWithoutTransaction { db in
        try db.execute(sql: "ATTACH DATABASE ? AS ws", arguments: [path])
        var report: VerificationReport?
        // Deferred: an immediate transaction would take the write lock of the attached workspace too.
        try db.inTransaction(.deferred) {
          report = try replayAndCompare(in: db, progress: progress)
          return .commit
        }
        guard let report else { preconditionFailure("verification did not run") }
        return report
      }
    }
    if let table = report.tables.first(where: { !$0.matches }) {
      rememberDamage(StoreError(.tablesDisagree(table: table.table, firstDifference: table.firstDifference ?? "?"), path: path))
    } else if report.isConsistent {
      _ = try? queue.write { try $0.execute(sql: "DELETE FROM damage") }
    }
    return report
  }

  private func replayAndCompare(in db: Database, progress: ((Double) -> Void)?) throws -> VerificationReport {
    let integrity = try String.fetchAll(db, sql: "PRAGMA ws.quick_check").joined(separator: "; ")
    // Replaying is most of the work; comparing the tables is counted as the last tenth.
    let last = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM ws.events") ?? 1
    let codec = EventCodec()
    var chain = ChainVerifier()
    var events = 0
    func damage(_ problem: ChainProblem) -> StoreError { StoreError(problem, path: path) }
    try Self.forEachStored(in: db, schema: "ws", path: path, filter: EventFilter(), includingWithheld: true) { stored in
      if let progress, stored.sequence % 4096 == 0 { progress(0.9 * Double(stored.sequence) / Double(max(1, last))) }
      let change = stored.withheld ? nil : try decoded(stored, codec: codec)
      let event = ChainedEvent(stored, change: change)
      do {
        try chain.check(event)
      } catch let problem as ChainProblem {
        throw damage(problem)
      }
      guard let change else { return }
      do {
        try Projection.apply(change, in: db)
      } catch let error as DatabaseError {
        throw damage(ChainProblem(
          sequence: stored.sequence, kind: stored.kind.rawValue,
          detail: "it contradicts the events before it (\(error.message ?? "\(error.resultCode)"))"))
      } catch let failure as DecodingFailure {
        throw damage(ChainProblem(sequence: stored.sequence, kind: stored.kind.rawValue, detail: "it contradicts the events before it (\(failure.description))"))
      }
      events += 1
    }
    if let problem = Self.unvouchedRewrite(in: chain) { throw damage(problem) }
    var tables: [VerificationReport.TableComparison] = []
    for (index, table) in WorkspaceSchema.projectionTables.enumerated() {
      tables.append(try Self.compare(table: table.name, key: table.key, in: db))
      progress?(0.9 + 0.1 * Double(index + 1) / Double(WorkspaceSchema.projectionTables.count))
    }
    return VerificationReport(
      events: events, chained: chain.count, stateHash: EventChain.hex(chain.head), integrity: integrity, tables: tables)
  }

  /// The first rewritten payload no erasure vouches for, once every event is in.
  private static func unvouchedRewrite(in chain: ChainVerifier) -> ChainProblem? {
    do {
      try chain.finish()
      return nil
    } catch {
      return error
    }
  }

  private static func compare(table: String, key: String, in db: Database) throws -> VerificationReport.TableComparison {
    let columns = try db.columns(in: table).map(\.name).joined(separator: ", ")
    let rebuiltOnly = "SELECT \(columns) FROM main.\(table) EXCEPT SELECT \(columns) FROM ws.\(table)"
    let storedOnly = "SELECT \(columns) FROM ws.\(table) EXCEPT SELECT \(columns) FROM main.\(table)"
    let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM ws.\(table)") ?? 0
    let rebuiltRows = try Int.fetchOne(db, sql: "SELECT count(*) FROM main.\(table)") ?? 0
    let missing = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(rebuiltOnly))") ?? 0
    // The rebuilt rows are distinct (every table has a primary key, and the rebuild never
    // stores a NULL key), so when as many rows are stored and none of the rebuilt ones is
    // missing, the stored rows are exactly the rebuilt ones: the second comparison is needed
    // only to count the differences.
    var unexpected = 0
    if missing > 0 || rows != rebuiltRows { unexpected = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(storedOnly))") ?? 0 }
    var first: String?
    if missing + unexpected > 0 {
      let keyColumns = key.split(separator: ",").map { $0.trimmed }
      let sql = "SELECT \(key) FROM (\(rebuiltOnly) UNION ALL \(storedOnly)) ORDER BY \(key) LIMIT 1"
      if let row = try Row.fetchOne(db, sql: sql) {
        first = keyColumns.indices.map { index in
          let value: DatabaseValue = row[index]
          return String.fromDatabaseValue(value) ?? Int64.fromDatabaseValue(value).map(String.init) ?? "NULL"
        }.joined(separator: "/")
      }
    }
    return VerificationReport.TableComparison(table: table, rows: rows, missing: missing, unexpected: unexpected, firstDifference: first)
  }
}
