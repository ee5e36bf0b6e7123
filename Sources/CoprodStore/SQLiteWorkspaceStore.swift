// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation
import GRDB

// MARK: - SQLite store

/// The embedded store: one SQLite database file in WAL mode, opened through GRDB.
///
/// Writers take SQLite's write lock at the start of their transaction (`BEGIN IMMEDIATE`)
/// and wait up to the busy timeout for another command to finish; after that they fail with
/// ``StoreError/Reason/busy``. Readers never block writers.
public final class SQLiteWorkspaceStore: WorkspaceStore {
  /// The database file.
  public let path: String
  let queue: DatabaseQueue
  /// How long to wait for another command (seconds).
  let busyTimeout: TimeInterval

  /// The busy timeout used when none is given: 10 seconds.
  public static let defaultBusyTimeout: TimeInterval = 10

  /// Creates a new, empty workspace database at `path` (which must not exist yet).
  public static func create(at path: String, busyTimeout: TimeInterval = defaultBusyTimeout) throws -> SQLiteWorkspaceStore {
    try StoreErrorMapping.map(path: path) {
      let queue = try DatabaseQueue(path: path, configuration: configuration(busyTimeout: busyTimeout))
      try queue.writeWithoutTransaction { db in
        guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
          throw StoreError(.cannotWrite("the database cannot use a write-ahead log here"), path: path)
        }
      }
      try WorkspaceSchema.migrator.migrate(queue)
      return SQLiteWorkspaceStore(path: path, queue: queue, busyTimeout: busyTimeout)
    }
  }

  /// Opens an existing workspace database, checking that it is a coprod database and
  /// migrating an older schema forward.
  public static func open(at path: String, busyTimeout: TimeInterval = defaultBusyTimeout) throws -> SQLiteWorkspaceStore {
    guard FileManager.default.fileExists(atPath: path) else { throw StoreError(.missing, path: path) }
    return try StoreErrorMapping.map(path: path) {
      let queue = try DatabaseQueue(path: path, configuration: configuration(busyTimeout: busyTimeout))
      let (applicationID, hasMigrations) = try queue.read { db in
        (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, try db.tableExists("grdb_migrations"))
      }
      guard applicationID == WorkspaceSchema.applicationID, hasMigrations else {
        throw StoreError(.foreign, path: path)
      }
      let migrator = WorkspaceSchema.migrator
      if try queue.read({ try migrator.hasBeenSuperseded($0) }) { throw StoreError(.newerVersion, path: path) }
      if try !queue.read({ try migrator.hasCompletedMigrations($0) }) {
        try migrator.migrate(queue)
      }
      if try queue.read({ try String.fetchOne($0, sql: "PRAGMA journal_mode") }) != "wal" {
        _ = try queue.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA journal_mode = WAL") }
      }
      return SQLiteWorkspaceStore(path: path, queue: queue, busyTimeout: busyTimeout)
    }
  }

  init(path: String, queue: DatabaseQueue, busyTimeout: TimeInterval) {
    self.path = path
    self.queue = queue
    self.busyTimeout = busyTimeout
  }

  static func configuration(busyTimeout: TimeInterval) -> Configuration {
    var config = Configuration()
    // The file is put in WAL mode once, when it is made (WAL mode persists in the file). Not
    // through GRDB's `.wal`, which writes to the database on every open while the write-ahead
    // log is empty, so that a read would wait for another command's write.
    config.journalMode = .default
    config.busyMode = .timeout(busyTimeout)
    config.foreignKeysEnabled = true
    config.label = "coprod-workspace"
    // A 64 MiB page cache keeps big imports from re-reading index pages from disk. Deleted
    // and overwritten content is zeroed (secure_delete), so that what erasure removes does not
    // linger in free space; temporary tables and indices stay in memory, never in files.
    config.prepareDatabase { db in
      try db.execute(
        sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY")
    }
    return config
  }

  /// Migration identifiers applied to this database, oldest first.
  public func appliedMigrations() throws -> [String] {
    try guarded { try queue.read { try WorkspaceSchema.migrator.appliedMigrations($0) } }
  }

  // MARK: - Writing

  public func write<T>(_ command: CommandInfo, dryRun: Bool, _ body: (any WorkspaceWriter) throws -> T) throws -> T {
    let (result, erased) = try guarded {
      try queue.writeWithoutTransaction { db in
        var result: T?
        var erased = false
        try db.inTransaction(.immediate) {
          try checkWritable(db)
          let writer = SQLiteWorkspaceWriter(db: db, command: command)
          result = try body(writer)
          erased = writer.erased
          return dryRun ? .rollback : .commit
        }
        guard let result else { preconditionFailure("transaction body did not run") }
        return (result, erased && !dryRun)
      }
    }
    if erased { try flushErasedData() }
    return result
  }

  public func restore(_ body: (any WorkspaceRestorer) throws -> Void) throws {
    try guarded {
      try queue.writeWithoutTransaction { db in
        try db.inTransaction(.immediate) {
          let count = try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM commands)") ?? 0
          guard count == 0 else { throw StoreError(.notEmpty, path: path) }
          try checkWritable(db)
          try body(SQLiteWorkspaceRestorer(db: db))
          return .commit
        }
      }
    }
  }

  // MARK: - Reading events

  public func eventCount() throws -> Int {
    try guarded { try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM events") ?? 0 } }
  }

  public func forEachEvent(_ filter: EventFilter, _ body: (WorkspaceEvent) throws -> Void) throws {
    let codec = EventCodec()
    try forEachStored(filter) { stored in
      let change = try decoded(stored, codec: codec)
      try body(WorkspaceEvent(sequence: stored.sequence, command: stored.command, change: change, redacted: stored.redacted))
    }
  }

  public func forEachStoredEvent(_ body: (StoredEvent) throws -> Void) throws {
    try guarded {
      try queue.read { db in
        try checkNotFoundDamaged(db)
        let codec = EventCodec()
        var chain = ChainVerifier()
        try Self.forEachStored(in: db, path: path, filter: EventFilter(), includingWithheld: true) { stored in
          let event = ChainedEvent(stored, change: stored.withheld ? nil : try decoded(stored, codec: codec))
          do {
            try chain.check(event)
          } catch let problem as ChainProblem {
            throw StoreError(problem, path: path)
          }
          try body(stored)
        }
        do {
          try chain.finish()
        } catch let problem as ChainProblem {
          throw StoreError(problem, path: path)
        }
      }
    }
  }

  /// The change `stored` records; a payload that cannot be read is damage, named by its event.
  func decoded(_ stored: StoredEvent, codec: EventCodec) throws -> WorkspaceChange {
    do {
      return try codec.change(kind: stored.kind, payload: stored.payload)
    } catch {
      throw StoreError(
        .damagedEvent(sequence: stored.sequence, kind: stored.kind.rawValue, detail: "its payload cannot be read (\(DecodingProblem.describe(error)))"),
        path: path)
    }
  }

  private func forEachStored(_ filter: EventFilter, _ body: (StoredEvent) throws -> Void) throws {
    try guarded {
      try queue.read { db in try Self.forEachStored(in: db, path: path, filter: filter, includingWithheld: false, body) }
    }
  }

  /// Calls `body` for the events matching `filter`, oldest first. Events withheld from the
  /// bundle a workspace was restored from hold no payload and are left out unless asked for.
  static func forEachStored(
    in db: Database, schema: String = "main", path: String, filter: EventFilter, includingWithheld: Bool,
    _ body: (StoredEvent) throws -> Void
  ) throws {
    var conditions: [String] = includingWithheld ? [] : ["e.withheld = 0"]
    var arguments: [(any DatabaseValueConvertible)?] = []
    if let kinds = filter.kinds {
      conditions.append("e.kind IN (\(kinds.map { _ in "?" }.joined(separator: ",")))")
      arguments += kinds.map(\.rawValue).sorted().map { $0 as (any DatabaseValueConvertible)? }
    }
    if let participant = filter.participantID {
      conditions.append("e.participant_id = ?")
      arguments.append(participant)
    }
    if let command = filter.commandID {
      conditions.append("e.command_id = ?")
      arguments.append(command)
    }
    if let since = filter.since {
      conditions.append("c.at >= ?")
      arguments.append(since.text)
    }
    if let until = filter.until {
      conditions.append("c.at < ?")
      arguments.append(until.text)
    }
    var sql = """
      SELECT e.seq, e.kind, e.participant_id, e.payload, e.redacted, c.id, c.actor, c.at, c.command,
        e.salt, e.commitment, e.hash, e.withheld
      FROM \(schema).events e JOIN \(schema).commands c ON c.id = e.command_id
      """
    if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
    sql += filter.fromEnd ? " ORDER BY e.seq DESC" : " ORDER BY e.seq"
    if let limit = filter.limit {
      sql += " LIMIT ?"
      arguments.append(limit)
    }
    if filter.fromEnd { sql = "SELECT * FROM (\(sql)) ORDER BY seq" }
    let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
    var lastCommand: CommandRecord?
    while let row = try rows.next() {
      let commandID: Int64 = row[5]
      let command: CommandRecord
      if let last = lastCommand, last.id == commandID {
        command = last
      } else {
        command = CommandRecord(id: commandID, actor: row[6], at: try Self.timestamp(row[7]), command: row[8])
        lastCommand = command
      }
      let kindText: String = row[1]
      guard let kind = WorkspaceChange.Kind(rawValue: kindText) else {
        throw StoreError(.damagedEvent(sequence: row[0], kind: kindText, detail: "its kind is not one this coprod knows"), path: path)
      }
      try body(
        StoredEvent(
          sequence: row[0], command: command, kind: kind, participantID: row[2], payload: row[3], redacted: row[4],
          salt: row[9], commitment: row[10], hash: row[11], withheld: row[12]))
    }
  }

  static func timestamp(_ text: String) throws -> Timestamp {
    guard let value = Timestamp(text) else { throw DecodingFailure("bad timestamp '\(text)'") }
    return value
  }

  // MARK: - Reading tables

  public func participants() throws -> [ParticipantRecord] {
    try guarded {
      try queue.read { db in
        try Row.fetchAll(db, sql: "SELECT id, perspectives, access_needs, language, withdrawn, erased FROM participants ORDER BY rowid")
          .map { try Self.participantRecord($0) }
      }
    }
  }

  static func participantRecord(_ row: Row) throws -> ParticipantRecord {
    let perspectives = try ColumnArray.decode(row[1]).compactMap(Perspective.init(rawValue:))
    let participant = Participant(id: row[0], perspectives: perspectives, accessNeeds: try ColumnArray.decode(row[2]), language: row[3])
    let withdrawn: String? = row[4]
    return ParticipantRecord(participant: participant, withdrawn: withdrawn.flatMap(CalendarDate.init), erased: row[5])
  }

  public func personalData(for participantID: String) throws -> PersonalData? {
    try guarded {
      try queue.read { db in
        let rows = try Row.fetchAll(db, sql: "SELECT field, value FROM personal_data WHERE participant_id = ?", arguments: [participantID])
        if rows.isEmpty { return nil }
        return PersonalData(participantID: participantID, fields: Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0[1]) }))
      }
    }
  }

  public func consents(for participantID: String?) throws -> [Consent] {
    try guarded {
      try queue.read { db in
        var sql = "SELECT participant_id, purpose, special_category, may_quote, may_publish, anonymity, given, withdrawn FROM consents"
        var arguments = StatementArguments()
        if let participantID {
          sql += " WHERE participant_id = ?"
          arguments = [participantID]
        }
        return try Row.fetchAll(db, sql: sql + " ORDER BY participant_id, purpose", arguments: arguments).map { row in
          guard let purpose = ConsentPurpose(rawValue: row[1]), let anonymity = AnonymityLevel(rawValue: row[5]),
            let given = CalendarDate(row[6])
          else { throw DecodingFailure("bad consent row for \(row[0] as String)") }
          let withdrawn: String? = row[7]
          return Consent(
            participantID: row[0], purpose: purpose, specialCategory: row[2], mayQuote: row[3], mayPublish: row[4],
            anonymity: anonymity, given: given, withdrawn: withdrawn.flatMap(CalendarDate.init))
        }
      }
    }
  }

  public func contributions(_ filter: ContributionFilter) throws -> ContributionListing {
    var conditions: [String] = []
    var arguments: [(any DatabaseValueConvertible)?] = []
    if let kind = filter.kind {
      conditions.append("c.kind = ?")
      arguments.append(kind.rawValue)
    }
    if let author = filter.authorID {
      conditions.append("c.author_id = ?")
      arguments.append(author)
    }
    let whereClause = conditions.isEmpty ? "" : " AND " + conditions.joined(separator: " AND ")
    let withdrawn = "c.author_id IN (SELECT id FROM participants WHERE withdrawn IS NOT NULL)"
    let statementArguments = StatementArguments(arguments)
    return try guarded {
      try queue.read { db in
        let withheld =
          try Int.fetchOne(db, sql: "SELECT count(*) FROM contributions c WHERE \(withdrawn)\(whereClause)", arguments: statementArguments) ?? 0
        let rows = try Row.fetchCursor(
          db,
          sql: """
            SELECT c.id, c.kind, c.author_id, c.session_id, c.stage, c.text, c.consent_to_quote, c.anonymity,
              c.derived_from, c.made, c.erased, c.iteration,
              (SELECT count(*) FROM votes v WHERE v.contribution_id = c.id AND v.stance = 1 AND v.voter_id NOT IN
                (SELECT id FROM participants WHERE withdrawn IS NOT NULL)),
              (SELECT count(*) FROM votes v WHERE v.contribution_id = c.id AND v.stance = -1 AND v.voter_id NOT IN
                (SELECT id FROM participants WHERE withdrawn IS NOT NULL)),
              (SELECT count(*) FROM votes v WHERE v.contribution_id = c.id AND v.stance = 0 AND v.voter_id NOT IN
                (SELECT id FROM participants WHERE withdrawn IS NOT NULL))
            FROM contributions c WHERE NOT (\(withdrawn) IS 1)\(whereClause) ORDER BY c.id
            """, arguments: statementArguments)
        var result: [StoredContribution] = []
        while let row = try rows.next() {
          guard let kind = ContributionKind(rawValue: row[1]), let anonymity = AnonymityLevel(rawValue: row[7]) else {
            throw DecodingFailure("bad contribution row \(row[0] as String)")
          }
          let made: String? = row[9]
          let contribution = Contribution(
            id: row[0], kind: kind, authorID: row[2], sessionID: row[3], stage: row[4], text: row[5],
            consentToQuote: row[6], anonymity: anonymity, derivedFrom: try ColumnArray.decode(row[8]),
            made: made.flatMap(CalendarDate.init), iteration: row[11])
          result.append(
            StoredContribution(
              contribution: contribution, erased: row[10], votes: VoteTotals(agree: row[12], disagree: row[13], pass: row[14])))
        }
        return ContributionListing(contributions: result, withheld: withheld)
      }
    }
  }

  public func consultation() throws -> Consultation? {
    try guarded { try queue.read { try Self.consultation(in: $0) } }
  }

  static func consultation(in db: Database) throws -> Consultation? {
    let sql = """
      SELECT question, purpose, ladder_rung, spectrum_level, opens, closes,
        formative_stage, sufficient_information, adequate_time, conscientious_consideration
      FROM consultation WHERE id = 'current'
      """
    guard let row = try Row.fetchOne(db.cachedStatement(sql: sql)) else { return nil }
    guard let rung = LadderRung(name: row[2]), let level = SpectrumLevel(rawValue: row[3]) else {
      throw DecodingFailure("bad consultation row")
    }
    return Consultation(
      question: row[0], purpose: row[1], ladderRung: rung, spectrumLevel: level,
      opens: (row[4] as String?).flatMap(CalendarDate.init), closes: (row[5] as String?).flatMap(CalendarDate.init),
      gunning: GunningChecklist(
        formativeStage: row[6], sufficientInformation: row[7], adequateTime: row[8], conscientiousConsideration: row[9]))
  }

  public func decisions() throws -> [Decision] {
    try guarded { try queue.read { try Self.decisions(in: $0) } }
  }

  static func decisions(in db: Database) throws -> [Decision] {
    let sql = """
      SELECT id, rule_id, rule_version, rule_hash, winners, rounds, proposals, decided_by, rationale, outcome,
        outcome_reasons, decided, session_id, stage, provenance, state_hash,
        (SELECT signer FROM plugin_signers WHERE plugin_hash = rule_hash)
      FROM decisions ORDER BY rowid
      """
    return try Row.fetchAll(db.cachedStatement(sql: sql)).map { row in
      guard let outcome = Decision.Outcome(rawValue: row[9]) else { throw DecodingFailure("bad decision row \(row[0] as String)") }
      return Decision(
        id: row[0], rule: PluginReference(id: row[1], version: row[2], hash: row[3], signer: row[16]), winners: try ColumnArray.decode(row[4]),
        rounds: try ColumnJSON.decode([Decision.Round].self, from: row[5]),
        proposals: try ColumnJSON.decode([String: String].self, from: row[6]), decidedBy: row[7], rationale: row[8],
        outcome: outcome, outcomeReasons: row[10], decided: (row[11] as String?).flatMap(CalendarDate.init),
        sessionID: row[12], stage: row[13],
        provenance: try (row[14] as String?).map { try ColumnJSON.decode([String: [String]].self, from: $0) },
        stateHash: row[15])
    }
  }

  public func commitments() throws -> [Commitment] {
    try guarded { try queue.read { try Self.commitments(in: $0) } }
  }

  static let commitmentColumns = "id, text, owner, due, decision_id, history, evidence, session_id, stage, derived_from"

  static func commitments(in db: Database) throws -> [Commitment] {
    try Row.fetchAll(db.cachedStatement(sql: "SELECT \(commitmentColumns) FROM commitments ORDER BY rowid")).map(commitment)
  }

  static func commitment(_ id: String, in db: Database) throws -> Commitment? {
    try Row.fetchOne(db.cachedStatement(sql: "SELECT \(commitmentColumns) FROM commitments WHERE id = ?"), arguments: [id])
      .map(commitment)
  }

  static func commitment(_ row: Row) throws -> Commitment {
    Commitment(
      id: row[0], text: row[1], owner: row[2], due: (row[3] as String?).flatMap(CalendarDate.init), decisionID: row[4],
      history: try ColumnJSON.decode([Commitment.StatusChange].self, from: row[5]),
      evidence: try ColumnJSON.decode([Commitment.Evidence].self, from: row[6]), sessionID: row[7], stage: row[8],
      derivedFrom: try (row[9] as String?).map(ColumnArray.decode))
  }

  public func panels() throws -> [PanelDraw] {
    try guarded { try queue.read { try Self.panels(in: $0) } }
  }

  static func panels(in db: Database) throws -> [PanelDraw] {
    try String.fetchAll(db, sql: "SELECT draw FROM panels ORDER BY rowid").map { try ColumnJSON.decode(PanelDraw.self, from: $0) }
  }

  public func feedback() throws -> [FeedbackPublication] {
    try guarded { try queue.read { try Self.feedback(in: $0) } }
  }

  static func feedback(in db: Database) throws -> [FeedbackPublication] {
    let sql = """
      SELECT id, title, published, channel, decision_ids, commitment_ids, report_id, report_version, report_hash, sha256
      FROM feedback ORDER BY rowid
      """
    return try Row.fetchAll(db.cachedStatement(sql: sql)).map { row in
      guard let published = CalendarDate(row[2] as String) else { throw DecodingFailure("bad feedback row \(row[0] as String)") }
      let report = (row[6] as String?).map { PluginReference(id: $0, version: row[7], hash: row[8]) }
      return FeedbackPublication(
        id: row[0], title: row[1], published: published, channel: row[3], decisionIDs: try ColumnArray.decode(row[4]),
        commitmentIDs: try ColumnArray.decode(row[5]), report: report, sha256: row[9])
    }
  }

  public func withdrawnParticipantIDs() throws -> Set<String> {
    try guarded {
      try queue.read { Set(try String.fetchAll($0, sql: "SELECT id FROM participants WHERE withdrawn IS NOT NULL")) }
    }
  }

  public func personalFieldNames() throws -> [String] {
    try guarded {
      try queue.read { try String.fetchAll($0, sql: "SELECT DISTINCT field FROM personal_data ORDER BY field") }
    }
  }

  public func rawGroupCounts(by grouping: Grouping) throws -> [String: Int] {
    let sql: String
    var arguments = StatementArguments()
    switch grouping {
    case .perspective:
      sql = """
        SELECT j.value, count(*) FROM participants p, json_each(p.perspectives) j
        WHERE p.withdrawn IS NULL GROUP BY j.value
        """
    case .language:
      sql = """
        SELECT coalesce(language, 'not stated'), count(*) FROM participants
        WHERE withdrawn IS NULL GROUP BY 1
        """
    case .personalField(let field):
      sql = """
        SELECT coalesce(d.value, 'not stated'), count(*) FROM participants p
        LEFT JOIN personal_data d ON d.participant_id = p.id AND d.field = ?
        WHERE p.withdrawn IS NULL AND p.erased = 0 GROUP BY 1
        """
      arguments = [field]
    }
    return try guarded {
      try queue.read { db in
        Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: sql, arguments: arguments).map { ($0[0], $0[1]) })
      }
    }
  }
}

/// A stored value that could not be read back.
struct DecodingFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
