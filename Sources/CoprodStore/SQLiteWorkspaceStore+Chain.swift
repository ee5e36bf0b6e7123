// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation
import GRDB

// MARK: - Damage

extension SQLiteWorkspaceStore {
  /// Runs `body`, turning SQLite failures and unreadable rows into ``StoreError``s, and
  /// remembering damage it meets (so that later writes and exports are refused).
  func guarded<T>(_ body: () throws -> T) throws -> T {
    do {
      return try StoreErrorMapping.map(path: path, body)
    } catch let error as StoreError {
      switch error.reason {
      case .damagedEvent, .tablesDisagree: rememberDamage(error)
      default: break
      }
      throw error
    } catch let failure as DecodingFailure {
      throw StoreError(.unreadableRow(failure.description), path: path)
    }
  }

  /// Records that `error` was found, unless the workspace cannot be written just now (then the
  /// next command that looks will find it again).
  func rememberDamage(_ error: StoreError) {
    let found = Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970)).map { $0.date.text } ?? "an unknown day"
    _ = try? queue.write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO damage (id, found, status, problem) VALUES (1, ?, ?, ?)",
        arguments: [found, error.exitStatus, error.description])
    }
  }

  /// Throws when an earlier command found the workspace damaged.
  func checkNotFoundDamaged(_ db: Database) throws {
    if let row = try Row.fetchOne(db, sql: "SELECT found, status, problem FROM damage WHERE id = 1") {
      throw StoreError(.foundDamaged(found: row[0], problem: row[2], status: row[1]), path: path)
    }
  }

  /// Throws unless the workspace may be written: no command found it damaged, and its newest
  /// event's hash follows from the one before (a cheap check; `coprod verify` checks them all).
  func checkWritable(_ db: Database) throws {
    try checkNotFoundDamaged(db)
    _ = try verifiedHead(db)
  }

  /// The hash of the newest event (the state hash), after checking that it follows from the
  /// event before it.
  func verifiedHead(_ db: Database) throws -> Data {
    var last: [StoredEvent] = []
    try Self.forEachStored(
      in: db, path: path, filter: EventFilter(limit: 2, fromEnd: true), includingWithheld: true
    ) { last.append($0) }
    guard let newest = last.last else { return EventChain.genesis }
    var chain = ChainVerifier(after: last.count == 2 ? last[0] : nil)
    do {
      return try chain.check(ChainedEvent(newest, change: nil))
    } catch {
      throw StoreError(error, path: path)
    }
  }

  public func stateHash() throws -> String {
    try guarded {
      try queue.read { db in
        try checkNotFoundDamaged(db)
        return EventChain.hex(try verifiedHead(db))
      }
    }
  }

  // MARK: - Erasure leaves no copy

  /// Copies every page back into the database file and empties the write-ahead log, so that no
  /// old copy of erased data stays in `coprod.sqlite-wal`. Run after every erasure.
  func flushErasedData() throws {
    let busy = try guarded {
      try queue.writeWithoutTransaction { db in
        try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)").map { ($0[0] as Int) != 0 } ?? true
      }
    }
    if busy { throw StoreError(.erasureNotFlushed, path: path) }
  }

  // MARK: - Repair

  public func repair() throws -> RepairReport {
    let report = try verify()
    var rebuilt: [String] = []
    if !report.isConsistent {
      rebuilt = report.tables.filter { !$0.matches }.map { $0.table }
      try guarded {
        try queue.writeWithoutTransaction { db in
          try db.inTransaction(.immediate) {
            for table in WorkspaceSchema.projectionTables { try db.execute(sql: "DELETE FROM \(table.name)") }
            let codec = EventCodec()
            try Self.forEachStored(in: db, path: path, filter: EventFilter(), includingWithheld: false) { stored in
              try Projection.apply(try decoded(stored, codec: codec), in: db)
            }
            return .commit
          }
        }
      }
    }
    try guarded {
      try queue.writeWithoutTransaction { db in
        try db.execute(sql: "DELETE FROM damage")
        try db.execute(sql: "VACUUM")
      }
    }
    try flushErasedData()
    return RepairReport(events: report.events, stateHash: report.stateHash, rebuiltTables: rebuilt)
  }
}

// MARK: - Sealing

/// Gives every event that has no hash yet a salt and its hash: the events written before the
/// log was chained (migration `v6-event-chain`).
enum EventChainSealer {
  static func sealUnchainedEvents(in db: Database) throws {
    guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM events WHERE hash IS NULL)") == true else { return }
    var head = EventChain.genesis
    var after: Int64 = -1
    var lastCommand: (id: Int64, digest: Data)?
    var salts = EventChain.Salts()
    let update = try db.makeStatement(sql: "UPDATE events SET salt = ?, hash = ? WHERE seq = ?")
    while true {
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT e.seq, e.kind, e.participant_id, e.payload, e.hash, c.id, c.actor, c.at, c.command
          FROM events e JOIN commands c ON c.id = e.command_id WHERE e.seq > ? ORDER BY e.seq LIMIT 10000
          """, arguments: [after])
      guard let last = rows.last else { return }
      after = last[0]
      for row in rows {
        if let hash = row[4] as Data? {
          head = hash
          continue
        }
        let commandID: Int64 = row[5]
        let command: Data
        if let cached = lastCommand, cached.id == commandID {
          command = cached.digest
        } else {
          command = EventChain.commandDigest(
            CommandRecord(id: commandID, actor: row[6], at: try SQLiteWorkspaceStore.timestamp(row[7]), command: row[8]))
          lastCommand = (commandID, command)
        }
        let salt = salts.next()
        head = EventChain.link(
          previous: head, sequence: row[0], command: command, kind: row[1], participant: row[2],
          commitment: EventChain.commitment(salt: salt, payload: row[3]))
        try update.execute(arguments: [salt, head, row[0] as Int64])
      }
    }
  }
}
