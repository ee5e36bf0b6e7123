// coprod — co-production toolkit. Apache-2.0.

import CoprodModel

// MARK: - People

/// A person to assign (to a table or a panel), with the features assignment may look at
/// (perspective, language, age band, area …). Ids are pseudonymous; assignment never sees
/// personal data.
public struct AssignablePerson: Sendable, Hashable {
  /// Pseudonymous id.
  public var id: String
  /// Feature → value.
  public var features: [String: String]

  /// Creates a person.
  public init(id: String, features: [String: String]) {
    self.id = id
    self.features = features
  }
}

// MARK: - Errors

/// Why a table plan or a panel cannot be made, in plain words (what cannot be met and what to
/// change). Nothing is drawn when this is thrown.
public struct AssignmentError: ReportableError, Hashable {
  /// The message.
  public var description: String

  /// Creates an error.
  public init(_ description: String) { self.description = description }
}

// MARK: - Seeded draws

extension SeededRandom {
  /// `items` in a seeded order (Fisher–Yates).
  mutating func shuffle<T>(_ items: inout [T]) {
    guard items.count > 1 else { return }
    for i in stride(from: items.count - 1, to: 0, by: -1) {
      items.swapAt(i, below(i + 1))
    }
  }
}
