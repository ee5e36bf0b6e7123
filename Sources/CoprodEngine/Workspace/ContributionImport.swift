// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodStore
import Foundation

// MARK: - Contribution rows

/// One contribution row, parsed and checked, before it is given an id.
struct ParsedContribution: Sendable, Hashable {
  var id: String?
  var kind: ContributionKind
  var authorID: String?
  var sessionID: String?
  var stage: String?
  var text: String
  var consentToQuote: Bool
  var anonymity: AnonymityLevel
  var derivedFrom: [String]
  var made: CalendarDate?
}

/// Parsing of contributions CSV rows (pure).
enum ContributionRow {
  /// Every recognised field name.
  static let knownFields: Set<String> = [
    "id", "kind", "author", "session", "stage", "text", "quote", "anonymity", "from", "date",
  ]
  /// Common column names and what they mean.
  static let aliases: [String: String] = [
    "participant": "author", "author_id": "author", "by": "author", "story": "text", "body": "text",
    "consent_to_quote": "quote", "derived_from": "from", "made": "date", "type": "kind",
  ]

  /// Parses one row's values; `defaultKind` applies when the file has no `kind` column.
  static func parse(
    _ values: [String: String], defaultKind: ContributionKind?, file: String, line: Int
  ) -> (ParsedContribution?, [ImportProblem]) {
    var problems: [ImportProblem] = []
    func problem(_ field: String, _ text: String) {
      problems.append(ImportProblem(file: file, line: line, field: field, problem: text))
    }
    let id = values["id"]
    if let id, !Participant.isValidID(id) { problem("id", "'\(id)' is not a valid id (1–64 letters, digits, '-', '_' or '.')") }
    var kind = defaultKind
    if let text = values["kind"] {
      kind = ContributionKind(rawValue: text.lowercased())
      if kind == nil { problem("kind", "unknown kind '\(text)' (use \(FieldValue.choices(ContributionKind.self)))") }
    } else if kind == nil {
      problem("kind", "missing (add a kind column or pass --kind)")
    }
    let text = values["text"] ?? ""
    if text.isEmpty { problem("text", "missing; a contribution needs its words") }
    var quote = false
    if let value = values["quote"] {
      if let parsed = FieldValue.bool(value) { quote = parsed } else { problem("quote", "'\(value)' is not yes or no") }
    }
    var anonymity = AnonymityLevel.anonymous
    if let value = values["anonymity"] {
      if let parsed = AnonymityLevel(rawValue: value.lowercased()) {
        anonymity = parsed
      } else {
        problem("anonymity", "'\(value)' is not an anonymity level (use \(FieldValue.choices(AnonymityLevel.self)))")
      }
    }
    var made: CalendarDate?
    if let value = values["date"] {
      made = CalendarDate(value)
      if made == nil { problem("date", "'\(value)' is not a date written YYYY-MM-DD") }
    }
    guard problems.isEmpty, let kind else { return (nil, problems) }
    return (
      ParsedContribution(
        id: id, kind: kind, authorID: values["author"], sessionID: values["session"], stage: values["stage"], text: text,
        consentToQuote: quote, anonymity: anonymity, derivedFrom: FieldValue.list(values["from"] ?? ""), made: made), []
    )
  }
}

// MARK: - Adding contributions

/// Checks and records contributions; shared by `contributions add` and `contributions import`.
enum ContributionRecorder {
  /// Why `authorID` cannot contribute, or nil if they can.
  static func authorProblem(_ authorID: String, writer: any WorkspaceWriter) throws -> String? {
    guard let record = try writer.participantStatus(authorID) else {
      return "no participant '\(authorID)' in this workspace; import participants first"
    }
    if record.erased { return "'\(authorID)' was erased" }
    if let withdrawn = record.withdrawn { return "'\(authorID)' withdrew consent to take part on \(withdrawn)" }
    return nil
  }

  /// Problems with a parsed contribution's references (author, id, provenance), as
  /// field → problem pairs.
  static func referenceProblems(_ parsed: ParsedContribution, writer: any WorkspaceWriter) throws -> [(String, String)] {
    var problems: [(String, String)] = []
    if let author = parsed.authorID, let problem = try authorProblem(author, writer: writer) {
      problems.append(("author", problem))
    }
    if let id = parsed.id, try writer.contributionExists(id) {
      problems.append(("id", "contribution '\(id)' already exists (an earlier row or the workspace)"))
    }
    for source in parsed.derivedFrom where try !writer.contributionExists(source) {
      problems.append(("from", "no contribution '\(source)' (it must be added before the contributions made from it)"))
    }
    return problems
  }

  /// Records `parsed` with its id, or the next free generated id.
  static func record(_ parsed: ParsedContribution, next: inout Int, writer: any WorkspaceWriter) throws -> String {
    let id: String
    if let given = parsed.id {
      id = given
    } else {
      repeat {
        next += 1
      } while try writer.contributionExists(FieldValue.generatedID(prefix: "C", number: next))
      id = FieldValue.generatedID(prefix: "C", number: next)
    }
    try writer.record(
      .contributionAdded(
        Contribution(
          id: id, kind: parsed.kind, authorID: parsed.authorID, sessionID: parsed.sessionID, stage: parsed.stage,
          text: parsed.text, consentToQuote: parsed.consentToQuote, anonymity: parsed.anonymity,
          derivedFrom: parsed.derivedFrom, made: parsed.made)))
    return id
  }
}

// MARK: - Contribution import

/// `coprod contributions import`: all or nothing, every bad row reported.
public enum ContributionImport {
  /// Imports the contributions in the CSV file at `path`.
  ///
  /// Authors must be participants who have not withdrawn or been erased; `from` lists
  /// (`C000001;C000002`) must name contributions already in the workspace or earlier rows.
  /// - Throws: ``ImportFailed`` listing every bad row (nothing is written).
  public static func run(
    path: String, mappings: [String], defaultKind: ContributionKind?, workspace: Workspace, context: CommandContext,
    dryRun: Bool
  ) throws -> ImportSummary {
    var table = try CSVTable(path: path)
    let (mapping, headerProblems) = ColumnMapping.resolve(
      file: path, header: table.header, known: ContributionRow.knownFields, aliases: ContributionRow.aliases,
      overrides: try ColumnMapping.parseOverrides(mappings), keepUnknown: false)
    var problems = headerProblems
    for column in mapping.unknownColumns {
      problems.append(
        ImportProblem(
          file: path, line: 1, field: column,
          problem: "unknown column (fields: \(ContributionRow.knownFields.sorted().joined(separator: ", "))); map it with --map '\(column)=FIELD' or skip it with --map '\(column)=-'"
        ))
    }
    if !problems.isEmpty { throw ImportFailed(problems: problems) }
    return try workspace.store.write(context.info, dryRun: dryRun) { writer in
      var problems: [ImportProblem] = []
      var next = try writer.highestNumber(prefix: "C")
      var kinds: [ContributionKind: Int] = [:]
      let rows = try importRows(&table, mapping: mapping, problems: &problems, progress: context.progress) { line, values, problems in
        let (parsed, rowProblems) = ContributionRow.parse(values, defaultKind: defaultKind, file: path, line: line)
        problems += rowProblems
        guard let parsed else { return }
        let references = try ContributionRecorder.referenceProblems(parsed, writer: writer)
        guard references.isEmpty else {
          problems += references.map { ImportProblem(file: path, line: line, field: $0.0, problem: $0.1) }
          return
        }
        _ = try ContributionRecorder.record(parsed, next: &next, writer: writer)
        kinds[parsed.kind, default: 0] += 1
      }
      let byKind = ContributionKind.allCases.compactMap { kind in kinds[kind].map { "\($0) \(kind.rawValue)" } }
      return ImportSummary(
        rows: rows, events: writer.recordedCount, dryRun: dryRun,
        notes: ["\(rows) contributions" + (byKind.isEmpty ? "" : " (" + byKind.joined(separator: ", ") + ")")])
    }
  }
}
