// coprod — co-production toolkit. Apache-2.0.

import BigInt
import Foundation

// MARK: - Tie-breaking

/// How a tie that a rule cannot resolve by its own rules is broken.
public enum TieBreakMethod: String, Sendable, Codable, CaseIterable {
  /// A seeded lot: every tied candidate is equally likely; the same seed gives the same draw.
  case lot
  /// The candidate listed first in the input is chosen.
  case inputOrder = "input-order"
  /// The candidate listed last in the input is chosen.
  case reverseInputOrder = "reverse-input-order"
}

// MARK: - Numbers in tallies

/// A number shown in a tally: an integer, a float, or an exact decimal written as text
/// (e.g. STV values to 5 decimal places).
public enum TallyNumber: Sendable, Hashable, Codable {
  /// A whole number.
  case integer(Int64)
  /// A whole number beyond 64 bits (at most ``maxDigits`` digits), written in JSON as a number.
  case bigInteger(BigInt)
  /// A float, printed as the shortest decimal that round-trips.
  case number(Double)
  /// An exact decimal or other text, printed as given.
  case text(String)

  /// The value as a Double, for sorting and charts.
  public var doubleValue: Double {
    switch self {
    case .integer(let value): Double(value)
    case .bigInteger(let value): Double(value)
    case .number(let value): value
    case .text(let value): Double(value) ?? 0
    }
  }

  /// The value as written in reports.
  public var formatted: String {
    switch self {
    case .integer(let value): return String(value)
    case .bigInteger(let value): return String(value)
    case .number(let value):
      if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
      return String(value)
    case .text(let value): return value
    }
  }

  /// The most digits of a whole number in a tally: JSON carries it exactly up to here.
  public static let maxDigits = 38

  /// `value` as a tally number: `.integer` when it fits in 64 bits; nil beyond ``maxDigits``.
  public static func exact(_ value: BigInt) -> TallyNumber? {
    if let small = Int64(exactly: value) { return .integer(small) }
    guard value.magnitude.description.count <= maxDigits else { return nil }
    return .bigInteger(value)
  }

  /// Decodes an integer, a float or a string.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let integer = try? container.decode(Int64.self) {
      self = .integer(integer)
    } else if let decimal = try? container.decode(Decimal.self), decimal.exponent >= 0, decimal.isFinite,
      let big = BigInt(decimal.description), let exact = Self.exact(big)
    {
      self = exact
    } else if let number = try? container.decode(Double.self) {
      self = .number(number)
    } else {
      self = .text(try container.decode(String.self))
    }
  }

  /// Encodes as a JSON number or string.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .integer(let value): try container.encode(value)
    case .bigInteger(let value):
      // Decimal writes its digits exactly as a JSON number (up to 38 digits).
      if let decimal = Decimal(string: String(value)) { try container.encode(decimal) } else { try container.encode(String(value)) }
    case .number(let value): try container.encode(value)
    case .text(let value): try container.encode(value)
    }
  }
}

// MARK: - Record

/// Everything a voting rule decided, round by round, with its reasons: the input of every
/// rendering (text, JSON, Markdown).
public struct TallyRecord: Sendable, Hashable, Codable {
  /// Rounds in order; round numbers start at 1.
  public var rounds: [Round] = []
  /// Winners in order of election.
  public var winners: [String] = []
  /// Every tie the host broke for the rule.
  public var tieBreaks: [TieBreak] = []

  /// Creates an empty record.
  public init() {}

  /// One round (or stage) of a count.
  public struct Round: Sendable, Hashable, Codable {
    /// 1-based round number.
    public var number: Int
    /// Votes (or points, approvals…) per candidate id in this round.
    public var tally: [String: TallyNumber]
    /// Candidates elected in this round, in order.
    public var elected: [String]
    /// Candidates excluded in this round, in order.
    public var excluded: [String]
    /// Plain-words explanations, in order: the rule's notes and the reason for each election
    /// and exclusion.
    public var notes: [Note]

    /// Creates a round.
    public init(number: Int, tally: [String: TallyNumber] = [:], elected: [String] = [], excluded: [String] = [], notes: [Note] = []) {
      self.number = number
      self.tally = tally
      self.elected = elected
      self.excluded = excluded
      self.notes = notes
    }
  }

  /// One explanation in a round.
  public struct Note: Sendable, Hashable, Codable {
    /// The words.
    public var text: String
    /// The candidate elected or excluded, for the reason of a decision.
    public var candidate: String?
    /// `elected` or `excluded`, for the reason of a decision.
    public var action: String?

    /// Creates a note.
    public init(text: String, candidate: String? = nil, action: String? = nil) {
      self.text = text
      self.candidate = candidate
      self.action = action
    }
  }

  /// A tie broken by the host.
  public struct TieBreak: Sendable, Hashable, Codable {
    /// The round in which it happened (0 before any round).
    public var round: Int
    /// The tied candidates, in input order.
    public var among: [String]
    /// The candidate chosen.
    public var chosen: String
    /// The method used.
    public var method: TieBreakMethod
    /// What the choice was for, in the rule's words (e.g. "to exclude").
    public var reason: String

    /// Creates a record of a broken tie.
    public init(round: Int, among: [String], chosen: String, method: TieBreakMethod, reason: String) {
      self.round = round
      self.among = among
      self.chosen = chosen
      self.method = method
      self.reason = reason
    }
  }
}
