// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import GRDB

// MARK: - Writer

/// The in-transaction writer handed to ``SQLiteWorkspaceStore/write(_:dryRun:_:)`` bodies.
/// It records the command on its first change, so a command that changes nothing leaves no
/// trace.
final class SQLiteWorkspaceWriter: WorkspaceWriter {
  private let db: Database
  private let command: CommandInfo
  private var commandID: Int64?
  private let codec = EventCodec()
  private(set) var recordedCount = 0

  init(db: Database, command: CommandInfo) {
    self.db = db
    self.command = command
  }

  func participant(_ id: String) throws -> ParticipantRecord? {
    try Row.fetchOne(
      db.cachedStatement(sql: "SELECT id, perspectives, access_needs, language, withdrawn, erased FROM participants WHERE id = ?"),
      arguments: [id]
    ).map(SQLiteWorkspaceStore.participantRecord)
  }

  func participantStatus(_ id: String) throws -> ParticipantStatus? {
    try Row.fetchOne(db.cachedStatement(sql: "SELECT withdrawn, erased FROM participants WHERE id = ?"), arguments: [id])
      .map { row in ParticipantStatus(withdrawn: (row[0] as String?).flatMap(CalendarDate.init), erased: row[1]) }
  }

  func contributionExists(_ id: String) throws -> Bool {
    try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM contributions WHERE id = ?)"), arguments: [id]) ?? false
  }

  func consultation() throws -> Consultation? { try SQLiteWorkspaceStore.consultation(in: db) }

  func decisions() throws -> [Decision] { try SQLiteWorkspaceStore.decisions(in: db) }

  func commitments() throws -> [Commitment] { try SQLiteWorkspaceStore.commitments(in: db) }

  func feedback() throws -> [FeedbackPublication] { try SQLiteWorkspaceStore.feedback(in: db) }

  func sessionIDs() throws -> [String] { try String.fetchAll(db, sql: "SELECT id FROM sessions ORDER BY rowid") }

  func highestNumber(prefix: String) throws -> Int {
    let table = prefix == "C" ? "contributions" : "participants"
    let pattern = prefix + "[0-9][0-9][0-9][0-9][0-9][0-9]*"
    let ids = try String.fetchAll(
      db, sql: "SELECT id FROM \(table) WHERE id GLOB ? ORDER BY length(id) DESC, id DESC LIMIT 1", arguments: [pattern])
    return ids.first.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
  }

  func record(_ change: WorkspaceChange) throws {
    let commandID = try currentCommandID()
    if case .participantErased(let erasure) = change { try redactEarlierEvents(of: erasure.participantID) }
    try db.cachedStatement(sql: "INSERT INTO events (command_id, kind, participant_id, payload) VALUES (?, ?, ?, ?)")
      .execute(arguments: [commandID, change.kind.rawValue, change.participantID, try codec.payload(of: change)])
    try Projection.apply(change, in: db)
    recordedCount += 1
  }

  private func currentCommandID() throws -> Int64 {
    if let commandID { return commandID }
    try db.execute(
      sql: "INSERT INTO commands (actor, at, command) VALUES (?, ?, ?)",
      arguments: [command.actor, command.at.text, command.command])
    let id = db.lastInsertedRowID
    commandID = id
    return id
  }

  /// Rewrites every earlier event holding the participant's personal data or identifying
  /// content, marking it redacted (the only update the event log's triggers allow).
  private func redactEarlierEvents(of participantID: String) throws {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT seq, kind, payload FROM events WHERE participant_id = ?
        AND kind IN ('participant.added', 'personal-data.recorded', 'contribution.added', 'session.ballot-cast',
          'session.option-added')
        """, arguments: [participantID])
    for row in rows {
      guard let kind = WorkspaceChange.Kind(rawValue: row[1]) else { continue }
      let change = try codec.change(kind: kind, payload: row[2])
      guard let redacted = change.redacted(erasing: participantID) else { continue }
      try db.execute(
        sql: "UPDATE events SET payload = ?, redacted = 1 WHERE seq = ?",
        arguments: [try codec.payload(of: redacted), row[0] as Int64])
    }
  }
}

// MARK: - Restorer

/// Writes a bundle's history into an empty workspace exactly as it was exported.
final class SQLiteWorkspaceRestorer: WorkspaceRestorer {
  private let db: Database
  private let codec = EventCodec()

  init(db: Database) { self.db = db }

  func restore(_ command: CommandRecord) throws {
    try db.cachedStatement(sql: "INSERT INTO commands (id, actor, at, command) VALUES (?, ?, ?, ?)")
      .execute(arguments: [command.id, command.actor, command.at.text, command.command])
  }

  func restore(_ event: StoredEvent) throws {
    let change = try codec.change(kind: event.kind, payload: event.payload)
    do {
      try db.cachedStatement(
        sql: "INSERT INTO events (seq, command_id, kind, participant_id, payload, redacted) VALUES (?, ?, ?, ?, ?, ?)"
      ).execute(arguments: [
        event.sequence, event.command.id, event.kind.rawValue, event.participantID, event.payload, event.redacted,
      ])
      try Projection.apply(change, in: db)
    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
      throw EventConflict(sequence: event.sequence, detail: error.message ?? "a constraint failed")
    }
  }
}
