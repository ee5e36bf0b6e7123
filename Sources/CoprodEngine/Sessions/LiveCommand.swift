// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel

// MARK: - The facilitator's line protocol

/// One line a facilitator types in a live session (`coprod run FORMAT --live`), or a program
/// writes to its standard input. The protocol is documented in docs/cli.md § Live sessions;
/// ``help`` lists it.
///
/// ```text
/// attend p001 p002 p003
/// next
/// say p001 "The part was late three times." quote name=first
/// pass p002
/// note "Tell people before a visit" id=t1 from=stories.1,stories.3
/// ballot p001 t1:2 t3
/// decide by="The panel" rationale="Most dots."
/// commit "Pilot text updates" owner="Repairs team" due=2027-03-31 from=t1
/// end
/// ```
public enum LiveCommand: Equatable, Sendable {
  /// List the commands.
  case help
  /// Show the current stage again.
  case status
  /// People arrive.
  case attend([String])
  /// Someone speaks (`say`), or the room's or facilitator's words (`note`).
  case say(SessionEntry.Said)
  /// Someone passes their turn.
  case pass(String)
  /// A paper ballot or dots: marks read by the vote's ballot kind.
  case ballot(voter: String, marks: [String])
  /// A consent-round answer: 2 consent, 1 stand aside, 0 object, with the reason.
  case consent(voter: String, answer: Int64, reason: String?)
  /// A commitment.
  case commit(SessionEntry.Promise)
  /// The decision on this stage's vote; ends the stage like ``next``.
  case decide(SessionEntry.Ruling)
  /// End this stage (counting its vote) and begin the next.
  case next
  /// Close the session once every stage has ended.
  case end
  /// Stop without closing; `coprod run --resume` carries on.
  case quit

  /// The commands, one line each, as `help` prints them.
  public static let summary = [
    "attend ID [ID …]                       people arrive (any time; groups are made when a stage begins)",
    "next                                   end this stage (count its vote) and begin the next",
    "say ID \"words\" [quote] [name=anonymous|perspective|first|full] [id=LOCAL] [kind=story|idea|comment|objection] [from=REF,…]",
    "note \"words\" [quote] [id=LOCAL] [kind=…] [from=REF,…]   the room's or facilitator's words (themes, merged ideas)",
    "pass ID                                ID passes; they get a turn at the end",
    "ballot ID MARK …                       a paper ballot: ranked t2 t1=t3 (best first, = ties); approval t1 t3; score t1:4 t2:1; dots t1:2 t3",
    "dot ID OPTION[:N] …                    the same as ballot, for dot votes",
    "consent ID | object ID \"reason\" | stand-aside ID \"reason\"   a consent-round answer",
    "commit \"what\" owner=\"who\" [due=YYYY-MM-DD] [from=REF,…]   a commitment",
    "decide [outcome=accepted|partly-accepted|rejected] [by=\"who\"] [rationale=\"why\"] [reasons=\"why not all\"]   decide this stage's vote and move on",
    "status                                 show the stage, its prompt, timer, tables and turns again",
    "end                                    close the session (after the last stage)",
    "quit                                   stop now; carry on later with coprod run --resume ID",
    "help                                   this list",
  ]

  /// Parses one line; nil for a blank line or a comment (`#` outside quotes, at the start of
  /// a word, to the end of the line).
  ///
  /// - Parameters:
  ///   - line: the line as typed.
  ///   - number: its number, for errors (`line 7: say.by: …`).
  ///   - stages: the format's stage ids (local ids may not look like automatic ones).
  /// - Throws: ``SessionInputError`` naming the line, the command and the field.
  public static func parse(_ line: String, number: Int, stages: [String]) throws -> LiveCommand? {
    let place = "line \(number)"
    var words = try tokens(line, place: place)
    guard !words.isEmpty else { return nil }
    let name = words.removeFirst().text
    func fail(_ field: String?, _ problem: String) -> SessionInputError {
      SessionInputError(place: place, path: field.map { "\(name).\($0)" } ?? name, problem: problem)
    }
    func id(_ field: String) throws -> String {
      guard !words.isEmpty else { throw fail(field, "missing; give a participant id, e.g. \(name) p001") }
      let value = words.removeFirst().text
      guard Participant.isValidID(value) else { throw fail(field, "'\(value)' is not a valid id (1–64 letters, digits, '-', '_' or '.')") }
      return value
    }
    func text(_ field: String, _ example: String) throws -> String {
      guard let first = words.first, first.quoted else {
        throw fail(field, "missing; give it in double quotes, e.g. \(example)")
      }
      words.removeFirst()
      return try checked(first.text, field)
    }
    func checked(_ value: String, _ field: String) throws -> String {
      let trimmed = value.trimmed
      guard !trimmed.isEmpty else { throw fail(field, "must not be empty") }
      guard trimmed.count <= 100_000 else { throw fail(field, "is longer than 100000 characters") }
      return trimmed
    }
    func noMore() throws {
      if let extra = words.first { throw fail(nil, "unexpected '\(extra.text)'; see help") }
    }
    func options(_ allowed: [String], flags: [String] = []) throws -> [String: String] {
      var found: [String: String] = [:]
      for word in words {
        if flags.contains(word.text) && !word.quoted {
          found[word.text] = "true"
          continue
        }
        guard let equals = word.text.firstIndex(of: "="), allowed.contains(String(word.text[..<equals])) else {
          throw fail(nil, "unexpected '\(word.text)' (options: \((flags + allowed.map { "\($0)=…" }).joined(separator: ", ")))")
        }
        let key = String(word.text[..<equals])
        guard found[key] == nil else { throw fail(key, "is given twice") }
        found[key] = try checked(String(word.text[word.text.index(after: equals)...]), key)
      }
      words = []
      return found
    }
    func references(_ value: String?) throws -> [String] {
      guard let value else { return [] }
      return try value.split(separator: ",", omittingEmptySubsequences: false).map { part in
        let reference = String(part)
        guard Participant.isValidID(reference) else { throw fail("from", "'\(reference)' is not an id, STAGE.N or option id") }
        return reference
      }
    }

    switch name {
    case "help", "status", "next", "end", "quit":
      try noMore()
      return [.help, .status, .next, .end, .quit][["help", "status", "next", "end", "quit"].firstIndex(of: name) ?? 0]
    case "attend":
      guard !words.isEmpty else { throw fail(nil, "give the ids of the people who arrived, e.g. attend p001 p002") }
      var ids: [String] = []
      while !words.isEmpty {
        let person = try id("id")
        guard !ids.contains(person) else { throw fail("id", "'\(person)' is listed twice") }
        ids.append(person)
      }
      return .attend(ids)
    case "say", "note":
      let by = name == "say" ? try id("by") : nil
      var said = SessionEntry.Said(by: by, text: try text("text", "\(name)\(by.map { " \($0)" } ?? "") \"what was said\""))
      let given = try options(["name", "id", "kind", "from"], flags: ["quote"])
      said.quote = given["quote"] != nil
      if let level = given["name"] {
        guard let anonymity = AnonymityLevel(rawValue: level) ?? ["first": .firstName, "full": .fullName][level] else {
          throw fail("name", "'\(level)' is not one of anonymous, perspective, first, full")
        }
        said.anonymity = anonymity
      }
      if let local = given["id"] {
        guard Participant.isValidID(local) else { throw fail("id", "'\(local)' is not a valid id (letters, digits, '-', '_' or '.')") }
        if let stage = stages.first(where: { local.hasPrefix("\($0)-") && Int(local.dropFirst($0.count + 1)) != nil }) {
          throw fail("id", "'\(local)' looks like the automatic id of a \(stage) contribution; choose another, e.g. t1")
        }
        said.localID = local
      }
      if let kind = given["kind"] {
        guard let value = ContributionKind(rawValue: kind) else { throw fail("kind", "unknown kind '\(kind)' (use story, idea, comment or objection)") }
        said.kind = value
      }
      said.from = try references(given["from"])
      return .say(said)
    case "pass":
      let who = try id("id")
      try noMore()
      return .pass(who)
    case "ballot", "dot", "dots":
      let voter = try id("by")
      guard !words.isEmpty else { throw fail("marks", "missing; e.g. \(name) \(voter) t1:2 t3") }
      defer { words = [] }
      return .ballot(voter: voter, marks: words.map(\.text))
    case "consent":
      let voter = try id("by")
      try noMore()
      return .consent(voter: voter, answer: 2, reason: nil)
    case "object", "stand-aside":
      let voter = try id("by")
      let reason = try text("reason", "\(name) \(voter) \"why\"")
      try noMore()
      return .consent(voter: voter, answer: name == "object" ? 0 : 1, reason: reason)
    case "commit":
      let what = try text("text", "commit \"Pilot text updates\" owner=\"Repairs team\"")
      let given = try options(["owner", "due", "from"])
      guard let owner = given["owner"] else { throw fail("owner", "missing; say who will do it, e.g. owner=\"Repairs team\"") }
      var due: CalendarDate?
      if let value = given["due"] {
        guard let date = CalendarDate(value) else { throw fail("due", "'\(value)' is not a date written YYYY-MM-DD") }
        due = date
      }
      return .commit(.init(text: what, owner: owner, due: due, from: try references(given["from"])))
    case "decide":
      let given = try options(["outcome", "by", "rationale", "reasons"])
      var ruling = SessionEntry.Ruling(decidedBy: given["by"], rationale: given["rationale"], reasons: given["reasons"])
      if let value = given["outcome"] {
        guard let outcome = Decision.Outcome(rawValue: value) else {
          throw fail("outcome", "unknown outcome '\(value)' (use accepted, partly-accepted or rejected)")
        }
        ruling.outcome = outcome
      }
      if ruling.outcome?.needsReasons == true && ruling.reasons == nil {
        throw fail("reasons", "missing; a \(ruling.outcome?.rawValue ?? "") decision must say why not all of it is done")
      }
      return .decide(ruling)
    default:
      throw fail(nil, "unknown command; type help for the list")
    }
  }

  /// A word of a line: bare, or in double quotes (`\"` and `\\` inside), possibly after
  /// `key=`; `quoted` when the word begins with a quote (words, not an option).
  struct Token: Equatable {
    var text: String
    var quoted: Bool
  }

  /// Splits `line` into words.
  static func tokens(_ line: String, place: String) throws -> [Token] {
    var result: [Token] = []
    var current: Token?
    var inQuotes = false
    var escaped = false
    for character in line {
      if inQuotes {
        if escaped {
          current?.text.append(character)
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == "\"" {
          inQuotes = false
        } else {
          current?.text.append(character)
        }
        continue
      }
      if character == "#" && current == nil { break }  // a comment runs to the end of the line
      if character == "\"" {
        if current == nil { current = Token(text: "", quoted: true) }
        inQuotes = true
      } else if character.isWhitespace {
        if let word = current { result.append(word) }
        current = nil
      } else {
        if current == nil { current = Token(text: "", quoted: false) }
        current?.text.append(character)
      }
    }
    guard !inQuotes else {
      let command = line.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? "line"
      throw SessionInputError(place: place, path: command, problem: "a double quote is not closed")
    }
    if let word = current { result.append(word) }
    return result
  }
}
