// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodPlugins
import Foundation
import Yams

// MARK: - Inputs file

/// A scripted session's inputs file (`coprod run FORMAT --inputs day1.yaml`), read and checked
/// for shape: the seed, who came, and each stage's entries (one list per run of a repeated
/// stage). Whether the entries fit the format (options, attendees, captures) is checked as
/// the session runs, before anything is written.
///
/// ```yaml
/// seed: 42
/// attendance: [p001, p002, p003]
/// stages:
///   stories:
///     - { by: p001, text: "…", consent: { quote: true, name: first } }
///     - { pass: p002 }
///   themes:
///     - { id: t1, text: "Text updates before a repair visit", from: [stories.1] }
///   priorities:
///     - { by: p001, dots: { t1: 2 } }
///   next-steps:
///     - { text: "Pilot text updates", owner: Repairs team, due: 2027-03-31, from: [t1] }
/// ```
public struct SessionInputs: Sendable {
  /// The file as named.
  public var file: String
  /// The SHA-256 of its bytes.
  public var sha256: String
  /// The seed, if the file gives one.
  public var seed: Int64?
  /// Who came, with the line of each id.
  public var attendance: [(id: String, line: Int)]
  /// Each stage's entries, per iteration, by stage id, with the line of the stage's key.
  public var stages: [String: (line: Int, iterations: [[SessionEntry]])]
  /// The format's settings the file gives (`settings: { budget: 50000 }`), as written, with
  /// their lines; checked against the format's `plugin.yaml` when the session runs.
  public var settings: [(key: String, value: String, line: Int)] = []

  /// Reads and checks the file at `path`.
  /// - Throws: ``SessionInputError`` naming the file, line and field.
  public static func read(_ path: String) throws -> SessionInputs {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
      let data = FileManager.default.contents(atPath: path)
    else { throw SessionInputError(place: path, path: "file", problem: "cannot be read; check the path") }
    do {
      try TextCheck.checkDocument(data, limits: .current, what: "session")
    } catch where error.kind != .empty && error.kind != .blank {
      throw SessionInputError(place: error.line.map { "\(path):\($0)" } ?? path, path: "file", problem: error.problem)
    } catch {}  // an empty file is named by the parser, with what to write
    return try parse(String(decoding: data, as: UTF8.self), file: path, sha256: PluginLoader.sha256(of: data))
  }

  /// Parses inputs from `text`.
  static func parse(_ text: String, file: String, sha256: String) throws -> SessionInputs {
    func fail(_ node: Node?, _ path: String, _ problem: String) -> SessionInputError {
      SessionInputError(place: "\(file):\(node?.mark?.line ?? 1)", path: path, problem: problem)
    }
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw SessionInputError(place: "\(file):1", path: "file", problem: "is empty; give attendance and stages")
      }
      root = node
    } catch let error as SessionInputError {
      throw error
    } catch let error as YamlError {
      throw SessionInputError(
        place: "\(file):\(ManifestParser.line(of: error) ?? 1)", path: "file",
        problem: "is not valid YAML (\(ManifestParser.summary(of: error)))")
    } catch {
      throw SessionInputError(place: "\(file):1", path: "file", problem: "is not valid YAML")
    }
    let reader = NodeReader(file: file)
    let top = try reader.mapping(root, "file", allowed: ["seed", "settings", "attendance", "stages"])
    var inputs = SessionInputs(file: file, sha256: sha256, seed: nil, attendance: [], stages: [:])
    if let node = top["seed"] {
      guard let seed = node.scalar.flatMap({ Int64($0.string) }) else {
        throw fail(node, "seed", "expected a whole number, got '\(node.scalar?.string ?? "a list or mapping")'")
      }
      inputs.seed = seed
    }
    if let node = top["settings"] {
      guard let mapping = node.mapping else { throw fail(node, "settings", "expected a mapping of the format's settings, e.g. settings: { budget: 50000 }") }
      for (key, value) in mapping {
        guard let name = key.scalar?.string else { throw fail(key, "settings", "setting names must be text") }
        guard let text = value.scalar?.string else { throw fail(value, "settings.\(name)", "expected a single value (text, a number, true or false)") }
        guard !inputs.settings.contains(where: { $0.key == name }) else { throw fail(key, "settings.\(name)", "appears twice") }
        inputs.settings.append((name, text, key.mark?.line ?? 1))
      }
    }
    guard let attendanceNode = top["attendance"] else {
      throw fail(root, "attendance", "missing; list the pseudonymous ids of the people present, e.g. attendance: [p001, p002]")
    }
    guard let people = attendanceNode.sequence else { throw fail(attendanceNode, "attendance", "expected a list of participant ids") }
    var seen: [String: Int] = [:]
    for (offset, node) in people.enumerated() {
      let id = try reader.id(node, "attendance[\(offset + 1)]")
      let line = node.mark?.line ?? 1
      if let first = seen[id] { throw fail(node, "attendance[\(offset + 1)]", "'\(id)' is listed twice (line \(first))") }
      seen[id] = line
      inputs.attendance.append((id, line))
    }
    if let stagesNode = top["stages"] {
      guard let mapping = stagesNode.mapping else { throw fail(stagesNode, "stages", "expected a mapping of stage ids to lists of entries") }
      for (key, value) in mapping {
        guard let stage = key.scalar?.string else { throw fail(key, "stages", "stage ids must be text") }
        guard inputs.stages[stage] == nil else { throw fail(key, "stages.\(stage)", "appears twice") }
        inputs.stages[stage] = (key.mark?.line ?? 1, try reader.iterations(value, stage: stage))
      }
    }
    return inputs
  }
}

// MARK: - Reading nodes

/// Reads the nodes of an inputs file into entries, naming the line and path of every problem.
private struct NodeReader {
  let file: String

  func fail(_ node: Node?, _ path: String, _ problem: String) -> SessionInputError {
    SessionInputError(place: "\(file):\(node?.mark?.line ?? 1)", path: path, problem: problem)
  }

  func mapping(_ node: Node, _ path: String, allowed: [String]) throws -> [String: Node] {
    guard let mapping = node.mapping else { throw fail(node, path, "expected a mapping of fields (\(allowed.joined(separator: ", ")))") }
    var fields: [String: Node] = [:]
    for (key, value) in mapping {
      guard let name = key.scalar?.string else { throw fail(key, path, "field names must be text") }
      guard allowed.contains(name) else {
        throw fail(key, path == "file" ? name : "\(path).\(name)", "unknown field (expected \(allowed.joined(separator: ", ")))")
      }
      guard fields[name] == nil else { throw fail(key, "\(path).\(name)", "appears twice") }
      fields[name] = value
    }
    return fields
  }

  func text(_ node: Node, _ path: String) throws -> String {
    guard let scalar = node.scalar else { throw fail(node, path, "expected text") }
    let text = scalar.string.trimmed
    guard !text.isEmpty else { throw fail(node, path, "must not be empty") }
    guard text.count <= 100_000 else { throw fail(node, path, "is longer than 100000 characters") }
    return text
  }

  func id(_ node: Node, _ path: String) throws -> String {
    let value = try text(node, path)
    guard Participant.isValidID(value) else { throw fail(node, path, "'\(value)' is not a valid id (1–64 letters, digits, '-', '_' or '.')") }
    return value
  }

  func ids(_ node: Node, _ path: String) throws -> [String] {
    if node.scalar != nil { return [try id(node, path)] }
    guard let items = node.sequence else { throw fail(node, path, "expected a list of ids") }
    return try items.enumerated().map { try id($0.element, "\(path)[\($0.offset + 1)]") }
  }

  func bool(_ node: Node, _ path: String) throws -> Bool {
    guard let value = node.bool else { throw fail(node, path, "expected true or false") }
    return value
  }

  func points(_ node: Node, _ path: String) throws -> [(String, Int64)] {
    guard let mapping = node.mapping else { throw fail(node, path, "expected a mapping of option ids to whole numbers") }
    var result: [(String, Int64)] = []
    for (key, value) in mapping {
      let option = try id(key, path)
      guard !result.contains(where: { $0.0 == option }) else { throw fail(key, "\(path).\(option)", "appears twice") }
      guard let number = value.scalar.flatMap({ Int64($0.string) }), number >= 0, number <= 1_000_000 else {
        throw fail(value, "\(path).\(option)", "expected a whole number from 0 to 1000000")
      }
      result.append((option, number))
    }
    return result
  }

  /// A stage's value: a list of entries, or a list of such lists (one per iteration).
  func iterations(_ node: Node, stage: String) throws -> [[SessionEntry]] {
    let path = "stages.\(stage)"
    if node.scalar?.string == "" || (node.scalar != nil && node.scalar?.string == "null") { return [[]] }
    guard let items = node.sequence else { throw fail(node, path, "expected a list of entries (or one list per round)") }
    if let first = items.first, first.sequence != nil {
      return try items.enumerated().map { round, list in
        guard let entries = list.sequence else {
          throw fail(list, "\(path)[\(round + 1)]", "expected a list of entries: every round of a repeated stage is a list")
        }
        return try entries.enumerated().map { try entry($0.element, "\(path)[\(round + 1)][\($0.offset + 1)]") }
      }
    }
    return [try items.enumerated().map { try entry($0.element, "\(path)[\($0.offset + 1)]") }]
  }

  static let entryFields = [
    "id", "by", "text", "kind", "quote", "anonymity", "consent", "from", "pass", "rank", "approve", "dots", "scores",
    "object", "stand_aside", "reason", "owner", "due", "decision",
  ]

  func entry(_ node: Node, _ path: String) throws -> SessionEntry {
    let fields = try mapping(node, path, allowed: Self.entryFields)
    let origin = SessionEntry.Origin(place: "\(file):\(node.mark?.line ?? 1)", path: path)
    func only(_ allowed: Set<String>, _ what: String) throws {
      if let other = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
        throw fail(fields[other], "\(path).\(other)", "does not belong in \(what)")
      }
    }
    if let pass = fields["pass"] {
      try only(["pass"], "a pass ({ pass: ID })")
      return .init(origin: origin, body: .pass(try id(pass, "\(path).pass")))
    }
    if let decision = fields["decision"] {
      try only(["decision"], "a decision ({ decision: { by, outcome, rationale, reasons } })")
      let inner = try mapping(decision, "\(path).decision", allowed: ["by", "outcome", "rationale", "reasons"])
      var ruling = SessionEntry.Ruling()
      if let by = inner["by"] { ruling.decidedBy = try text(by, "\(path).decision.by") }
      if let node = inner["outcome"] {
        let value = try text(node, "\(path).decision.outcome")
        guard let outcome = Decision.Outcome(rawValue: value) else {
          throw fail(node, "\(path).decision.outcome", "unknown outcome '\(value)' (use accepted, partly-accepted or rejected)")
        }
        ruling.outcome = outcome
      }
      if let node = inner["rationale"] { ruling.rationale = try text(node, "\(path).decision.rationale") }
      if let node = inner["reasons"] { ruling.reasons = try text(node, "\(path).decision.reasons") }
      if ruling.outcome?.needsReasons == true && ruling.reasons == nil {
        throw fail(decision, "\(path).decision.reasons", "missing; a \(ruling.outcome?.rawValue ?? "") decision must say why not all of it is done")
      }
      return .init(origin: origin, body: .decision(ruling))
    }
    let ballotFields: Set<String> = ["rank", "approve", "dots", "scores", "object", "stand_aside"]
    let marks = fields.keys.filter { ballotFields.contains($0) || ($0 == "consent" && fields[$0]?.bool != nil) }.sorted()
    if !marks.isEmpty {
      guard marks.count == 1, let field = marks.first, let value = fields[field] else {
        throw fail(node, path, "a ballot has one of rank, approve, dots, scores, consent, object or stand_aside; this has \(marks.joined(separator: " and "))")
      }
      try only(["by", "reason", field], "a ballot")
      guard let byNode = fields["by"] else { throw fail(node, "\(path).by", "missing; say whose ballot it is") }
      let voter = try id(byNode, "\(path).by")
      var reason = try fields["reason"].map { try text($0, "\(path).reason") }
      let choice: SessionEntry.Choice
      switch field {
      case "rank":
        guard let items = value.sequence, !items.isEmpty else { throw fail(value, "\(path).rank", "expected a list of option ids, best first") }
        choice = .rank(try items.enumerated().map { try ids($0.element, "\(path).rank[\($0.offset + 1)]") })
      case "approve":
        choice = .approve(try ids(value, "\(path).approve"))
      case "dots":
        choice = .dots(try points(value, "\(path).dots"))
      case "scores":
        choice = .scores(try points(value, "\(path).scores"))
      case "consent":
        guard try bool(value, "\(path).consent") else {
          throw fail(value, "\(path).consent", "write consent: true, or object: \"reason\" to object")
        }
        choice = .consent(2)
      default:
        guard reason == nil else { throw fail(fields["reason"], "\(path).reason", "give the reason as the value of \(field)") }
        reason = try text(value, "\(path).\(field)")
        choice = .consent(field == "object" ? 0 : 1)
      }
      return .init(origin: origin, body: .ballot(.init(voter: voter, choice: choice, reason: reason)))
    }
    if let owner = fields["owner"] {
      try only(["text", "owner", "due", "from"], "a commitment ({ text, owner, due, from })")
      guard let textNode = fields["text"] else { throw fail(node, "\(path).text", "missing; say what will be done") }
      var due: CalendarDate?
      if let node = fields["due"] {
        let value = try text(node, "\(path).due")
        guard let date = CalendarDate(value) else { throw fail(node, "\(path).due", "'\(value)' is not a date written YYYY-MM-DD") }
        due = date
      }
      return .init(
        origin: origin,
        body: .commitment(
          .init(
            text: try text(textNode, "\(path).text"), owner: try text(owner, "\(path).owner"), due: due,
            from: try fields["from"].map { try ids($0, "\(path).from") } ?? [])))
    }
    try only(["id", "by", "text", "kind", "quote", "anonymity", "consent", "from"], "a contribution")
    guard let textNode = fields["text"] else {
      throw fail(node, path, "an entry needs text (a contribution or, with owner, a commitment), pass, a ballot (rank, approve, dots, scores, consent, object) or decision")
    }
    var said = SessionEntry.Said(by: try fields["by"].map { try id($0, "\(path).by") }, text: try text(textNode, "\(path).text"))
    said.localID = try fields["id"].map { try id($0, "\(path).id") }
    if let node = fields["kind"] {
      let value = try text(node, "\(path).kind")
      guard let kind = ContributionKind(rawValue: value) else {
        throw fail(node, "\(path).kind", "unknown kind '\(value)' (use story, idea, comment or objection)")
      }
      said.kind = kind
    }
    if let node = fields["quote"] { said.quote = try bool(node, "\(path).quote") }
    if let node = fields["anonymity"] { said.anonymity = try anonymity(node, "\(path).anonymity") }
    if let node = fields["consent"] {
      let consent = try mapping(node, "\(path).consent", allowed: ["quote", "name"])
      if let quote = consent["quote"] { said.quote = try bool(quote, "\(path).consent.quote") }
      if let name = consent["name"] { said.anonymity = try anonymity(name, "\(path).consent.name") }
    }
    said.from = try fields["from"].map { try ids($0, "\(path).from") } ?? []
    return .init(origin: origin, body: .contribution(said))
  }

  /// `anonymous`, `perspective`, `first-name`/`first`, `full-name`/`full`.
  func anonymity(_ node: Node, _ path: String) throws -> AnonymityLevel {
    let value = try text(node, path)
    let aliases = ["first": AnonymityLevel.firstName, "full": .fullName, "none": .anonymous]
    guard let level = AnonymityLevel(rawValue: value) ?? aliases[value] else {
      throw fail(node, path, "'\(value)' is not one of anonymous, perspective, first-name (first), full-name (full)")
    }
    return level
  }
}
