// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import GRDB

// MARK: - Session tables

extension Projection {
  /// Applies one session event to the `sessions`, `session_attendance`, `session_stages`,
  /// `session_options` and `session_ballots` tables.
  static func applySession(_ event: SessionEvent, in db: Database) throws {
    switch event {
    case .started(let s):
      try db.cachedStatement(
        sql: """
          INSERT INTO sessions (id, format_id, format_name, format_version, format_hash, seed, inputs_sha256, mode, started)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [
        s.id, s.format.id, s.formatName, s.format.version, s.format.hash, s.seed, s.inputsSHA256, s.mode.rawValue, s.at.text,
      ])
      try recordSigner(of: s.format, in: db)

    case .attendance(let a):
      let statement = try db.cachedStatement(sql: "INSERT INTO session_attendance (session_id, participant_id) VALUES (?, ?)")
      for participant in a.participants { try statement.execute(arguments: [a.session, participant]) }

    case .stageStarted(let mark):
      try db.cachedStatement(
        sql: "INSERT INTO session_stages (session_id, stage, iteration, status, started) VALUES (?, ?, ?, 'started', ?)"
      ).execute(arguments: [mark.session, mark.stage, mark.iteration, mark.at.text])

    case .stageEnded(let mark):
      try db.cachedStatement(
        sql: "UPDATE session_stages SET status = 'ended', ended = ? WHERE session_id = ? AND stage = ? AND iteration = ?"
      ).execute(arguments: [mark.at.text, mark.session, mark.stage, mark.iteration])
      guard db.changesCount == 1 else { throw DecodingFailure("\(mark.session) ends stage \(mark.stage) before it started") }

    case .stageSkipped(let mark):
      try db.cachedStatement(
        sql: "INSERT INTO session_stages (session_id, stage, iteration, status, reason, ended) VALUES (?, ?, ?, 'skipped', ?, ?)"
      ).execute(arguments: [mark.session, mark.stage, mark.iteration, mark.reason, mark.at.text])

    case .groupsFormed(let g):
      let column = GroupsColumn(method: g.method, rounds: g.rounds, scores: g.scores)
      try updateStage(g.session, g.stage, g.iteration, set: "groups", to: try ColumnJSON.encode(column), in: db)

    case .speakingOrder(let t):
      var turns = try stageJSON([TurnsColumn].self, column: "turns", t.session, t.stage, t.iteration, in: db)
      turns.append(TurnsColumn(group: t.group, order: t.order))
      try updateStage(t.session, t.stage, t.iteration, set: "turns", to: try ColumnJSON.encode(turns), in: db)

    case .passed(let p):
      var passes = try stageJSON([String].self, column: "passes", p.session, p.stage, p.iteration, in: db)
      passes.append(p.participantID)
      try updateStage(p.session, p.stage, p.iteration, set: "passes", to: ColumnArray.encode(passes), in: db)

    case .optionAdded(let o):
      try db.cachedStatement(
        sql: """
          INSERT INTO session_options (session_id, stage, iteration, id, name, cost, derived_from, words_by)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [
        o.session, o.stage, o.iteration, o.id, o.name, o.cost, ColumnArray.encode(o.derivedFrom), o.wordsBy,
      ])

    case .ballotCast(let b):
      try db.cachedStatement(
        sql: """
          INSERT INTO session_ballots (session_id, stage, iteration, voter_id, kind, marks, reason)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [
        b.session, b.stage, b.iteration, b.voterID, b.kind.rawValue, try ColumnJSON.encode(b.marks), b.reason,
      ])

    case .counted(let c):
      try updateStage(c.session, c.stage, c.iteration, set: "count", to: try ColumnJSON.encode(c), in: db)

    case .closed(let c):
      try db.cachedStatement(sql: "UPDATE sessions SET closed = ? WHERE id = ?").execute(arguments: [c.at.text, c.session])
    }
  }

  /// The iteration of a session's stage that is open (started, not yet ended) — SQL taking the
  /// session and stage as arguments. Contributions recorded before their events carried the
  /// iteration were all recorded while their stage iteration was open, so this gives theirs;
  /// the `v11-contribution-round` migration fills in the same from the event log.
  static let openIteration =
    "(SELECT iteration FROM session_stages WHERE session_id = ? AND stage = ? AND status = 'started')"

  private static func updateStage(
    _ session: String, _ stage: String, _ iteration: Int, set column: String, to value: String, in db: Database
  ) throws {
    try db.execute(
      sql: "UPDATE session_stages SET \(column) = ? WHERE session_id = ? AND stage = ? AND iteration = ?",
      arguments: [value, session, stage, iteration])
    guard db.changesCount == 1 else {
      throw DecodingFailure("session \(session) records \(column) for stage \(stage) (iteration \(iteration)) before it started")
    }
  }

  private static func stageJSON<T: Decodable>(
    _ type: T.Type, column: String, _ session: String, _ stage: String, _ iteration: Int, in db: Database
  ) throws -> T {
    guard
      let text = try String.fetchOne(
        db, sql: "SELECT \(column) FROM session_stages WHERE session_id = ? AND stage = ? AND iteration = ?",
        arguments: [session, stage, iteration])
    else {
      throw DecodingFailure("session \(session) records \(column) for stage \(stage) (iteration \(iteration)) before it started")
    }
    return try ColumnJSON.decode(type, from: text)
  }
}

/// The `session_stages.groups` column.
struct GroupsColumn: Codable {
  var method: String
  var rounds: [[[String]]]
  var scores: SessionGroups.GroupScores?
}

/// One entry of the `session_stages.turns` column.
struct TurnsColumn: Codable {
  var group: Int
  var order: [String]
}
