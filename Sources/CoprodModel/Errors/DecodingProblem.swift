// coprod — co-production toolkit. Apache-2.0.

// MARK: - Decoding messages

/// Short, readable text for `DecodingError`s.
public enum DecodingProblem {
  /// One short line for `error`: the coding path and what was wrong, without Swift type noise.
  public static func describe(_ error: any Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    switch error {
    case .keyNotFound(let key, let context):
      return "\(path(context.codingPath + [key])): missing"
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
      let where_ = path(context.codingPath)
      return (where_.isEmpty ? "" : where_ + ": ") + context.debugDescription
    @unknown default:
      return "\(error)"
    }
  }

  /// A coding path written `a.b.0`.
  public static func path(_ keys: [any CodingKey]) -> String {
    keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
  }
}
