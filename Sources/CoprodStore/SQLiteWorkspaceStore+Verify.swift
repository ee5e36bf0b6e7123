// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation
import GRDB

// MARK: - Verify

extension SQLiteWorkspaceStore {
  /// Replays the whole event log into a scratch database built by the same migrator and
  /// compares every table, row by row, with the stored one (SQL `EXCEPT` both ways).
  public func verify() throws -> VerificationReport {
    let scratchPath = FileManager.default.temporaryDirectory
      .appendingPathComponent("coprod-verify-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max)).sqlite").path
    defer {
      for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: scratchPath + suffix) }
    }
    let integrity = try StoreErrorMapping.map(path: path) {
      try queue.read { try String.fetchAll($0, sql: "PRAGMA quick_check").joined(separator: "; ") }
    }
    return try StoreErrorMapping.map(path: path) {
      let scratch = try DatabaseQueue(path: scratchPath)
      try WorkspaceSchema.migrator.migrate(scratch)
      return try scratch.writeWithoutTransaction { db in
        try db.execute(sql: "ATTACH DATABASE ? AS ws", arguments: [path])
        let codec = EventCodec()
        var events = 0
        try db.inTransaction {
          let rows = try Row.fetchCursor(db, sql: "SELECT seq, kind, payload FROM ws.events ORDER BY seq")
          while let row = try rows.next() {
            let kindText: String = row[1]
            guard let kind = WorkspaceChange.Kind(rawValue: kindText) else {
              throw StoreError(.damaged("event \(row[0] as Int64) has unknown kind '\(kindText)'"), path: path)
            }
            try Projection.apply(try codec.change(kind: kind, payload: row[2]), in: db)
            events += 1
          }
          return .commit
        }
        let tables = try WorkspaceSchema.projectionTables.map { table in
          try Self.compare(table: table.name, key: table.key, in: db)
        }
        return VerificationReport(events: events, integrity: integrity, tables: tables)
      }
    }
  }

  private static func compare(table: String, key: String, in db: Database) throws -> VerificationReport.TableComparison {
    let columns = try db.columns(in: table).map(\.name).joined(separator: ", ")
    let rebuiltOnly = "SELECT \(columns) FROM main.\(table) EXCEPT SELECT \(columns) FROM ws.\(table)"
    let storedOnly = "SELECT \(columns) FROM ws.\(table) EXCEPT SELECT \(columns) FROM main.\(table)"
    let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM ws.\(table)") ?? 0
    let missing = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(rebuiltOnly))") ?? 0
    let unexpected = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(storedOnly))") ?? 0
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
