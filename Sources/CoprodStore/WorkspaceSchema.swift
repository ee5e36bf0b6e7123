// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import GRDB

// MARK: - Schema

/// The workspace database schema, built by GRDB's migrator. Migrations are never edited
/// once released; a schema change is a new migration, and opening an older workspace runs
/// the missing ones forward.
public enum WorkspaceSchema {
  /// `PRAGMA application_id` of every coprod workspace database (ASCII "cprd").
  public static let applicationID: Int32 = 0x6370_7264

  /// The tables built from events, compared by `coprod verify`, with their key columns.
  public static let projectionTables: [(name: String, key: String)] = [
    ("participants", "id"),
    ("personal_data", "participant_id, field"),
    ("consents", "participant_id, purpose"),
    ("contributions", "id"),
    ("votes", "contribution_id, voter_id"),
    ("consultation", "id"),
    ("decisions", "id"),
    ("commitments", "id"),
    ("feedback", "id"),
    ("sessions", "id"),
    ("session_attendance", "session_id, participant_id"),
    ("session_stages", "session_id, stage, iteration"),
    ("session_options", "session_id, stage, iteration, id"),
    ("session_ballots", "session_id, stage, iteration, voter_id"),
    ("plugin_signers", "plugin_hash"),
    ("panels", "id"),
  ]

  /// Identifiers of all migrations, oldest first.
  public static var migrationIdentifiers: [String] { migrator.migrations }

  /// The migrator holding every schema version.
  public static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-event-log") { db in
      try db.execute(sql: "PRAGMA application_id = \(applicationID)")
      try db.execute(
        sql: """
          CREATE TABLE commands (
            id INTEGER PRIMARY KEY,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            command TEXT NOT NULL
          );
          CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            command_id INTEGER NOT NULL REFERENCES commands(id),
            kind TEXT NOT NULL,
            participant_id TEXT,
            payload TEXT NOT NULL,
            redacted INTEGER NOT NULL DEFAULT 0
          );
          CREATE INDEX events_participant ON events(participant_id);
          CREATE INDEX events_command ON events(command_id);
          CREATE TRIGGER commands_append_only_update BEFORE UPDATE ON commands
            BEGIN SELECT RAISE(ABORT, 'the command log is append-only'); END;
          CREATE TRIGGER commands_append_only_delete BEFORE DELETE ON commands
            BEGIN SELECT RAISE(ABORT, 'the command log is append-only'); END;
          CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
          CREATE TRIGGER events_redaction_only BEFORE UPDATE ON events
            WHEN NEW.seq IS NOT OLD.seq OR NEW.command_id IS NOT OLD.command_id
              OR NEW.kind IS NOT OLD.kind OR NEW.participant_id IS NOT OLD.participant_id
              OR NEW.redacted IS NOT 1
            BEGIN SELECT RAISE(ABORT, 'events can only be redacted by erasure'); END;

          CREATE TABLE participants (
            id TEXT PRIMARY KEY,
            perspectives TEXT NOT NULL,
            access_needs TEXT NOT NULL,
            language TEXT,
            withdrawn TEXT,
            erased INTEGER NOT NULL DEFAULT 0
          );
          CREATE TABLE personal_data (
            participant_id TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (participant_id, field)
          ) WITHOUT ROWID;
          CREATE TABLE consents (
            participant_id TEXT NOT NULL,
            purpose TEXT NOT NULL,
            special_category INTEGER NOT NULL,
            may_quote INTEGER NOT NULL,
            may_publish INTEGER NOT NULL,
            anonymity TEXT NOT NULL,
            given TEXT NOT NULL,
            withdrawn TEXT,
            PRIMARY KEY (participant_id, purpose)
          ) WITHOUT ROWID;
          CREATE TABLE contributions (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            author_id TEXT,
            session_id TEXT,
            stage TEXT,
            text TEXT NOT NULL,
            consent_to_quote INTEGER NOT NULL,
            anonymity TEXT NOT NULL,
            derived_from TEXT NOT NULL,
            made TEXT,
            erased INTEGER NOT NULL DEFAULT 0
          );
          CREATE INDEX contributions_author ON contributions(author_id);
          """)
    }
    // Votes on contributions arrived with the Pol.is import.
    migrator.registerMigration("v2-votes") { db in
      try db.execute(
        sql: """
          CREATE TABLE votes (
            contribution_id TEXT NOT NULL,
            voter_id TEXT NOT NULL,
            stance INTEGER NOT NULL,
            cast_at TEXT,
            PRIMARY KEY (contribution_id, voter_id)
          ) WITHOUT ROWID;
          CREATE INDEX votes_voter ON votes(voter_id);
          """)
    }
    // The consultation record: one row (id 'current'), replaced by each definition.
    migrator.registerMigration("v3-consultation") { db in
      try db.execute(
        sql: """
          CREATE TABLE consultation (
            id TEXT PRIMARY KEY CHECK (id = 'current'),
            question TEXT NOT NULL,
            purpose TEXT NOT NULL,
            ladder_rung TEXT NOT NULL,
            spectrum_level TEXT NOT NULL,
            opens TEXT,
            closes TEXT,
            formative_stage TEXT,
            sufficient_information TEXT,
            adequate_time TEXT,
            conscientious_consideration TEXT
          ) WITHOUT ROWID;
          """)
    }
    // Follow-through: decisions made and the commitments that follow from them. Lists are
    // JSON in text columns (winners, rounds, proposal names, history, evidence).
    migrator.registerMigration("v4-follow-through") { db in
      try db.execute(
        sql: """
          CREATE TABLE decisions (
            id TEXT PRIMARY KEY,
            rule_id TEXT NOT NULL,
            rule_version TEXT NOT NULL,
            rule_hash TEXT NOT NULL,
            winners TEXT NOT NULL,
            rounds TEXT NOT NULL,
            proposals TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            rationale TEXT NOT NULL,
            outcome TEXT NOT NULL,
            outcome_reasons TEXT,
            decided TEXT
          );
          CREATE TABLE commitments (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            owner TEXT NOT NULL,
            due TEXT,
            decision_id TEXT,
            status TEXT NOT NULL,
            history TEXT NOT NULL,
            evidence TEXT NOT NULL
          );
          """)
    }
    // Closing the loop: feedback published to the people asked, with the decisions and
    // commitments it reported (JSON lists) and the published document's SHA-256.
    migrator.registerMigration("v5-feedback") { db in
      try db.execute(
        sql: """
          CREATE TABLE feedback (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            published TEXT NOT NULL,
            channel TEXT NOT NULL,
            decision_ids TEXT NOT NULL,
            commitment_ids TEXT NOT NULL,
            report_id TEXT,
            report_version TEXT,
            report_hash TEXT,
            sha256 TEXT
          );
          """)
    }
    // The tamper-evident log (docs/workspaces.md, "The hash chain"): every event gets a salt, a
    // hash linking it to the one before and, once erased or withheld from a bundle, the original
    // payload commitment. Command lines recorded in full by older versions are masked first
    // (RecordedCommandLine), so that command records never hold what people said. Decisions
    // keep the state hash they were recorded on; `damage` remembers that a command found the
    // workspace damaged, so that writes and exports are refused until it is repaired.
    migrator.registerMigration("v6-event-chain") { db in
      try db.execute(sql: "DROP TRIGGER commands_append_only_update")
      let commands = try Row.fetchAll(db, sql: "SELECT id, command FROM commands")
      for row in commands {
        let line: String = row[1]
        let masked = RecordedCommandLine.remasked(line)
        if masked != line {
          try db.execute(sql: "UPDATE commands SET command = ? WHERE id = ?", arguments: [masked, row[0] as Int64])
        }
      }
      try db.execute(
        sql: """
          CREATE TRIGGER commands_append_only_update BEFORE UPDATE ON commands
            BEGIN SELECT RAISE(ABORT, 'the command log is append-only'); END;
          DROP TRIGGER events_redaction_only;
          ALTER TABLE events ADD COLUMN salt BLOB;
          ALTER TABLE events ADD COLUMN commitment BLOB;
          ALTER TABLE events ADD COLUMN hash BLOB;
          ALTER TABLE events ADD COLUMN withheld INTEGER NOT NULL DEFAULT 0;
          ALTER TABLE decisions ADD COLUMN state_hash TEXT;
          CREATE TABLE damage (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            found TEXT NOT NULL,
            status INTEGER NOT NULL,
            problem TEXT NOT NULL
          );
          """)
      try EventChainSealer.sealUnchainedEvents(in: db)
      try db.execute(
        sql: """
          CREATE TRIGGER events_redaction_only BEFORE UPDATE ON events
            WHEN NEW.seq IS NOT OLD.seq OR NEW.command_id IS NOT OLD.command_id
              OR NEW.kind IS NOT OLD.kind OR NEW.participant_id IS NOT OLD.participant_id
              OR NEW.redacted IS NOT 1 OR NEW.hash IS NOT OLD.hash OR NEW.withheld IS NOT OLD.withheld
              OR NEW.salt IS NOT NULL OR NEW.commitment IS NULL
              OR (OLD.commitment IS NOT NULL AND NEW.commitment IS NOT OLD.commitment)
            BEGIN SELECT RAISE(ABORT, 'events can only be redacted by erasure'); END;
          """)
    }
    // Sessions: runs of session formats. One row per session, per attendee, per stage
    // iteration (its groups, speaking orders, passes and count as JSON), per option put to a
    // vote and per ballot; decisions and commitments gain their links to a session and
    // their provenance.
    migrator.registerMigration("v8-sessions") { db in
      try db.execute(
        sql: """
          CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            format_id TEXT NOT NULL,
            format_name TEXT NOT NULL,
            format_version TEXT NOT NULL,
            format_hash TEXT NOT NULL,
            seed INTEGER NOT NULL,
            inputs_sha256 TEXT,
            mode TEXT NOT NULL,
            started TEXT NOT NULL,
            closed TEXT
          );
          CREATE TABLE session_attendance (
            session_id TEXT NOT NULL,
            participant_id TEXT NOT NULL,
            PRIMARY KEY (session_id, participant_id)
          );
          CREATE TABLE session_stages (
            session_id TEXT NOT NULL,
            stage TEXT NOT NULL,
            iteration INTEGER NOT NULL,
            status TEXT NOT NULL,
            reason TEXT,
            started TEXT,
            ended TEXT,
            groups TEXT,
            turns TEXT NOT NULL DEFAULT '[]',
            passes TEXT NOT NULL DEFAULT '[]',
            count TEXT,
            PRIMARY KEY (session_id, stage, iteration)
          );
          CREATE TABLE session_options (
            session_id TEXT NOT NULL,
            stage TEXT NOT NULL,
            iteration INTEGER NOT NULL,
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            cost INTEGER,
            derived_from TEXT NOT NULL,
            words_by TEXT,
            PRIMARY KEY (session_id, stage, iteration, id)
          );
          CREATE TABLE session_ballots (
            session_id TEXT NOT NULL,
            stage TEXT NOT NULL,
            iteration INTEGER NOT NULL,
            voter_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            marks TEXT NOT NULL,
            reason TEXT,
            PRIMARY KEY (session_id, stage, iteration, voter_id)
          );
          CREATE INDEX contributions_session ON contributions(session_id);
          ALTER TABLE decisions ADD COLUMN session_id TEXT;
          ALTER TABLE decisions ADD COLUMN stage TEXT;
          ALTER TABLE decisions ADD COLUMN provenance TEXT;
          ALTER TABLE commitments ADD COLUMN session_id TEXT;
          ALTER TABLE commitments ADD COLUMN stage TEXT;
          ALTER TABLE commitments ADD COLUMN derived_from TEXT;
          """)
    }
    migrator.registerMigration("v9-panels") { db in
      try db.execute(
        sql: """
          CREATE TABLE panels (
            id TEXT PRIMARY KEY,
            draw TEXT NOT NULL
          );
          """)
    }
    // Plugin signers: who signed the plugin (by content hash) that made a decision or shaped
    // a session — `key:KEYID` or `unsigned`; none for plugins bundled with coprod.
    migrator.registerMigration("v10-plugin-signers") { db in
      try db.execute(
        sql: """
          CREATE TABLE plugin_signers (
            plugin_hash TEXT PRIMARY KEY,
            signer TEXT NOT NULL
          );
          """)
    }
    // The round of a repeated stage each session contribution was made in. Contribution events
    // carry it from now on; for those recorded before, it is the iteration of the stage that
    // was open (started and not yet ended) when the contribution was recorded, read from the
    // event log here and from the tables as events are replayed (Projection.openIteration).
    migrator.registerMigration("v11-contribution-round") { db in
      try db.execute(
        sql: """
          ALTER TABLE contributions ADD COLUMN iteration INTEGER;
          CREATE TEMP TABLE stage_marks AS
            SELECT seq, kind, json_extract(payload, '$.session') AS session, json_extract(payload, '$.stage') AS stage,
              json_extract(payload, '$.iteration') AS iteration
            FROM events WHERE kind IN ('session.stage-started', 'session.stage-ended') AND withheld = 0;
          CREATE INDEX temp.stage_marks_order ON stage_marks(session, stage, seq);
          CREATE TEMP TABLE session_made AS
            SELECT json_extract(payload, '$.id') AS id, seq FROM events
            WHERE kind = 'contribution.added' AND withheld = 0 AND json_extract(payload, '$.sessionID') IS NOT NULL;
          CREATE INDEX temp.session_made_id ON session_made(id);
          UPDATE contributions SET iteration = (
            SELECT CASE s.kind WHEN 'session.stage-started' THEN s.iteration END
            FROM session_made m JOIN stage_marks s
              ON s.session = contributions.session_id AND s.stage = contributions.stage AND s.seq < m.seq
            WHERE m.id = contributions.id
            ORDER BY s.seq DESC LIMIT 1)
          WHERE session_id IS NOT NULL;
          DROP TABLE temp.stage_marks;
          DROP TABLE temp.session_made;
          """)
    }
    return migrator
  }
}
