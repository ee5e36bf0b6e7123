// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation

/// Checks the tables plugins pass to `coprod.voting_rule`, `coprod.session_format` and
/// `coprod.report`, turning them into definitions or naming the exact field that is wrong.
enum DefinitionValidator {
  /// The field that marks a table as made by a constructor.
  static let kindField = "__kind"

  /// Validates `table` as a definition of `kind`.
  static func validate(_ table: LuaTable, as kind: PluginKind) throws(DefinitionError) -> PluginDefinition {
    var reader = FieldReader(table: table, path: kind.constructor, ignoring: [kindField])
    switch kind {
    case .library:
      throw DefinitionError(path: "", problem: "a library defines nothing; its entry returns a table of functions for other plugins to require")
    case .votingRule:
      let name = try reader.requiredString("name")
      let description = try reader.optionalString("description")
      let kinds = try reader.ballotKinds("ballot")
      let count = try reader.requiredFunction("count")
      try reader.rejectUnknown()
      return .votingRule(VotingRuleDefinition(name: name, description: description, ballotKinds: kinds, count: count))
    case .report:
      let name = try reader.requiredString("name")
      let description = try reader.optionalString("description")
      let input = try reader.requiredChoice("input", from: reportInputs)
      let formats = try reader.optionalStrings("formats", allowed: ["markdown"]) ?? ["markdown"]
      let render = try reader.requiredFunction("render")
      try reader.rejectUnknown()
      return .report(ReportDefinition(name: name, description: description, input: input, formats: formats, render: render))
    case .sessionFormat:
      let name = try reader.requiredString("name")
      let description = try reader.optionalString("description")
      let roles = try reader.optionalStrings("roles", allowed: nil) ?? []
      let stageTables = try reader.requiredArray("stages")
      guard !stageTables.isEmpty else { throw DefinitionError(path: "\(kind.constructor).stages", problem: "needs at least one stage") }
      var stages: [SessionFormatDefinition.Stage] = []
      var seen: Set<String> = []
      var grouped: Set<String> = []
      for (offset, value) in stageTables.enumerated() {
        let path = "\(kind.constructor).stages[\(offset + 1)]"
        guard let stageTable = value.tableValue else {
          throw DefinitionError(path: path, problem: "expected a table, got \(value.typeName)")
        }
        let stage = try validateStage(stageTable, path: path, earlier: seen, grouped: grouped)
        seen.insert(stage.id)
        if stage.groups != nil { grouped.insert(stage.id) }
        stages.append(stage)
      }
      try reader.rejectUnknown()
      return .sessionFormat(SessionFormatDefinition(name: name, description: description, roles: roles, stages: stages))
    }
  }

  static let reportInputs = ["tally", "workspace"]
  static let captures = ["story", "idea", "comment", "objection", "commitment"]
  static let groupKinds = ["solo", "pairs", "tables", "plenary"]
  static let turnKinds = ["round_robin", "open"]

  private static func validateStage(
    _ table: LuaTable, path: String, earlier: Set<String>, grouped: Set<String>
  ) throws(DefinitionError) -> SessionFormatDefinition.Stage {
    var reader = FieldReader(table: table, path: path, ignoring: [])
    let id = try reader.requiredString("id")
    guard id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_" }), id.first?.isLetter == true else {
      throw DefinitionError(path: "\(path).id", problem: "'\(id)' must start with a letter and use only lower-case letters, digits, - and _")
    }
    guard !earlier.contains(id) else { throw DefinitionError(path: "\(path).id", problem: "'\(id)' is used by an earlier stage") }
    let title = try reader.optionalString("title")
    let minutes = try reader.optionalPositiveNumber("minutes")
    let prompt = try reader.optionalString("prompt")
    let capture = try reader.optionalChoice("capture", from: captures)
    let from = try reader.optionalString("from")
    if let from, !earlier.contains(from) {
      throw DefinitionError(path: "\(path).from", problem: "'\(from)' is not an earlier stage's id")
    }
    var groups: SessionFormatDefinition.Grouping?
    switch reader.take("groups") {
    case .nil: break
    case .function(let function): groups = .init(kind: "plugin", function: function)
    case .table(let table):
      var sub = FieldReader(table: table, path: "\(path).groups", ignoring: [])
      let kind = try sub.requiredChoice("kind", from: groupKinds)
      let size = try sub.optionalInteger("size", minimum: 2)
      let mix = try sub.optionalString("mix")
      let rounds = try sub.optionalInteger("rounds", minimum: 1)
      let stay = try sub.optionalBoolean("stay")
      try sub.rejectUnknown()
      groups = .init(kind: kind, size: size, mix: mix, rounds: rounds, stay: stay)
    case let other:
      throw DefinitionError(path: "\(path).groups", problem: "expected coprod.groups.… { … } or a function, got \(other.typeName)")
    }
    var turns: SessionFormatDefinition.Turns?
    if let table = try reader.optionalTable("turns") {
      var sub = FieldReader(table: table, path: "\(path).turns", ignoring: [])
      let kind = try sub.requiredChoice("kind", from: turnKinds)
      let minutesEach = try sub.optionalPositiveNumber("minutes_each")
      let allowPass = try sub.optionalBoolean("allow_pass")
      try sub.rejectUnknown()
      turns = .init(kind: kind, minutesEach: minutesEach, allowPass: allowPass)
    }
    let when = try reader.optionalFunction("when")
    let options = try reader.optionalFunction("options")
    let repeatUntil = try reader.optionalFunction("repeat_until")
    let maxRounds = try reader.optionalInteger("max_rounds", minimum: 1)
    if let maxRounds, maxRounds > 100 {
      throw DefinitionError(path: "\(path).max_rounds", problem: "expected at most 100 rounds, got \(maxRounds)")
    }
    var vote: SessionFormatDefinition.Vote?
    if let table = try reader.optionalTable("vote") {
      var sub = FieldReader(table: table, path: "\(path).vote", ignoring: [])
      let rule = try sub.requiredString("rule")
      let voteOptions = try sub.optionalString("options")
      if let voteOptions, !earlier.contains(voteOptions) {
        throw DefinitionError(path: "\(path).vote.options", problem: "'\(voteOptions)' is not an earlier stage's id")
      }
      let dots = try sub.optionalInteger("dots", minimum: 1)
      let ballot = try sub.optionalChoice("ballot", from: BallotKind.allCases.map(\.rawValue)).flatMap(BallotKind.init(rawValue:))
      let seats = try sub.optionalInteger("seats", minimum: 1)
      var budget: Int64?
      var budgetFunction: LuaFunctionReference?
      if case .function(let function) = sub.take("budget") {
        budgetFunction = function
      } else {
        budget = try sub.optionalInteger("budget", minimum: 1, maximum: 1_000_000_000_000).map(Int64.init)
      }
      let settings = try sub.optionalSettings("settings")
      try sub.rejectUnknown()
      if voteOptions != nil && options != nil {
        throw DefinitionError(path: "\(path).options", problem: "give either vote.options (a stage id) or options (a function), not both")
      }
      vote = .init(
        rule: rule, options: voteOptions, dots: dots, ballot: ballot, seats: seats, budget: budget, budgetFunction: budgetFunction,
        settings: settings)
    } else if options != nil {
      throw DefinitionError(path: "\(path).options", problem: "only a stage with a vote has options; add vote = { rule = … }")
    }
    let people = try reader.optionalString("people")
    if let people, !grouped.contains(people) {
      throw DefinitionError(
        path: "\(path).people", problem: "'\(people)' is not an earlier stage that forms groups; name one with groups, e.g. a selection stage")
    }
    try reader.rejectUnknown()
    return .init(
      id: id, title: title, minutes: minutes, prompt: prompt, capture: capture, from: from, groups: groups, turns: turns,
      vote: vote, when: when, options: options, repeatUntil: repeatUntil, maxRounds: maxRounds, people: people)
  }
}

// MARK: - Errors

/// A definition table has a missing, unknown or wrongly typed field.
public struct DefinitionError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The field, e.g. `coprod.session_format.stages[2].minutes`.
  public var path: String
  /// What is wrong with it.
  public var problem: String
  /// `path: problem`.
  public var description: String { "\(path): \(problem)" }
}

// MARK: - Field reader

/// Reads fields of one table, remembering which were read so unknown ones can be reported.
struct FieldReader {
  let table: LuaTable
  let path: String
  private var known: Set<String>

  init(table: LuaTable, path: String, ignoring: Set<String>) {
    self.table = table
    self.path = path
    self.known = ignoring
  }

  private func fail(_ field: String, _ problem: String) -> DefinitionError {
    DefinitionError(path: "\(path).\(field)", problem: problem)
  }

  mutating func take(_ field: String) -> LuaValue {
    known.insert(field)
    return table[field]
  }

  mutating func requiredString(_ field: String) throws(DefinitionError) -> String {
    guard let value = try optionalString(field) else { throw fail(field, "is required (a string)") }
    return value
  }

  mutating func optionalString(_ field: String) throws(DefinitionError) -> String? {
    let value = take(field)
    switch value {
    case .nil: return nil
    case .string(let text):
      guard !text.trimmed.isEmpty else { throw fail(field, "must not be empty") }
      return text
    default: throw fail(field, "expected a string, got \(value.typeName)")
    }
  }

  mutating func requiredChoice(_ field: String, from choices: [String]) throws(DefinitionError) -> String {
    guard let value = try optionalChoice(field, from: choices) else {
      throw fail(field, "is required (one of \(choices.joined(separator: ", ")))")
    }
    return value
  }

  mutating func optionalChoice(_ field: String, from choices: [String]) throws(DefinitionError) -> String? {
    guard let value = try optionalString(field) else { return nil }
    guard choices.contains(value) else {
      throw fail(field, "'\(value)' is not one of \(choices.joined(separator: ", "))")
    }
    return value
  }

  mutating func requiredFunction(_ field: String) throws(DefinitionError) -> LuaFunctionReference {
    let value = take(field)
    guard case .function(let function) = value else {
      throw fail(field, value == .nil ? "is required (a function)" : "expected a function, got \(value.typeName)")
    }
    return function
  }

  mutating func optionalFunction(_ field: String) throws(DefinitionError) -> LuaFunctionReference? {
    let value = take(field)
    switch value {
    case .nil: return nil
    case .function(let function): return function
    default: throw fail(field, "expected a function, got \(value.typeName)")
    }
  }

  /// A rule's settings: a table of strings, numbers and booleans by name, or a function
  /// that returns one.
  mutating func optionalSettings(_ field: String) throws(DefinitionError) -> LuaValue? {
    let value = take(field)
    switch value {
    case .nil: return nil
    case .function: return value
    case .table(let table):
      guard table.array.isEmpty, table.otherKeys.isEmpty else { throw fail(field, "expected named settings, e.g. { dots = 3 }") }
      for (key, setting) in table.fields.sorted(by: { $0.key < $1.key }) {
        switch setting {
        case .string, .integer, .number, .boolean: continue
        default: throw fail("\(field).\(key)", "expected a string, number or boolean, got \(setting.typeName)")
        }
      }
      return value
    default: throw fail(field, "expected a table or a function, got \(value.typeName)")
    }
  }

  mutating func requiredArray(_ field: String) throws(DefinitionError) -> [LuaValue] {
    let value = take(field)
    guard let table = value.tableValue else {
      throw fail(field, value == .nil ? "is required (a list)" : "expected a list, got \(value.typeName)")
    }
    guard table.fields.isEmpty, table.otherKeys.isEmpty else { throw fail(field, "expected a list (keys 1, 2, 3, …)") }
    return table.array
  }

  mutating func optionalTable(_ field: String) throws(DefinitionError) -> LuaTable? {
    let value = take(field)
    if value == .nil { return nil }
    guard let table = value.tableValue else { throw fail(field, "expected a table, got \(value.typeName)") }
    return table
  }

  mutating func optionalStrings(_ field: String, allowed: [String]?) throws(DefinitionError) -> [String]? {
    let value = take(field)
    if value == .nil { return nil }
    guard let table = value.tableValue, table.fields.isEmpty, table.otherKeys.isEmpty else {
      throw fail(field, "expected a list of strings, got \(value.typeName)")
    }
    var result: [String] = []
    for (offset, item) in table.array.enumerated() {
      guard let text = item.stringValue else { throw fail("\(field)[\(offset + 1)]", "expected a string, got \(item.typeName)") }
      if let allowed, !allowed.contains(text) {
        throw fail("\(field)[\(offset + 1)]", "'\(text)' is not one of \(allowed.joined(separator: ", "))")
      }
      result.append(text)
    }
    return result
  }

  mutating func ballotKinds(_ field: String) throws(DefinitionError) -> [BallotKind] {
    let names = BallotKind.allCases.map(\.rawValue)
    let value = take(field)
    let texts: [String]
    switch value {
    case .nil: throw fail(field, "is required (one of \(names.joined(separator: ", ")), or a list of them)")
    case .string(let text): texts = [text]
    case .table(let table) where table.fields.isEmpty && !table.array.isEmpty:
      var collected: [String] = []
      for (offset, item) in table.array.enumerated() {
        guard let text = item.stringValue else { throw fail("\(field)[\(offset + 1)]", "expected a string, got \(item.typeName)") }
        collected.append(text)
      }
      texts = collected
    default: throw fail(field, "expected one of \(names.joined(separator: ", ")), or a list of them; got \(value.typeName)")
    }
    var kinds: [BallotKind] = []
    for text in texts {
      guard let kind = BallotKind(rawValue: text) else {
        throw fail(field, "'\(text)' is not a ballot kind (one of \(names.joined(separator: ", ")))")
      }
      kinds.append(kind)
    }
    return kinds
  }

  mutating func optionalPositiveNumber(_ field: String) throws(DefinitionError) -> Double? {
    let value = take(field)
    if value == .nil { return nil }
    guard let number = value.doubleValue, number > 0, number.isFinite else {
      throw fail(field, "expected a positive number, got \(value == .nil ? "nil" : describe(value))")
    }
    return number
  }

  mutating func optionalInteger(_ field: String, minimum: Int, maximum: Int = 1_000_000) throws(DefinitionError) -> Int? {
    let value = take(field)
    if value == .nil { return nil }
    guard let number = value.integerValue, number >= minimum else {
      throw fail(field, "expected a whole number of at least \(minimum), got \(describe(value))")
    }
    guard number <= maximum else { throw fail(field, "expected a whole number of at most \(maximum), got \(number)") }
    return Int(number)
  }

  mutating func optionalBoolean(_ field: String) throws(DefinitionError) -> Bool? {
    let value = take(field)
    switch value {
    case .nil: return nil
    case .boolean(let flag): return flag
    default: throw fail(field, "expected true or false, got \(value.typeName)")
    }
  }

  private func describe(_ value: LuaValue) -> String {
    switch value {
    case .integer(let number): "\(number)"
    case .number(let number): "\(number)"
    case .string(let text): "'\(text)'"
    default: value.typeName
    }
  }

  /// Throws for the first field (in sorted order) that was not read.
  func rejectUnknown() throws(DefinitionError) {
    if let other = table.otherKeys.first { throw DefinitionError(path: path, problem: "unexpected \(other)") }
    if !table.array.isEmpty { throw DefinitionError(path: path, problem: "unexpected list items; use named fields") }
    if let unknown = table.fields.keys.sorted().first(where: { !known.contains($0) }) {
      let expected = known.subtracting([DefinitionValidator.kindField]).sorted().joined(separator: ", ")
      throw fail(unknown, "unknown field (expected \(expected))")
    }
  }
}
