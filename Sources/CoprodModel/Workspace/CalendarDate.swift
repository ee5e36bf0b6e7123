// coprod — co-production toolkit. Apache-2.0.

// MARK: - Text values

/// A value kept as the exact text it was written in, encoded as a JSON string.
public protocol TextValue: Sendable, Hashable, Codable {
  /// Parses `text`; nil when it is not in the value's shape.
  init?(_ text: String)
  /// The value as written.
  var text: String { get }
  /// How the value is written, for messages (`a date written YYYY-MM-DD`).
  static var shape: String { get }
}

extension TextValue {
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let raw = try container.decode(String.self)
    guard let value = Self(raw) else {
      throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(raw)' is not \(Self.shape)")
    }
    self = value
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(text)
  }
}

// MARK: - Calendar date

/// A day in the proleptic Gregorian calendar, written `YYYY-MM-DD` (consent dates, due dates).
///
/// Stored and encoded as its text so that it round-trips byte for byte.
public struct CalendarDate: TextValue, Comparable, CustomStringConvertible {
  /// The date as `YYYY-MM-DD`.
  public let text: String

  /// Parses `YYYY-MM-DD`; returns nil for any other shape or an impossible day.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month), day >= 1, day <= CalendarDate.days(inMonth: month, year: year)
    else { return nil }
    self.text = text
  }

  /// The date part of a timestamp.
  public init(_ timestamp: Timestamp) {
    self.text = String(timestamp.text.prefix(10))
  }

  /// Number of days in `month` of `year`.
  static func days(inMonth month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Number of days from this date to `other` (negative when `other` is earlier).
  public func days(to other: CalendarDate) -> Int { other.dayNumber - dayNumber }

  /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
  private var dayNumber: Int {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    let (month, day) = (parts[1], parts[2])
    let year = month <= 2 ? parts[0] - 1 : parts[0]
    let era = (year >= 0 ? year : year - 399) / 400
    let yearOfEra = year - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// How the value is written, for messages.
  public static let shape = "a date written YYYY-MM-DD"

  public var description: String { text }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.text < rhs.text }
}

// MARK: - Timestamp

/// An instant in UTC to the second, written `YYYY-MM-DDTHH:MM:SSZ` (event times).
public struct Timestamp: TextValue, Comparable, CustomStringConvertible {
  /// The instant as `YYYY-MM-DDTHH:MM:SSZ`.
  public let text: String

  /// Parses `YYYY-MM-DDTHH:MM:SSZ`; returns nil for any other shape.
  public init?(_ text: String) {
    let chars = Array(text.utf8)
    guard chars.count == 20, chars[10] == UInt8(ascii: "T"), chars[19] == UInt8(ascii: "Z"),
      CalendarDate(String(text.prefix(10))) != nil
    else { return nil }
    let clock = text.dropFirst(11).dropLast().split(separator: ":", omittingEmptySubsequences: false)
    guard clock.count == 3, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }),
      let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
      hour < 24, minute < 60, second < 61
    else { return nil }
    self.text = text
  }

  /// The start of `date` (midnight UTC).
  public init(startOf date: CalendarDate) {
    self.text = date.text + "T00:00:00Z"
  }

  /// The calendar day (UTC) of this instant.
  public var date: CalendarDate { CalendarDate(self) }

  /// How the value is written, for messages.
  public static let shape = "a timestamp written YYYY-MM-DDTHH:MM:SSZ"

  public var description: String { text }

  public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.text < rhs.text }
}
