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

  /// The instant `seconds` after 1970-01-01T00:00:00Z (negative: before it); nil outside the
  /// years 0000–9999 that the written form can hold.
  public init?(secondsSince1970 seconds: Int64) {
    guard (Self.earliestSecond...Self.latestSecond).contains(seconds) else { return nil }
    let (days, second) = (seconds.floorDivided(by: 86_400), seconds.floorRemainder(by: 86_400))
    // Howard Hinnant's `civil_from_days`.
    let shifted = days + 719_468
    let era = shifted.floorDivided(by: 146_097)
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func digits(_ value: Int64, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    self.text =
      "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))T"
      + "\(digits(second / 3600, 2)):\(digits(second / 60 % 60, 2)):\(digits(second % 60, 2))Z"
  }

  /// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds since 1970.
  static let earliestSecond: Int64 = -62_167_219_200
  static let latestSecond: Int64 = 253_402_300_799

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

extension Int64 {
  /// The quotient rounded towards minus infinity.
  fileprivate func floorDivided(by divisor: Int64) -> Int64 {
    let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
    return remainder < 0 ? quotient - 1 : quotient
  }

  /// The remainder of ``floorDivided(by:)``, never negative for a positive divisor.
  fileprivate func floorRemainder(by divisor: Int64) -> Int64 {
    self - floorDivided(by: divisor) * divisor
  }
}
