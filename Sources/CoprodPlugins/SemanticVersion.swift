// coprod — co-production toolkit. Apache-2.0.

import Foundation
import CoprodModel

// MARK: - Semantic versions

/// A SemVer 2.0 version: `MAJOR.MINOR.PATCH`, optional `-prerelease` and `+build`.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Incompatible changes.
  public var major: Int
  /// Compatible additions.
  public var minor: Int
  /// Compatible fixes.
  public var patch: Int
  /// Pre-release identifiers (e.g. `["beta", "2"]`); a pre-release sorts before its release.
  public var prerelease: [String]
  /// Build metadata (ignored in comparisons).
  public var build: String?

  /// Parses `1.2.3`, `1.2.3-beta.2`, `1.2.3+build.5`; nil if not SemVer.
  public init?(_ text: String) {
    var rest = Substring(text)
    if let plus = rest.firstIndex(of: "+") {
      let build = rest[rest.index(after: plus)...]
      guard !build.isEmpty, build.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(Self.isIdentifier) else { return nil }
      self.build = String(build)
      rest = rest[..<plus]
    } else {
      self.build = nil
    }
    if let dash = rest.firstIndex(of: "-") {
      let pre = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
      guard !pre.isEmpty, pre.allSatisfy(Self.isIdentifier) else { return nil }
      prerelease = pre.map(String.init)
      rest = rest[..<dash]
    } else {
      prerelease = []
    }
    let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3 else { return nil }
    var numbers: [Int] = []
    for part in parts {
      guard !part.isEmpty, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
        part == "0" || part.first != "0", let number = Int(part)
      else { return nil }
      numbers.append(number)
    }
    (major, minor, patch) = (numbers[0], numbers[1], numbers[2])
  }

  /// Creates `major.minor.patch`.
  public init(_ major: Int, _ minor: Int, _ patch: Int) {
    (self.major, self.minor, self.patch, prerelease, build) = (major, minor, patch, [], nil)
  }

  private static func isIdentifier(_ part: Substring) -> Bool {
    !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
  }

  /// The version as written.
  public var description: String {
    var text = "\(major).\(minor).\(patch)"
    if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
    if let build { text += "+" + build }
    return text
  }

  /// SemVer precedence.
  public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
    if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
      return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
    if lhs.prerelease.isEmpty || rhs.prerelease.isEmpty { return !lhs.prerelease.isEmpty && rhs.prerelease.isEmpty }
    for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
      switch (Int(left), Int(right)) {
      case let (l?, r?): return l < r
      case (.some, nil): return true
      case (nil, .some): return false
      default: return left < right
      }
    }
    return lhs.prerelease.count < rhs.prerelease.count
  }

  /// Equality ignores build metadata.
  public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
    (lhs.major, lhs.minor, lhs.patch) == (rhs.major, rhs.minor, rhs.patch) && lhs.prerelease == rhs.prerelease
  }

  /// Hashes what equality compares.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(major)
    hasher.combine(minor)
    hasher.combine(patch)
    hasher.combine(prerelease)
  }
}

// MARK: - Constraints

/// A version constraint: comparisons separated by commas or spaces (`>=1.2.0, <2.0.0`,
/// `>=1.2 <2`), a caret range (`^1.2`: same major) or a tilde range (`~1.2`: same major and
/// minor).
public struct VersionConstraint: Sendable, Equatable, CustomStringConvertible {
  private var bounds: [(op: String, version: SemanticVersion)]
  /// The constraint as written.
  public let description: String

  /// Parses a constraint; nil if malformed.
  public init?(_ text: String) {
    description = text
    bounds = []
    for part in Self.parts(of: text) {
      if part.hasPrefix("^") || part.hasPrefix("~") {
        guard let low = Self.loose(String(part.dropFirst())) else { return nil }
        let high = part.hasPrefix("^")
          ? SemanticVersion(low.major + 1, 0, 0) : SemanticVersion(low.major, low.minor + 1, 0)
        bounds += [(">=", low), ("<", high)]
        continue
      }
      let op = [">=", "<=", "==", ">", "<", "="].first { part.hasPrefix($0) } ?? "="
      let versionText = part.dropFirst(part.hasPrefix(op) ? op.count : 0).trimmed
      guard let version = Self.loose(versionText) else { return nil }
      bounds.append((op == "==" ? "=" : op, version))
    }
    if bounds.isEmpty { return nil }
  }

  /// The comparisons in `text`: split at commas and spaces, an operator standing alone
  /// joined to the version after it (`>= 1.2`).
  private static func parts(of text: String) -> [String] {
    var parts: [String] = []
    for word in text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) {
      if let last = parts.last, [">=", "<=", "==", ">", "<", "=", "^", "~"].contains(last) {
        parts[parts.count - 1] = last + word
      } else {
        parts.append(word)
      }
    }
    return parts
  }

  /// Accepts `1`, `1.2` or a full version.
  private static func loose(_ text: String) -> SemanticVersion? {
    let dots = text.filter { $0 == "." }.count
    return SemanticVersion(dots == 0 ? text + ".0.0" : dots == 1 ? text + ".0" : text)
  }

  /// Whether `version` satisfies every bound.
  public func accepts(_ version: SemanticVersion) -> Bool {
    bounds.allSatisfy { bound in
      switch bound.op {
      case ">=": version >= bound.version
      case "<=": version <= bound.version
      case ">": version > bound.version
      case "<": version < bound.version
      default: version == bound.version
      }
    }
  }

  /// Compares the written form.
  public static func == (lhs: VersionConstraint, rhs: VersionConstraint) -> Bool { lhs.description == rhs.description }
}
