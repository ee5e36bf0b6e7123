// coprod — co-production toolkit. Apache-2.0.

// MARK: - Participant

/// A person taking part, known only by a pseudonymous id. Names, contact details and
/// equality-monitoring answers live apart in ``PersonalData``.
public struct Participant: Sendable, Hashable, Codable {
  /// The pseudonymous id (e.g. `P000012`); never a name, email or NHS number.
  public var id: String
  /// The perspectives the person brings, in the order given.
  public var perspectives: [Perspective]
  /// Access needs to plan for (free text, one need per entry).
  public var accessNeeds: [String]
  /// Preferred language as a BCP 47 tag (`en`, `cy`), if stated.
  public var language: String?

  /// Creates a participant.
  public init(id: String, perspectives: [Perspective] = [], accessNeeds: [String] = [], language: String? = nil) {
    self.id = id
    self.perspectives = perspectives
    self.accessNeeds = accessNeeds
    self.language = language
  }

  /// True when `text` can serve as a participant or contribution id: 1–64 ASCII letters,
  /// digits, `-`, `_` or `.`.
  public static func isValidID(_ text: String) -> Bool {
    !text.isEmpty && text.utf8.count <= 64
      && text.utf8.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
          || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
      }
  }

  /// True when `text` looks like a language tag (`en`, `cy`, `pa-Guru`).
  public static func isValidLanguage(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter })
    else { return false }
    return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
  }
}

/// A perspective someone brings to co-production.
public enum Perspective: String, Sendable, Hashable, Codable, CaseIterable {
  case resident
  case livedExperience = "lived-experience"
  case carer
  case staff
  case partner
  case other

  /// Reads a perspective written loosely: case, spaces and underscores are ignored
  /// (`Lived experience` → ``livedExperience``).
  public init?(loose text: String) {
    let normalised = text.trimmingSpaces().lowercased().map { $0 == " " || $0 == "_" ? "-" : $0 }
    self.init(rawValue: String(normalised))
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and newlines.
  package func trimmingSpaces() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}
