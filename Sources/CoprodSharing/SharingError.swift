// coprod — co-production toolkit. Apache-2.0.

import CoprodModel

/// A plugin that cannot be packed, signed, trusted, installed or locked: one plain line that
/// says what is wrong and what to do.
public struct SharingError: ReportableError, Equatable {
  /// What is wrong and what to do.
  public var description: String

  /// Creates an error with its message.
  public init(_ description: String) { self.description = description }
}
