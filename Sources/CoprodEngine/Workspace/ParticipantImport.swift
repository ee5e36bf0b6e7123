// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodStore
import Foundation

// MARK: - Participant rows

/// One participant row, parsed and checked, before it is given an id.
struct ParsedParticipant: Sendable, Hashable {
  var id: String?
  var perspectives: [Perspective]
  var accessNeeds: [String]
  var language: String?
  /// Every other non-empty column: contact details, equality monitoring, anything else.
  var personal: [String: String]
}

/// Parsing of participants CSV rows (pure: values in, participant or problems out).
enum ParticipantRow {
  /// Fields of the pseudonymous part.
  static let pseudonymousFields: Set<String> = ["id", "perspectives", "access_needs", "language"]
  /// Every recognised field name.
  static let knownFields = pseudonymousFields.union(PersonalData.contactFields).union(PersonalData.equalityFields)
  /// Common column names and what they mean.
  static let aliases: [String: String] = [
    "perspective": "perspectives", "role": "perspectives", "roles": "perspectives", "lang": "language",
    "preferred_language": "language", "full_name": "name", "e_mail": "email", "email_address": "email",
    "telephone": "phone", "phone_number": "phone", "mobile": "phone", "post_code": "postcode", "age": "age_band",
    "access_need": "access_needs",
  ]

  /// The columns a participants file is expected to have, in the order errors list them.
  static let expectedColumns =
    ["id", "perspectives", "access_needs", "language"] + PersonalData.contactFields.sorted() + PersonalData.equalityFields.sorted()

  /// A file none of whose columns is a participant field (every one unrecognised or skipped)
  /// is refused rather than kept whole as personal data.
  static func noParticipantColumns(file: String, header: [String], mapping: ColumnMapping) -> ImportProblem? {
    guard !mapping.fields.contains(where: { $0.map(knownFields.contains) ?? false }) else { return nil }
    return ImportProblem(
      file: file, line: 1, field: "header",
      problem: "no participant columns: found \(header.joined(separator: ", ")); expected some of \(expectedColumns.joined(separator: ", ")) "
        + "(or read a column as one with --map \"Column name=field\")")
  }

  /// Parses one row's values.
  static func parse(_ values: [String: String], file: String, line: Int) -> (ParsedParticipant?, [ImportProblem]) {
    var problems: [ImportProblem] = []
    func problem(_ field: String, _ text: String) {
      problems.append(ImportProblem(file: file, line: line, field: field, problem: text))
    }
    let id = values["id"]
    if let id, !Participant.isValidID(id) {
      problem("id", "'\(id)' is not a valid id (use 1–64 letters, digits, '-', '_' or '.'; never a name or email)")
    }
    var perspectives: [Perspective] = []
    for word in FieldValue.list(values["perspectives"] ?? "") {
      if let perspective = Perspective(loose: word) {
        if !perspectives.contains(perspective) { perspectives.append(perspective) }
      } else {
        problem("perspectives", "unknown perspective '\(word)' (use \(FieldValue.choices(Perspective.self)))")
      }
    }
    let language = values["language"]
    if let language, !Participant.isValidLanguage(language) {
      problem("language", "'\(language)' is not a language code such as en or cy")
    }
    if let email = values["email"], !email.contains("@") {
      problem("email", "'\(email)' is not an email address")
    }
    var personal = values.filter { !pseudonymousFields.contains($0.key) }
    personal = personal.filter { !$0.value.isEmpty }
    guard problems.isEmpty else { return (nil, problems) }
    return (
      ParsedParticipant(
        id: id, perspectives: perspectives, accessNeeds: FieldValue.list(values["access_needs"] ?? ""), language: language,
        personal: personal), []
    )
  }
}

// MARK: - Participant import

/// `coprod participants import`: all or nothing, every bad row reported.
public enum ParticipantImport {
  /// Imports the participants in the CSV file at `path` into `workspace`.
  ///
  /// Rows without an `id` get the next free `P000001`-style id. Contact details, equality
  /// monitoring and every unrecognised column go to the personal-data part, never to the
  /// pseudonymous participant record.
  /// - Throws: ``ImportFailed`` listing every bad row (nothing is written), or a
  ///   ``WorkspaceError``/``StoreError``.
  public static func run(
    path: String, mappings: [String], workspace: Workspace, context: CommandContext, dryRun: Bool
  ) throws -> ImportSummary {
    var table = try CSVTable(path: path)
    let (mapping, headerProblems) = ColumnMapping.resolve(
      file: path, header: table.header, known: ParticipantRow.knownFields, aliases: ParticipantRow.aliases,
      overrides: try ColumnMapping.parseOverrides(mappings), keepUnknown: true)
    if !headerProblems.isEmpty { throw ImportFailed(problems: headerProblems) }
    if let problem = ParticipantRow.noParticipantColumns(file: path, header: table.header, mapping: mapping) {
      throw ImportFailed(problems: [problem])
    }
    return try workspace.store.write(context.info, dryRun: dryRun) { writer in
      var problems: [ImportProblem] = []
      var next = try writer.highestNumber(prefix: "P")
      var firstLine: [String: Int] = [:]
      var withPersonal = 0
      let rows = try importRows(&table, mapping: mapping, problems: &problems, progress: context.progress) { line, values, problems in
        let (parsed, rowProblems) = ParticipantRow.parse(values, file: path, line: line)
        problems += rowProblems
        guard let parsed else { return }
        let id: String
        if let given = parsed.id {
          if try writer.participantStatus(given) != nil {
            let earlier = firstLine[given].map { "line \($0)" } ?? "the workspace"
            problems.append(ImportProblem(file: path, line: line, field: "id", problem: "'\(given)' is already used (\(earlier))"))
            return
          }
          id = given
        } else {
          repeat {
            next += 1
          } while try writer.participantStatus(FieldValue.generatedID(prefix: "P", number: next)) != nil
          id = FieldValue.generatedID(prefix: "P", number: next)
        }
        firstLine[id] = line
        try writer.record(
          .participantAdded(
            Participant(id: id, perspectives: parsed.perspectives, accessNeeds: parsed.accessNeeds, language: parsed.language)))
        if !parsed.personal.isEmpty {
          withPersonal += 1
          try writer.record(.personalDataRecorded(PersonalData(participantID: id, fields: parsed.personal)))
        }
      }
      var notes = ["\(rows) participants", "\(withPersonal) with personal data, kept apart"]
      if !mapping.unknownColumns.isEmpty {
        notes.append("kept as personal data (unrecognised columns): " + mapping.unknownColumns.joined(separator: ", "))
      }
      return ImportSummary(rows: rows, events: writer.recordedCount, dryRun: dryRun, notes: notes)
    }
  }
}
