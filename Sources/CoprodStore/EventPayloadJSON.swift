// coprod — co-production toolkit. Apache-2.0.

import CoprodModel

// MARK: - Hand-written payloads for the bulk event kinds

/// Encodes and decodes the payloads of the events that imports write by the million
/// (participants, personal data, contributions, votes) without `JSONEncoder`/`JSONDecoder`.
///
/// The bytes are exactly what ``EventCodec``'s `JSONEncoder` (sorted keys, unescaped slashes)
/// writes, since the hash chain covers them: keys in byte order, absent optionals left out,
/// strings escaped as `JSONEncoder` escapes them (`\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r`,
/// other control characters as `\u00xx`, everything else as it is). What cannot be encoded
/// that way for certain (personal-data field names outside ASCII, whose order `JSONEncoder`
/// decides) returns nil, and the caller uses `JSONEncoder`. Decoding reads only the exact
/// canonical form: it re-encodes what it read and returns nil unless that gives back the same
/// bytes, so the caller falls back to `JSONDecoder` for anything else.
enum EventPayloadJSON {
  /// The canonical payload of `change`, or nil when this kind is left to `JSONEncoder`.
  static func encode(_ change: WorkspaceChange) -> String? {
    var out = Output()
    switch change {
    case .participantAdded(let p): out.participant(p)
    case .personalDataRecorded(let d):
      guard d.fields.keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else { return nil }
      out.personalData(d)
    case .contributionAdded(let c): out.contribution(c)
    case .voteCast(let v): out.vote(v)
    default: return nil
    }
    return String(decoding: out.bytes, as: UTF8.self)
  }

  /// The change a canonical payload of `kind` holds, or nil when it is not one this reads
  /// (the caller then decodes it with `JSONDecoder`).
  static func decode(kind: WorkspaceChange.Kind, payload: String) -> WorkspaceChange? {
    var payload = payload
    let change: WorkspaceChange? = payload.withUTF8 { bytes in
      var reader = Reader(bytes: bytes)
      guard let object = reader.object(), reader.atEnd else { return nil }
      return decoded(kind: kind, object)
    }
    guard let change, let again = encode(change), again.utf8.elementsEqual(payload.utf8) else { return nil }
    return change
  }

  private static func decoded(kind: WorkspaceChange.Kind, _ o: [String: Value]) -> WorkspaceChange? {
    switch kind {
    case .participantAdded:
      guard o.keys.allSatisfy(["accessNeeds", "id", "language", "perspectives"].contains), let id = o["id"]?.string,
        let needs = o["accessNeeds"]?.strings, let words = o["perspectives"]?.strings
      else { return nil }
      let perspectives = words.compactMap(Perspective.init(rawValue:))
      guard perspectives.count == words.count, let language = optionalString(o["language"]) else { return nil }
      return .participantAdded(Participant(id: id, perspectives: perspectives, accessNeeds: needs, language: language))
    case .personalDataRecorded:
      guard o.count == 2, let id = o["participantID"]?.string, case .fields(let fields)? = o["fields"] else { return nil }
      return .personalDataRecorded(PersonalData(participantID: id, fields: fields))
    case .contributionAdded:
      let known: Set<String> = [
        "anonymity", "authorID", "consentToQuote", "derivedFrom", "id", "iteration", "kind", "made", "sessionID", "stage", "text",
      ]
      guard o.keys.allSatisfy(known.contains), let id = o["id"]?.string, let kind = o["kind"]?.string.flatMap(ContributionKind.init(rawValue:)),
        let anonymity = o["anonymity"]?.string.flatMap(AnonymityLevel.init(rawValue:)), case .bool(let quote)? = o["consentToQuote"],
        let from = o["derivedFrom"]?.strings, let text = o["text"]?.string, let author = optionalString(o["authorID"]),
        let session = optionalString(o["sessionID"]), let stage = optionalString(o["stage"]), let made = optionalString(o["made"])
      else { return nil }
      var iteration: Int?
      if let value = o["iteration"] {
        guard case .integer(let number) = value else { return nil }
        iteration = number
      }
      var day: CalendarDate?
      if let made {
        guard let parsed = CalendarDate(made) else { return nil }
        day = parsed
      }
      return .contributionAdded(
        Contribution(
          id: id, kind: kind, authorID: author, sessionID: session, stage: stage, text: text, consentToQuote: quote,
          anonymity: anonymity, derivedFrom: from, made: day, iteration: iteration))
    case .voteCast:
      guard o.keys.allSatisfy(["cast", "contributionID", "stance", "voterID"].contains), let contribution = o["contributionID"]?.string,
        let voter = o["voterID"]?.string, case .integer(let raw)? = o["stance"], let stance = ContributionVote.Stance(rawValue: raw),
        let castText = optionalString(o["cast"])
      else { return nil }
      var cast: Timestamp?
      if let castText {
        guard let parsed = Timestamp(castText) else { return nil }
        cast = parsed
      }
      return .voteCast(ContributionVote(contributionID: contribution, voterID: voter, stance: stance, cast: cast))
    default:
      return nil
    }
  }

  /// `.some(nil)` when absent, `.some(text)` for a string, nil for anything else.
  private static func optionalString(_ value: Value?) -> String?? {
    guard let value else { return .some(nil) }
    return value.string.map { .some($0) }
  }

  // MARK: Writing

  private struct Output {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(256) }

    mutating func participant(_ p: Participant) {
      raw("{\"accessNeeds\":")
      strings(p.accessNeeds)
      raw(",\"id\":")
      string(p.id)
      if let language = p.language {
        raw(",\"language\":")
        string(language)
      }
      raw(",\"perspectives\":")
      strings(p.perspectives.map(\.rawValue))
      raw("}")
    }

    mutating func personalData(_ d: PersonalData) {
      raw("{\"fields\":{")
      for (index, key) in d.fields.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
        if index > 0 { raw(",") }
        string(key)
        raw(":")
        string(d.fields[key] ?? "")
      }
      raw("},\"participantID\":")
      string(d.participantID)
      raw("}")
    }

    mutating func contribution(_ c: Contribution) {
      raw("{\"anonymity\":")
      string(c.anonymity.rawValue)
      if let author = c.authorID {
        raw(",\"authorID\":")
        string(author)
      }
      raw(c.consentToQuote ? ",\"consentToQuote\":true,\"derivedFrom\":" : ",\"consentToQuote\":false,\"derivedFrom\":")
      strings(c.derivedFrom)
      raw(",\"id\":")
      string(c.id)
      if let iteration = c.iteration {
        raw(",\"iteration\":")
        raw(String(iteration))
      }
      raw(",\"kind\":")
      string(c.kind.rawValue)
      if let made = c.made {
        raw(",\"made\":")
        string(made.text)
      }
      if let session = c.sessionID {
        raw(",\"sessionID\":")
        string(session)
      }
      if let stage = c.stage {
        raw(",\"stage\":")
        string(stage)
      }
      raw(",\"text\":")
      string(c.text)
      raw("}")
    }

    mutating func vote(_ v: ContributionVote) {
      raw("{")
      if let cast = v.cast {
        raw("\"cast\":")
        string(cast.text)
        raw(",")
      }
      raw("\"contributionID\":")
      string(v.contributionID)
      raw(",\"stance\":")
      raw(String(v.stance.rawValue))
      raw(",\"voterID\":")
      string(v.voterID)
      raw("}")
    }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func strings(_ values: [String]) {
      bytes.append(UInt8(ascii: "["))
      for (index, value) in values.enumerated() {
        if index > 0 { bytes.append(UInt8(ascii: ",")) }
        string(value)
      }
      bytes.append(UInt8(ascii: "]"))
    }

    mutating func string(_ value: String) {
      bytes.append(UInt8(ascii: "\""))
      for byte in value.utf8 {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
        case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
        case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0..<0x20:
          let digits = Array("0123456789abcdef".utf8)
          bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
          bytes.append(digits[Int(byte >> 4)])
          bytes.append(digits[Int(byte & 0x0F)])
        default: bytes.append(byte)
        }
      }
      bytes.append(UInt8(ascii: "\""))
    }
  }

  // MARK: Reading

  /// The values a canonical payload of these kinds holds.
  private enum Value {
    case text(String)
    case integer(Int)
    case bool(Bool)
    case list([String])
    case fields([String: String])

    var string: String? {
      if case .text(let text) = self { return text }
      return nil
    }

    var strings: [String]? {
      if case .list(let list) = self { return list }
      return nil
    }
  }

  /// Reads the canonical form only: no spaces, strings escaped as ``Output`` escapes them.
  private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func take(_ byte: UInt8) -> Bool {
      guard index < bytes.count, bytes[index] == byte else { return false }
      index += 1
      return true
    }

    /// A flat object whose values are strings, integers, booleans, lists of strings or
    /// objects of strings.
    mutating func object() -> [String: Value]? {
      guard take(UInt8(ascii: "{")) else { return nil }
      var result: [String: Value] = [:]
      if take(UInt8(ascii: "}")) { return result }
      repeat {
        guard let key = string(), take(UInt8(ascii: ":")), let value = value() else { return nil }
        result[key] = value
      } while take(UInt8(ascii: ","))
      return take(UInt8(ascii: "}")) ? result : nil
    }

    mutating func value() -> Value? {
      guard index < bytes.count else { return nil }
      switch bytes[index] {
      case UInt8(ascii: "\""): return string().map(Value.text)
      case UInt8(ascii: "["):
        index += 1
        var list: [String] = []
        if take(UInt8(ascii: "]")) { return .list(list) }
        repeat {
          guard let item = string() else { return nil }
          list.append(item)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? .list(list) : nil
      case UInt8(ascii: "{"):
        index += 1
        var fields: [String: String] = [:]
        if take(UInt8(ascii: "}")) { return .fields(fields) }
        repeat {
          guard let key = string(), take(UInt8(ascii: ":")), let item = string() else { return nil }
          fields[key] = item
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? .fields(fields) : nil
      case UInt8(ascii: "t"), UInt8(ascii: "f"):
        for (word, value) in [("true", true), ("false", false)] where word.utf8.elementsEqual(bytes[index..<min(bytes.count, index + word.utf8.count)]) {
          index += word.utf8.count
          return .bool(value)
        }
        return nil
      default:
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        guard index - start <= 18 else { return nil }
        return Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)).map(Value.integer)
      }
    }

    mutating func string() -> String? {
      guard take(UInt8(ascii: "\"")) else { return nil }
      let start = index
      while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
      if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
        defer { index += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
      }
      var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
      while index < bytes.count {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
        guard byte == UInt8(ascii: "\\") else {
          out.append(byte)
          continue
        }
        guard index < bytes.count else { return nil }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(escape)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "u"):
          guard index + 4 <= bytes.count,
            let code = UInt8(String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<index + 4]), as: UTF8.self), radix: 16),
            code < 0x20
          else { return nil }
          out.append(code)
          index += 4
        default: return nil
        }
      }
      return nil
    }
  }
}
