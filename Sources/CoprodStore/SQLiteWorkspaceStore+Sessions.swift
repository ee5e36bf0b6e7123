// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import GRDB

// MARK: - Reading sessions

extension SQLiteWorkspaceStore {
  public func sessions() throws -> [StoredSession] {
    try StoreErrorMapping.map(path: path) { try queue.read { try Self.sessions(in: $0) } }
  }

  static func sessions(in db: Database) throws -> [StoredSession] {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT id, format_id, format_name, format_version, format_hash, seed, inputs_sha256, mode, started, closed,
          (SELECT signer FROM plugin_signers WHERE plugin_hash = format_hash)
        FROM sessions ORDER BY rowid
        """)
    return try rows.map { row in
      let id: String = row[0]
      guard let mode = SessionMode(rawValue: row[7]), let started = Timestamp(row[8] as String) else {
        throw DecodingFailure("bad session row \(id)")
      }
      let start = SessionStart(
        id: id, format: PluginReference(id: row[1], version: row[3], hash: row[4], signer: row[10]), formatName: row[2], seed: row[5],
        inputsSHA256: row[6], mode: mode, at: started)
      let attendance = try String.fetchAll(
        db, sql: "SELECT participant_id FROM session_attendance WHERE session_id = ? ORDER BY rowid", arguments: [id])
      return StoredSession(
        start: start, closed: (row[9] as String?).flatMap(Timestamp.init), attendance: attendance,
        stages: try stages(of: id, in: db),
        contributions: try String.fetchAll(db, sql: "SELECT id FROM contributions WHERE session_id = ? ORDER BY rowid", arguments: [id]))
    }
  }

  private static func stages(of session: String, in db: Database) throws -> [StoredSession.Stage] {
    let options = try Row.fetchAll(
      db,
      sql: """
        SELECT stage, iteration, id, name, cost, derived_from, words_by FROM session_options
        WHERE session_id = ? ORDER BY rowid
        """, arguments: [session]
    ).map { row in
      SessionOption(
        session: session, stage: row[0], iteration: row[1], id: row[2], name: row[3], cost: row[4],
        derivedFrom: try ColumnArray.decode(row[5]), wordsBy: row[6])
    }
    var ballots: [String: Int] = [:]
    for row in try Row.fetchAll(
      db, sql: "SELECT stage, iteration, count(*) FROM session_ballots WHERE session_id = ? GROUP BY 1, 2",
      arguments: [session])
    {
      ballots["\(row[0] as String)#\(row[1] as Int)"] = row[2]
    }
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT stage, iteration, status, reason, started, ended, groups, turns, passes, count FROM session_stages
        WHERE session_id = ? ORDER BY rowid
        """, arguments: [session])
    return try rows.map { row in
      let stage: String = row[0]
      let iteration: Int = row[1]
      let groups = try (row[6] as String?).map { try ColumnJSON.decode(GroupsColumn.self, from: $0) }
      return StoredSession.Stage(
        stage: stage, iteration: iteration, status: row[2], reason: row[3],
        started: (row[4] as String?).flatMap(Timestamp.init), ended: (row[5] as String?).flatMap(Timestamp.init),
        groups: groups.map { .init(method: $0.method, rounds: $0.rounds, scores: $0.scores) },
        turns: try ColumnJSON.decode([TurnsColumn].self, from: row[7]).map { .init(group: $0.group, order: $0.order) },
        passes: try ColumnArray.decode(row[8]),
        options: options.filter { $0.stage == stage && $0.iteration == iteration },
        ballots: ballots["\(stage)#\(iteration)"] ?? 0,
        count: try (row[9] as String?).map { try ColumnJSON.decode(SessionCount.self, from: $0) })
    }
  }

  public func rawAttendanceCounts(session: String, by grouping: Grouping) throws -> [String: Int] {
    let from = "FROM session_attendance a JOIN participants p ON p.id = a.participant_id"
    let sql: String
    var arguments: StatementArguments = [session]
    switch grouping {
    case .perspective:
      sql = "SELECT j.value, count(*) \(from), json_each(p.perspectives) j WHERE a.session_id = ? AND p.withdrawn IS NULL GROUP BY 1"
    case .language:
      sql = "SELECT coalesce(p.language, 'not stated'), count(*) \(from) WHERE a.session_id = ? AND p.withdrawn IS NULL GROUP BY 1"
    case .personalField(let field):
      sql = """
        SELECT coalesce(d.value, 'not stated'), count(*) \(from)
        LEFT JOIN personal_data d ON d.participant_id = p.id AND d.field = ?
        WHERE a.session_id = ? AND p.withdrawn IS NULL AND p.erased = 0 GROUP BY 1
        """
      arguments = [field, session]
    }
    return try StoreErrorMapping.map(path: path) {
      try queue.read { db in
        Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: sql, arguments: arguments).map { ($0[0], $0[1]) })
      }
    }
  }
}
