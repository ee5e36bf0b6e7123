// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import GRDB

// MARK: - Projection

/// Applies changes to the tables. The live write path and `coprod verify`'s rebuild both go
/// through ``apply(_:in:)``, so the tables are by construction a function of the event log.
enum Projection {
  /// Applies one change to the tables of `db`'s main schema.
  static func apply(_ change: WorkspaceChange, in db: Database) throws {
    switch change {
    case .participantAdded(let p):
      try db.cachedStatement(
        sql: "INSERT INTO participants (id, perspectives, access_needs, language) VALUES (?, ?, ?, ?)"
      ).execute(arguments: [
        p.id, ColumnArray.encode(p.perspectives.map(\.rawValue)), ColumnArray.encode(p.accessNeeds), p.language,
      ])

    case .personalDataRecorded(let data):
      let statement = try db.cachedStatement(
        sql: "INSERT OR REPLACE INTO personal_data (participant_id, field, value) VALUES (?, ?, ?)")
      for (field, value) in data.fields.sorted(by: { $0.key < $1.key }) {
        try statement.execute(arguments: [data.participantID, field, value])
      }

    case .consentRecorded(let c):
      try db.cachedStatement(
        sql: """
          INSERT OR REPLACE INTO consents
            (participant_id, purpose, special_category, may_quote, may_publish, anonymity, given, withdrawn)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [
        c.participantID, c.purpose.rawValue, c.specialCategory, c.mayQuote, c.mayPublish,
        c.anonymity.rawValue, c.given.text, c.withdrawn?.text,
      ])
      if c.purpose == .participation {
        try db.cachedStatement(sql: "UPDATE participants SET withdrawn = ? WHERE id = ?")
          .execute(arguments: [c.withdrawn?.text, c.participantID])
      }

    case .consentWithdrawn(let w):
      if let purpose = w.purpose {
        try db.cachedStatement(
          sql: "UPDATE consents SET withdrawn = ? WHERE participant_id = ? AND purpose = ? AND withdrawn IS NULL"
        ).execute(arguments: [w.date.text, w.participantID, purpose.rawValue])
      } else {
        try db.cachedStatement(
          sql: "UPDATE consents SET withdrawn = ? WHERE participant_id = ? AND withdrawn IS NULL"
        ).execute(arguments: [w.date.text, w.participantID])
      }
      if w.endsParticipation {
        try db.cachedStatement(sql: "UPDATE participants SET withdrawn = ? WHERE id = ?")
          .execute(arguments: [w.date.text, w.participantID])
      }

    case .contributionAdded(let c):
      try db.cachedStatement(
        sql: """
          INSERT INTO contributions
            (id, kind, author_id, session_id, stage, text, consent_to_quote, anonymity, derived_from, made, iteration)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, \(Self.openIteration)))
          """
      ).execute(arguments: [
        c.id, c.kind.rawValue, c.authorID, c.sessionID, c.stage, c.text, c.consentToQuote,
        c.anonymity.rawValue, ColumnArray.encode(c.derivedFrom), c.made?.text, c.iteration, c.sessionID, c.stage,
      ])

    case .voteCast(let v):
      try db.cachedStatement(
        sql: "INSERT OR REPLACE INTO votes (contribution_id, voter_id, stance, cast_at) VALUES (?, ?, ?, ?)"
      ).execute(arguments: [v.contributionID, v.voterID, v.stance.rawValue, v.cast?.text])

    case .participantErased(let e):
      try db.cachedStatement(sql: "DELETE FROM personal_data WHERE participant_id = ?")
        .execute(arguments: [e.participantID])
      try db.cachedStatement(sql: "UPDATE contributions SET text = '', erased = 1 WHERE author_id = ?")
        .execute(arguments: [e.participantID])
      try db.cachedStatement(sql: "UPDATE participants SET access_needs = '[]', erased = 1 WHERE id = ?")
        .execute(arguments: [e.participantID])
      try db.cachedStatement(sql: "UPDATE session_options SET name = '' WHERE words_by = ?").execute(arguments: [e.participantID])
      try db.cachedStatement(sql: "UPDATE session_ballots SET reason = '' WHERE voter_id = ? AND reason <> ''")
        .execute(arguments: [e.participantID])

    case .consultationDefined(let c):
      try db.cachedStatement(
        sql: """
          INSERT OR REPLACE INTO consultation
            (id, question, purpose, ladder_rung, spectrum_level, opens, closes,
             formative_stage, sufficient_information, adequate_time, conscientious_consideration)
          VALUES ('current', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [
        c.question, c.purpose, c.ladderRung.name, c.spectrumLevel.rawValue, c.opens?.text, c.closes?.text,
        c.gunning.formativeStage, c.gunning.sufficientInformation, c.gunning.adequateTime,
        c.gunning.conscientiousConsideration,
      ])

    case .decisionRecorded(let d):
      try db.cachedStatement(
        sql: """
          INSERT INTO decisions
            (id, rule_id, rule_version, rule_hash, winners, rounds, proposals, decided_by, rationale, outcome,
             outcome_reasons, decided, session_id, stage, provenance, state_hash)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [
        d.id, d.rule.id, d.rule.version, d.rule.hash, ColumnArray.encode(d.winners), try ColumnJSON.encode(d.rounds),
        try ColumnJSON.encode(d.proposals), d.decidedBy, d.rationale, d.outcome.rawValue, d.outcomeReasons, d.decided?.text,
        d.sessionID, d.stage, try d.provenance.map(ColumnJSON.encode),
        d.stateHash,
      ])
      try recordSigner(of: d.rule, in: db)

    case .commitmentMade(let c):
      try db.cachedStatement(
        sql: """
          INSERT INTO commitments
            (id, text, owner, due, decision_id, status, history, evidence, session_id, stage, derived_from)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [
        c.id, c.text, c.owner, c.due?.text, c.decisionID, c.status.rawValue, try ColumnJSON.encode(c.history),
        try ColumnJSON.encode(c.evidence), c.sessionID, c.stage, c.derivedFrom.map(ColumnArray.encode),
      ])

    case .commitmentUpdated(let update):
      guard let current = try SQLiteWorkspaceStore.commitment(update.commitmentID, in: db) else {
        throw DecodingFailure("commitment.updated names commitment '\(update.commitmentID)', which was never made")
      }
      let next = current.applying(update)
      try db.cachedStatement(sql: "UPDATE commitments SET status = ?, history = ?, evidence = ? WHERE id = ?")
        .execute(arguments: [
          next.status.rawValue, try ColumnJSON.encode(next.history), try ColumnJSON.encode(next.evidence), next.id,
        ])

    case .feedbackPublished(let f):
      try db.cachedStatement(
        sql: """
          INSERT INTO feedback
            (id, title, published, channel, decision_ids, commitment_ids, report_id, report_version, report_hash, sha256)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [
        f.id, f.title, f.published.text, f.channel, ColumnArray.encode(f.decisionIDs), ColumnArray.encode(f.commitmentIDs),
        f.report?.id, f.report?.version, f.report?.hash, f.sha256,
      ])

    case .session(let event):
      try applySession(event, in: db)

    case .panelDrawn(let draw):
      try db.cachedStatement(sql: "INSERT INTO panels (id, draw) VALUES (?, ?)").execute(arguments: [draw.id, try ColumnJSON.encode(draw)])
    }
  }

  /// Remembers who signed the plugin with this content hash (`plugin_signers`), when known.
  static func recordSigner(of plugin: PluginReference, in db: Database) throws {
    guard let signer = plugin.signer else { return }
    try db.cachedStatement(sql: "INSERT OR IGNORE INTO plugin_signers (plugin_hash, signer) VALUES (?, ?)")
      .execute(arguments: [plugin.hash, signer])
  }
}
