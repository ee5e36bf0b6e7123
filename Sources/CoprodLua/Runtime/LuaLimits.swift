// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation

// MARK: - Limits

/// The budgets every plugin run gets: memory, VM instructions and wall-clock time.
///
/// Defaults suit every bundled plugin on national-scale inputs; a command may raise or lower
/// them (`--max-memory`, `--max-instructions`, `--timeout`) but never beyond
/// ``hostMaximum``.
public struct LuaLimits: Sendable, Equatable {
  /// Memory cap in bytes for everything the plugin allocates.
  public var memoryBytes: Int
  /// Maximum number of Lua VM instructions (counted in steps of 1,000).
  public var instructions: Int64
  /// Wall-clock seconds for the whole run.
  public var seconds: Double

  /// Creates limits.
  public init(memoryBytes: Int, instructions: Int64, seconds: Double) {
    self.memoryBytes = memoryBytes
    self.instructions = instructions
    self.seconds = seconds
  }

  /// 512 MiB, 2 billion instructions, 60 seconds.
  public static let `default` = LuaLimits(
    memoryBytes: 512 << 20, instructions: 2_000_000_000, seconds: 60)

  /// The most any command may grant: 8 GiB, 200 billion instructions, one hour.
  public static let hostMaximum = LuaLimits(
    memoryBytes: 8 << 30, instructions: 200_000_000_000, seconds: 3600)

  /// Returns these limits with each field that was given replaced, checked against
  /// ``hostMaximum``.
  ///
  /// - Parameters:
  ///   - memory: a size such as `256M`, `2G` or a byte count.
  ///   - instructions: a positive integer.
  ///   - timeout: seconds, e.g. `30` or `2.5`.
  /// - Throws: ``LimitSettingError`` naming the option and the allowed range.
  public func overriding(memory: String?, instructions: String?, timeout: String?) throws(LimitSettingError) -> LuaLimits {
    var result = self
    if let memory {
      guard let bytes = Self.parseSize(memory), bytes > 0 else {
        throw LimitSettingError(option: "--max-memory", value: memory, problem: "is not a size; use bytes or a number with K, M or G, e.g. 256M")
      }
      guard bytes <= Self.hostMaximum.memoryBytes else {
        throw LimitSettingError(option: "--max-memory", value: memory, problem: "is above the host maximum of 8G")
      }
      result.memoryBytes = bytes
    }
    if let instructions {
      guard let count = Int64(instructions), count > 0 else {
        throw LimitSettingError(option: "--max-instructions", value: instructions, problem: "is not a positive whole number")
      }
      guard count <= Self.hostMaximum.instructions else {
        throw LimitSettingError(option: "--max-instructions", value: instructions, problem: "is above the host maximum of 200000000000")
      }
      result.instructions = count
    }
    if let timeout {
      guard let seconds = Double(timeout), seconds > 0, seconds.isFinite else {
        throw LimitSettingError(option: "--timeout", value: timeout, problem: "is not a positive number of seconds")
      }
      guard seconds <= Self.hostMaximum.seconds else {
        throw LimitSettingError(option: "--timeout", value: timeout, problem: "is above the host maximum of 3600 seconds")
      }
      result.seconds = seconds
    }
    return result
  }

  /// Parses `512`, `64K`, `256M`, `2G` (binary units, case-insensitive, optional `iB`/`B`).
  static func parseSize(_ text: String) -> Int? {
    var digits = text.trimmed.uppercased()
    for suffix in ["IB", "B"] where digits.hasSuffix(suffix) && digits.count > suffix.count {
      digits.removeLast(suffix.count)
      break
    }
    let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
    var multiplier = 1
    if let last = digits.last, let unit = units[last] {
      multiplier = unit
      digits.removeLast()
    }
    guard let value = Int(digits), value <= Int.max / multiplier else { return nil }
    return value * multiplier
  }
}

/// A limit option on the command line that is malformed or above the host maximum.
public struct LimitSettingError: ReportableError, Equatable {
  /// The option, e.g. `--max-memory`.
  public var option: String
  /// The value given.
  public var value: String
  /// What is wrong, in words that say what to do.
  public var problem: String

  /// One line: option, value, problem.
  public var description: String { "\(option) \(value) \(problem)" }
}
