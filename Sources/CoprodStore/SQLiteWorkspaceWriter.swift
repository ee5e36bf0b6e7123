// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation
import GRDB

// MARK: - Writer

/// The in-transaction writer handed to ``SQLiteWorkspaceStore/write(_:dryRun:_:)`` bodies.
/// It records the command on its first change, so a command that changes nothing leaves no
/// trace.
final class SQLiteWorkspaceWriter: WorkspaceWriter {
  private let db: Database
  private let command: CommandInfo
  private var commandRecord: (record: CommandRecord, digest: Data)?
  /// The newest event's sequence number and hash, once read.
  private var head: (sequence: Int64, hash: Data)?
  private let codec = EventCodec()
  private var salts = EventChain.Salts()
  /// The event insert, prepared once per transaction (imports run it millions of times).
  private var insertEvent: Statement?
  private(set) var recordedCount = 0
  /// True once this transaction erased someone (the store then empties the write-ahead log).
  private(set) var erased = false

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

  func panels() throws -> [PanelDraw] { try SQLiteWorkspaceStore.panels(in: db) }

  func highestNumber(prefix: String) throws -> Int {
    let table = prefix == "C" ? "contributions" : "participants"
    let pattern = prefix + "[0-9][0-9][0-9][0-9][0-9][0-9]*"
    let ids = try String.fetchAll(
      db, sql: "SELECT id FROM \(table) WHERE id GLOB ? ORDER BY length(id) DESC, id DESC LIMIT 1", arguments: [pattern])
    return ids.first.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
  }

  func stateHash() throws -> String { EventChain.hex(try currentHead().hash) }

  func record(_ change: WorkspaceChange) throws {
    let (command, commandDigest) = try currentCommand()
    var change = change
    if case .participantErased(var erasure) = change {
      erasure.redactions = try redactEarlierEvents(of: erasure.participantID)
      change = .participantErased(erasure)
      erased = true
    }
    let payload = try codec.payload(of: change)
    let previous = try currentHead()
    let sequence = previous.sequence + 1
    let salt = salts.next()
    let hash = EventChain.link(
      previous: previous.hash, sequence: sequence, command: commandDigest, kind: change.kind.rawValue,
      participant: change.participantID, commitment: EventChain.commitment(salt: salt, payload: payload))
    let insert =
      try insertEvent
      ?? db.makeStatement(sql: "INSERT INTO events (seq, command_id, kind, participant_id, payload, salt, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
    insertEvent = insert
    try insert.execute(arguments: [sequence, command.id, change.kind.rawValue, change.participantID, payload, salt, hash])
    head = (sequence, hash)
    try Projection.apply(change, in: db)
    recordedCount += 1
  }

  private func currentHead() throws -> (sequence: Int64, hash: Data) {
    if let head { return head }
    let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
    let value = (sequence: row?[0] as Int64? ?? 0, hash: row?[1] as Data? ?? EventChain.genesis)
    head = value
    return value
  }

  private func currentCommand() throws -> (CommandRecord, Data) {
    if let commandRecord { return commandRecord }
    try db.execute(
      sql: "INSERT INTO commands (actor, at, command) VALUES (?, ?, ?)",
      arguments: [command.actor, command.at.text, command.command])
    let record = CommandRecord(id: db.lastInsertedRowID, actor: command.actor, at: command.at, command: command.command)
    let value = (record: record, digest: EventChain.commandDigest(record))
    commandRecord = value
    return value
  }

  /// Rewrites every earlier event holding the participant's personal data or identifying
  /// content, whatever its kind: each event about them or whose payload names them is offered
  /// to ``WorkspaceChange/redacted(erasing:)``. A rewritten event loses its salt and keeps its
  /// original commitment, so its hash stays valid; the returned records list the digest of
  /// each new payload, for the erasure event to vouch for them.
  private func redactEarlierEvents(of participantID: String) throws -> [Erasure.Redaction] {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT seq, kind, payload, salt, commitment FROM events
        WHERE withheld = 0 AND (participant_id = ? OR instr(payload, ?) > 0) ORDER BY seq
        """, arguments: [participantID, "\"" + participantID + "\""])
    var redactions: [Erasure.Redaction] = []
    for row in rows {
      let sequence: Int64 = row[0]
      let kindText: String = row[1]
      let payload: String = row[2]
      guard let kind = WorkspaceChange.Kind(rawValue: kindText), let change = try? codec.change(kind: kind, payload: payload) else {
        throw DecodingFailure("event \(sequence) (\(kindText)) cannot be read, so it cannot be erased")
      }
      guard let redacted = change.redacted(erasing: participantID) else { continue }
      guard let commitment = (row[4] as Data?) ?? (row[3] as Data?).map({ EventChain.commitment(salt: $0, payload: payload) }) else {
        throw DecodingFailure("event \(sequence) (\(kindText)) has neither a salt nor a commitment")
      }
      let newPayload = try codec.payload(of: redacted)
      try db.cachedStatement(sql: "UPDATE events SET payload = ?, salt = NULL, commitment = ?, redacted = 1 WHERE seq = ?")
        .execute(arguments: [newPayload, commitment, sequence])
      redactions.append(Erasure.Redaction(sequence: sequence, redacted: EventChain.digest(newPayload)))
    }
    return redactions
  }
}

// MARK: - Restorer

/// Writes a bundle's history into an empty workspace exactly as it was exported.
final class SQLiteWorkspaceRestorer: WorkspaceRestorer {
  private let db: Database
  private let codec = EventCodec()
  /// The hash of the last event restored, for chaining events from bundles made before the chain.
  private var head = EventChain.genesis
  private var lastCommand: (id: Int64, digest: Data)?
  private var salts = EventChain.Salts()

  init(db: Database) { self.db = db }

  func restore(_ command: CommandRecord) throws {
    try db.cachedStatement(sql: "INSERT INTO commands (id, actor, at, command) VALUES (?, ?, ?, ?)")
      .execute(arguments: [command.id, command.actor, command.at.text, command.command])
  }

  func restore(_ event: StoredEvent) throws {
    var event = event
    if event.hash == nil {
      // A bundle made before the chain: the event is chained as it is restored.
      let command: Data
      if let last = lastCommand, last.id == event.command.id {
        command = last.digest
      } else {
        command = EventChain.commandDigest(event.command)
        lastCommand = (event.command.id, command)
      }
      let salt = salts.next()
      event.salt = salt
      event.hash = EventChain.link(
        previous: head, sequence: event.sequence, command: command, kind: event.kind.rawValue,
        participant: event.participantID, commitment: EventChain.commitment(salt: salt, payload: event.payload))
    }
    head = event.hash ?? head
    do {
      try db.cachedStatement(
        sql: """
          INSERT INTO events (seq, command_id, kind, participant_id, payload, redacted, salt, commitment, hash, withheld)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [
        event.sequence, event.command.id, event.kind.rawValue, event.participantID, event.payload, event.redacted,
        event.salt, event.commitment, event.hash, event.withheld,
      ])
      if !event.withheld { try Projection.apply(try codec.change(kind: event.kind, payload: event.payload), in: db) }
    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
      throw EventConflict(sequence: event.sequence, detail: error.message ?? "a constraint failed")
    } catch let failure as DecodingFailure {
      throw EventConflict(sequence: event.sequence, detail: failure.description)
    }
  }
}
