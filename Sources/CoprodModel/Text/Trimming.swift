// coprod — co-production toolkit. Apache-2.0.

extension StringProtocol {
  /// The text without leading and trailing whitespace or line breaks (Unicode `White_Space`).
  ///
  /// The one way coprod trims what people typed: CSV cells, manifest fields, command-line
  /// values. Text that starts and ends with visible ASCII (most cells of a large import) is
  /// returned without scanning it.
  public var trimmed: String {
    let text = Substring(self)
    if let first = text.utf8.first, let last = text.utf8.last,
      (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last)
    {
      return String(text)
    }
    let scalars = text.unicodeScalars
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(Substring(scalars[start...end]))
  }
}
