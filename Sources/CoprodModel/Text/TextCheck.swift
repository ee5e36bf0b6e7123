// coprod — co-production toolkit. Apache-2.0.

import Foundation

// MARK: - Limits

/// How long a line or a field of an input file may be. Every reader checks these before it
/// parses, in one pass over the bytes, so a file with a 50 MB field is refused at once.
///
/// Set with environment variables (a number of bytes, or with a `K` or `M` suffix for KiB and
/// MiB): `COPROD_MAX_LINE_BYTES` (default 1M), `COPROD_MAX_FIELD_BYTES` (default 64K) and
/// `COPROD_MAX_DOCUMENT_BYTES` (default 16M, the whole of a YAML file or one bundle record).
public struct InputLimits: Sendable, Equatable {
  /// The longest line, in bytes (ballot files, CSV imports, YAML).
  public var lineBytes: Int
  /// The longest field, in bytes: a CSV cell, quoted or not (even across lines).
  public var fieldBytes: Int
  /// The largest YAML file (plugin.yaml, session inputs) or bundle record.
  public var documentBytes: Int

  /// Creates limits.
  public init(lineBytes: Int = 1 << 20, fieldBytes: Int = 64 << 10, documentBytes: Int = 16 << 20) {
    self.lineBytes = lineBytes
    self.fieldBytes = fieldBytes
    self.documentBytes = documentBytes
  }

  /// The environment variables that set the limits, by the limit they set.
  public static let variables = (line: "COPROD_MAX_LINE_BYTES", field: "COPROD_MAX_FIELD_BYTES", document: "COPROD_MAX_DOCUMENT_BYTES")

  /// The limits the process runs with: the defaults, changed by the environment. A variable
  /// that is not a positive size is ignored.
  public static var current: InputLimits { InputLimits(environment: ProcessInfo.processInfo.environment) }

  /// The defaults changed by `environment`.
  public init(environment: [String: String]) {
    self.init()
    if let value = environment[Self.variables.line].flatMap(Self.size) { lineBytes = value }
    if let value = environment[Self.variables.field].flatMap(Self.size) { fieldBytes = value }
    if let value = environment[Self.variables.document].flatMap(Self.size) { documentBytes = value }
  }

  /// Parses `123`, `64K` or `16M` (KiB and MiB) as a positive number of bytes.
  static func size(_ text: String) -> Int? {
    var digits = Substring(text.trimmingCharacters(in: .whitespaces))
    var scale = 1
    switch digits.last {
    case "K", "k": scale = 1 << 10
    case "M", "m": scale = 1 << 20
    default: break
    }
    if scale > 1 { digits = digits.dropLast() }
    guard let number = Int(digits), number > 0, number <= Int.max / scale else { return nil }
    return number * scale
  }

  /// A size in words: `1 MiB`, `64 KiB` or `100 bytes`.
  public static func describe(_ bytes: Int) -> String {
    if bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    if bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
    return "\(bytes) bytes"
  }
}

// MARK: - Checking

/// A problem found in an input file before it is parsed: where (1-based line, when it has
/// one) and what, in plain words with what to do.
public struct TextProblem: Error, Sendable, Equatable {
  /// The kinds of problem.
  public enum Kind: Sendable, Equatable {
    /// No bytes (or only a byte-order mark).
    case empty
    /// Only spaces, tabs and line breaks.
    case blank
    /// A byte that is not part of well-formed UTF-8.
    case notUTF8
    /// A line longer than ``InputLimits/lineBytes``.
    case lineTooLong
    /// A field longer than ``InputLimits/fieldBytes``.
    case fieldTooLong
    /// A document larger than ``InputLimits/documentBytes``.
    case tooLarge
  }

  /// What kind of problem it is.
  public var kind: Kind
  /// The line, or nil for the whole file.
  public var line: Int?
  /// What is wrong and what to do.
  public var problem: String

  /// Creates a problem.
  public init(kind: Kind, line: Int?, problem: String) {
    self.kind = kind
    self.line = line
    self.problem = problem
  }
}

/// The checks every input reader makes on a file's bytes before parsing them: not empty or
/// blank, well-formed UTF-8, no line or field longer than the limits.
public enum TextCheck {
  /// The offset after a UTF-8 byte-order mark at the start of `bytes`, or 0.
  static func bodyStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
  }

  /// Checks `bytes` (see ``find(in:limits:delimiter:what:)``).
  public static func check(_ bytes: [UInt8], limits: InputLimits, delimiter: UInt8? = nil, what: String) throws(TextProblem) {
    let problem = bytes.withUnsafeBufferPointer { find(in: $0, limits: limits, delimiter: delimiter, what: what) }
    if let problem { throw problem }
  }

  /// Checks `data` (see ``find(in:limits:delimiter:what:)``).
  public static func check(_ data: Data, limits: InputLimits, delimiter: UInt8? = nil, what: String) throws(TextProblem) {
    let problem = data.withUnsafeBytes { find(in: $0.bindMemory(to: UInt8.self), limits: limits, delimiter: delimiter, what: what) }
    if let problem { throw problem }
  }

  /// Checks `bytes` in one pass, returning the first problem.
  ///
  /// - Parameters:
  ///   - delimiter: for delimited text (CSV), the field separator: fields are then measured
  ///     as RFC 4180 reads them, a quoted field running across lines.
  ///   - what: what the file should hold, for the message about an empty file ("ballots",
  ///     "participants").
  /// - Returns: the first problem: the file is empty or blank, a byte is not UTF-8, or a line
  ///   or field is too long; nil when there is none.
  static func find(in bytes: UnsafeBufferPointer<UInt8>, limits: InputLimits, delimiter: UInt8?, what: String) -> TextProblem? {
    let end = bytes.count
    var index = bodyStart(bytes)
    var line = 1
    var lineStart = index
    var fieldStart = index
    var fieldLine = 1
    var quoted = false
    var blank = true
    func tooLong(_ kind: String, _ limit: Int, variable: String, at line: Int) -> TextProblem {
      TextProblem(
        kind: kind == "line" ? .lineTooLong : .fieldTooLong, line: line,
        problem: "a \(kind) is longer than \(InputLimits.describe(limit)); check the file, or raise the limit with \(variable) (bytes, or with K or M)")
    }
    let lineTooLong = { (line: Int) in tooLong("line", limits.lineBytes, variable: InputLimits.variables.line, at: line) }
    let fieldTooLong = { (line: Int) in tooLong("field", limits.fieldBytes, variable: InputLimits.variables.field, at: line) }
    while index < end {
      if index - lineStart > limits.lineBytes { return lineTooLong(line) }
      if delimiter != nil, index - fieldStart > limits.fieldBytes { return fieldTooLong(fieldLine) }
      let byte = bytes[index]
      if byte >= 0x80 {
        guard let length = sequenceLength(bytes, at: index, end: end) else {
          return TextProblem(kind: .notUTF8, line: line, problem: "\(invalidUTF8); save the file as UTF-8")
        }
        blank = false
        index += length
        continue
      }
      if byte == 0x0A {
        line += 1
        lineStart = index + 1
      } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
        blank = false
      }
      if delimiter != nil, byte == 0x22, quoted || index == fieldStart {
        quoted.toggle()
      } else if let delimiter, !quoted, byte == delimiter || byte == 0x0A {
        fieldStart = index + 1
        fieldLine = line
      }
      index += 1
    }
    if end - lineStart > limits.lineBytes { return lineTooLong(line) }
    if delimiter != nil, end - fieldStart > limits.fieldBytes { return fieldTooLong(fieldLine) }
    if blank {
      let empty = end <= bodyStart(bytes)
      return TextProblem(
        kind: empty ? .empty : .blank, line: nil,
        problem: empty ? "the file is empty; it holds no \(what)" : "the file is blank (only spaces and empty lines); it holds no \(what)")
    }
    return nil
  }

  /// Checks a whole document (YAML, JSON) against `limits.documentBytes`, then as text.
  ///
  /// - Throws: ``TextProblem`` as ``check(_:limits:delimiter:what:)`` does, or when the
  ///   document is larger than the limit.
  public static func checkDocument(_ bytes: Data, limits: InputLimits, what: String) throws(TextProblem) {
    if bytes.count > limits.documentBytes {
      let variable = InputLimits.variables.document
      throw TextProblem(
        kind: .tooLarge, line: nil,
        problem: "the file is larger than \(InputLimits.describe(limits.documentBytes)); check the file, or raise the limit with \(variable) (bytes, or with K or M)")
    }
    try check(bytes, limits: limits, what: what)
  }

  /// What a file that is not UTF-8 is told.
  public static let invalidUTF8 = "the text is not valid UTF-8"

  /// ``invalidUTF8`` when `bytes` holds a byte that is not part of well-formed UTF-8, else nil.
  public static func utf8Problem(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
    firstInvalidUTF8(in: bytes) == nil ? nil : invalidUTF8
  }

  /// The offset of the first byte that is not part of well-formed UTF-8, or nil.
  public static func firstInvalidUTF8(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = 0
    while index < bytes.count {
      if bytes[index] < 0x80 {
        index += 1
      } else if let length = sequenceLength(bytes, at: index, end: bytes.count) {
        index += length
      } else {
        return index
      }
    }
    return nil
  }

  /// Reads the file at `path`, mapped into memory when it can be, for checking before a
  /// streaming reader goes through it.
  public static func contents(of path: String) -> Data? {
    (try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)) ?? FileManager.default.contents(atPath: path)
  }

  /// The length of the well-formed UTF-8 sequence at `index`, or nil.
  private static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Int? {
    let lead = bytes[index]
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: (length, low) = (3, 0xA0)
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: (length, high) = (3, 0x9F)
    case 0xF0: (length, low) = (4, 0x90)
    case 0xF1...0xF3: length = 4
    case 0xF4: (length, high) = (4, 0x8F)
    default: return nil
    }
    guard index + length <= end else { return nil }
    let second = bytes[index + 1]
    guard second >= low && second <= high else { return nil }
    for k in 2..<length where bytes[index + k] & 0xC0 != 0x80 { return nil }
    return length
  }
}
