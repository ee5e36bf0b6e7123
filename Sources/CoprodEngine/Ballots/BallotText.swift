// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import BigInt

// MARK: - Byte helpers

/// Byte-level helpers shared by the ballot parsers.
enum BallotText {
  /// ASCII codes the parsers test for.
  static let newline: UInt8 = 0x0A
  static let carriageReturn: UInt8 = 0x0D
  static let space: UInt8 = 0x20
  static let tab: UInt8 = 0x09
  static let zero: UInt8 = 0x30
  static let nine: UInt8 = 0x39

  /// The offset after a UTF-8 byte-order mark at the start of `bytes`, or 0.
  static func bodyStart(_ bytes: [UInt8]) -> Int {
    bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
  }

  /// The 1-based line of byte `offset` (counting `\n` before it).
  static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
    var line = 1
    for index in 0..<min(offset, bytes.count) where bytes[index] == newline { line += 1 }
    return line
  }

  /// Decodes `bytes` (after any byte-order mark) as UTF-8 text, or throws naming the line of
  /// the first malformed byte.
  static func decode(_ bytes: [UInt8], file: String) throws -> String {
    let start = bodyStart(bytes)
    if let bad = bytes.withUnsafeBufferPointer({ TextCheck.firstInvalidUTF8(in: $0) }) {
      throw BallotFileError(
        file: file, line: lineNumber(of: bad, in: bytes),
        problem: "\(TextCheck.invalidUTF8); save the file as UTF-8")
    }
    return String(decoding: bytes[start...], as: UTF8.self)
  }

  /// A short, printable description of `byte` for error messages.
  static func describe(_ byte: UInt8) -> String {
    if byte > 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    let hex = String(byte, radix: 16, uppercase: true)
    return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
  }

  /// Parses a whole, non-negative decimal number (no sign, no spaces), or nil if `text` is
  /// empty, holds anything else or does not fit in `Int64`.
  static func wholeNumber(_ text: Substring) -> Int64? {
    guard !text.isEmpty else { return nil }
    var value: Int64 = 0
    for byte in text.utf8 {
      guard byte >= zero && byte <= nine else { return nil }
      let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - zero))
      if overflow1 || overflow2 { return nil }
      value = sum
    }
    return value
  }

  /// Parses a whole number with an optional leading `-` or `+`.
  static func signedNumber(_ text: Substring) -> Int64? {
    if let first = text.first, first == "-" || first == "+" {
      guard let magnitude = wholeNumber(text.dropFirst()) else { return nil }
      return first == "-" ? -magnitude : magnitude
    }
    return wholeNumber(text)
  }

  /// Trims spaces and tabs from both ends.
  static func trimmed(_ text: Substring) -> Substring {
    var result = text
    while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
    while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
    return result
  }

  /// Quotes `text` for an error message, cut short if it is long.
  static func quoted(_ text: Substring) -> String {
    let shown = text.count > 40 ? text.prefix(40) + "…" : text
    return "\"\(shown)\""
  }
}

// MARK: - Totals

/// A running voter total, exact however large the counts (each count fits in 64 bits; their
/// sum need not).
struct VoterTotal {
  private var total = ExactTotals(count: 1)

  /// The total so far.
  var value: BigInt { total.values[0] }

  /// Adds `count`.
  mutating func add(_ count: Int64) { total.add(count, at: 0) }
}
