// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodStore
import Foundation

// MARK: - Requests

/// What `coprod decisions record` was given, as typed.
public struct DecisionRequest: Sendable, Hashable {
  /// The count's JSON, from `coprod tally FILE --rule R --format json`.
  public var tallyFile: String
  /// `accepted`, `partly-accepted` or `rejected`.
  public var outcome: String
  /// Who decided.
  public var decidedBy: String
  /// Why, in plain English.
  public var rationale: String
  /// Why not all of it is done (required unless the outcome is `accepted`).
  public var reasons: String?
  /// The day it was decided (default: today).
  public var date: CalendarDate?
  /// The id (default: the next free `d1`, `d2`, …).
  public var id: String?

  /// Creates a request.
  public init(
    tallyFile: String, outcome: String, decidedBy: String, rationale: String, reasons: String? = nil,
    date: CalendarDate? = nil, id: String? = nil
  ) {
    self.tallyFile = tallyFile
    self.outcome = outcome
    self.decidedBy = decidedBy
    self.rationale = rationale
    self.reasons = reasons
    self.date = date
    self.id = id
  }
}

/// What `coprod commitments update` was given, as typed.
public struct CommitmentChangeRequest: Sendable, Hashable {
  /// The commitment.
  public var id: String
  /// `planned`, `in-progress`, `done` or `dropped`.
  public var status: String?
  /// Why, or how it is going.
  public var note: String?
  /// What the evidence of delivery shows.
  public var evidence: String?
  /// Where the evidence can be seen (a link or document reference).
  public var evidenceAt: String?
  /// The day of the change (default: today).
  public var date: CalendarDate?

  /// Creates a request.
  public init(
    id: String, status: String? = nil, note: String? = nil, evidence: String? = nil, evidenceAt: String? = nil,
    date: CalendarDate? = nil
  ) {
    self.id = id
    self.status = status
    self.note = note
    self.evidence = evidence
    self.evidenceAt = evidenceAt
    self.date = date
  }
}

// MARK: - Operations

extension WorkspaceOperations {
  /// The prefix of default decision ids (`d1`, `d2`, …).
  public static let decisionPrefix = "d"
  /// The prefix of default commitment ids (`k1`, `k2`, …): `c` is left to contributions.
  public static let commitmentPrefix = "k"

  /// Records a decision from a count's JSON: the rule reference, winners and rounds, who
  /// decided, the outcome and, unless it was accepted, the reasons.
  /// - Throws: ``WorkspaceError`` naming the file or option when the file cannot be read or
  ///   is not a count, or a value is empty, unknown or missing; nothing is written then.
  public static func recordDecision(_ request: DecisionRequest, workspace: Workspace, context: CommandContext) throws -> Decision {
    guard let outcome = Decision.Outcome(rawValue: request.outcome.trimmed.lowercased()) else {
      throw WorkspaceError.invalidValue(
        field: "--outcome", problem: "unknown outcome '\(request.outcome)' (use \(FieldValue.choices(Decision.Outcome.self)))")
    }
    let decidedBy = try required(request.decidedBy, "--decided-by")
    let rationale = try required(request.rationale, "--rationale")
    let reasons = try request.reasons.map { try required($0, "--reasons") }
    if outcome.needsReasons && reasons == nil {
      throw WorkspaceError.invalidValue(
        field: "--reasons",
        problem: "missing; a \(outcome.rawValue) decision must tell people why not all of it is done (give --reasons TEXT, including where changes cannot be made)")
    }
    try checkID(request.id)
    let tally = try readTally(request.tallyFile)
    return try workspace.store.write(context.info, dryRun: false) { writer in
      let taken = try writer.decisions().map(\.id)
      let id = try newID(request.id, prefix: decisionPrefix, taken: taken, what: "decision")
      let decision = Decision(
        id: id, rule: PluginReference(id: tally.rule.id, version: tally.rule.version, hash: tally.rule.sha256, signer: tally.rule.signer),
        winners: tally.winners,
        rounds: tally.rounds.map { round in
          Decision.Round(
            number: round.number, tally: round.tally, elected: round.elected, excluded: round.excluded,
            notes: round.notes.map(\.text))
        },
        proposals: Dictionary(tally.input.candidates.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }),
        decidedBy: decidedBy, rationale: rationale, outcome: outcome, outcomeReasons: reasons,
        decided: request.date ?? context.now.date, stateHash: try writer.stateHash())
      try writer.record(.decisionRecorded(decision))
      return decision
    }
  }

  /// Makes a commitment (status `planned`), optionally following from a recorded decision.
  public static func addCommitment(
    text: String, owner: String, due: CalendarDate?, decisionID: String?, id: String?, workspace: Workspace,
    context: CommandContext
  ) throws -> Commitment {
    let text = try required(text, "TEXT")
    let owner = try required(owner, "--owner")
    try checkID(id)
    return try workspace.store.write(context.info, dryRun: false) { writer in
      if let decisionID, try !writer.decisions().contains(where: { $0.id == decisionID }) {
        throw WorkspaceError.invalidValue(
          field: "--decision", problem: "no decision '\(decisionID)' in this workspace; see `coprod decisions list`")
      }
      let taken = try writer.commitments().map(\.id)
      let commitment = Commitment(
        id: try newID(id, prefix: commitmentPrefix, taken: taken, what: "commitment"), text: text, owner: owner, due: due,
        decisionID: decisionID)
      try writer.record(.commitmentMade(commitment))
      return commitment
    }
  }

  /// Changes a commitment's status, adds a note or evidence.
  ///
  /// A dropped commitment must say why (`--note`); a done one needs evidence, given now or
  /// recorded before.
  /// - Returns: The commitment before and after the change.
  public static func updateCommitment(
    _ request: CommitmentChangeRequest, workspace: Workspace, context: CommandContext
  ) throws -> (before: Commitment, after: Commitment) {
    var status: Commitment.Status?
    if let text = request.status {
      guard let value = Commitment.Status(rawValue: text.trimmed.lowercased()) else {
        throw WorkspaceError.invalidValue(
          field: "--status", problem: "unknown status '\(text)' (use \(FieldValue.choices(Commitment.Status.self)))")
      }
      status = value
    }
    let note = try request.note.map { try required($0, "--note") }
    let summary = try request.evidence.map { try required($0, "--evidence") }
    let location = try request.evidenceAt.map { try required($0, "--evidence-at") }
    if location != nil && summary == nil {
      throw WorkspaceError.invalidValue(field: "--evidence-at", problem: "give --evidence TEXT too, saying what the evidence shows")
    }
    guard status != nil || note != nil || summary != nil else {
      throw WorkspaceError.invalidValue(
        field: "commitments update", problem: "nothing to change; give --status, --note or --evidence")
    }
    if status == .dropped && note == nil {
      throw WorkspaceError.invalidValue(field: "--note", problem: "missing; say why the commitment is dropped (give --note TEXT)")
    }
    let date = request.date ?? context.now.date
    return try workspace.store.write(context.info, dryRun: false) { writer in
      guard let before = try writer.commitments().first(where: { $0.id == request.id }) else {
        throw WorkspaceError.invalidValue(
          field: "commitment", problem: "no commitment '\(request.id)' in this workspace; see `coprod commitments list`")
      }
      if let status, status == before.status, note == nil, summary == nil {
        throw WorkspaceError.invalidValue(
          field: "--status", problem: "\(before.id) is already \(status.rawValue); give another status, or a --note or --evidence")
      }
      if status == .done && summary == nil && before.evidence.isEmpty {
        throw WorkspaceError.invalidValue(
          field: "--evidence",
          problem: "missing; a commitment is done only with evidence people can check (give --evidence TEXT, and --evidence-at LINK where it can be seen)")
      }
      if let last = before.history.last?.date, date < last {
        throw WorkspaceError.invalidValue(
          field: "--date", problem: "\(date) is before the last change to \(before.id), on \(last); give a day on or after it")
      }
      let update = CommitmentUpdate(
        commitmentID: before.id, date: date, status: status, note: note,
        evidence: summary.map { Commitment.Evidence(summary: $0, location: location) })
      try writer.record(.commitmentUpdated(update))
      return (before, before.applying(update))
    }
  }

  // MARK: Pieces

  /// Reads a count's JSON as `coprod tally --format json` writes it.
  static func readTally(_ path: String) throws -> TallyResult {
    guard let data = FileManager.default.contents(atPath: path) else { throw WorkspaceError.unreadable(path, "no such file") }
    let tally: TallyResult
    do {
      tally = try JSONDecoder().decode(TallyResult.self, from: data)
    } catch {
      throw WorkspaceError.invalidValue(
        field: path,
        problem: "not a count from `coprod tally FILE --rule R --format json` (\(DecodingProblem.describe(error)))")
    }
    try checkConsistent(tally, path: path)
    return tally
  }

  /// Refuses a count whose winners or rounds name candidates its input does not have, or whose
  /// candidates repeat: the file was edited, and a decision must rest on the count as made.
  static func checkConsistent(_ tally: TallyResult, path: String) throws {
    func fail(_ field: String, _ problem: String) -> WorkspaceError {
      .invalidValue(field: path, problem: "\(field): \(problem); was the file edited? Count again with coprod tally")
    }
    var known = Set<String>()
    for candidate in tally.input.candidates where !known.insert(candidate.id).inserted {
      throw fail("input.candidates", "'\(candidate.id)' appears twice")
    }
    if let name = tally.input.candidates.first(where: { $0.name.trimmed.isEmpty }) {
      throw fail("input.candidates", "'\(name.id)' has no name")
    }
    if let stranger = tally.winners.first(where: { !known.contains($0) }) {
      throw fail("winners", "'\(stranger)' is not one of the count's candidates")
    }
    if Set(tally.winners).count != tally.winners.count {
      throw fail("winners", "a winner appears twice")
    }
    for round in tally.rounds {
      if let stranger = (round.elected + round.excluded).first(where: { !known.contains($0) }) {
        throw fail("rounds[\(round.number)]", "'\(stranger)' is not one of the count's candidates")
      }
    }
  }

  /// `text` trimmed, or an error naming `option` when nothing is left.
  static func required(_ text: String, _ option: String) throws -> String {
    let trimmed = text.trimmed
    guard !trimmed.isEmpty else { throw WorkspaceError.invalidValue(field: option, problem: "must not be empty") }
    return trimmed
  }

  static func checkID(_ id: String?) throws {
    if let id, !Participant.isValidID(id) {
      throw WorkspaceError.invalidValue(field: "--id", problem: "'\(id)' is not a valid id (1–64 letters, digits, '-', '_' or '.')")
    }
  }

  /// `given` when it is free, else the next `prefix` + number after the highest taken.
  static func newID(_ given: String?, prefix: String, taken: [String], what: String) throws -> String {
    if let given {
      guard !taken.contains(given) else {
        throw WorkspaceError.invalidValue(field: "--id", problem: "\(what) '\(given)' already exists; choose another id or leave it out")
      }
      return given
    }
    let numbers = taken.compactMap { $0.hasPrefix(prefix) ? Int($0.dropFirst(prefix.count)) : nil }
    return prefix + String((numbers.max() ?? 0) + 1)
  }
}
