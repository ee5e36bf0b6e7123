// coprod — co-production toolkit. Apache-2.0.

import Foundation

/// SPDX license expressions: identifiers joined by AND / OR, with WITH exceptions and
/// parentheses. Identifiers are checked against the licenses plugins are likely to use;
/// `LicenseRef-…` names a custom license.
enum SPDX {
  static let identifiers: Set<String> = [
    "0BSD", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-2.0", "Artistic-2.0", "BSD-2-Clause",
    "BSD-3-Clause", "BSL-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "CDDL-1.0", "EPL-2.0",
    "EUPL-1.2", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "ISC",
    "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "MIT", "MIT-0",
    "MPL-2.0", "NCSA", "ODbL-1.0", "OGL-UK-3.0", "OFL-1.1", "PostgreSQL", "Unlicense", "Zlib",
  ]
  static let exceptions: Set<String> = ["Classpath-exception-2.0", "LLVM-exception", "GCC-exception-3.1"]

  /// Whether `text` is a valid SPDX expression over known identifiers.
  static func isValidExpression(_ text: String) -> Bool {
    let spaced = text.replacingOccurrences(of: "(", with: " ( ").replacingOccurrences(of: ")", with: " ) ")
    let tokens = spaced.split(separator: " ").map(String.init)
    var position = 0
    func term() -> Bool {
      guard position < tokens.count else { return false }
      if tokens[position] == "(" {
        position += 1
        guard expression(), position < tokens.count, tokens[position] == ")" else { return false }
        position += 1
        return true
      }
      var id = tokens[position]
      if id.hasSuffix("+") { id.removeLast() }
      guard identifiers.contains(id) || (id.hasPrefix("LicenseRef-") && id.count > 11) else { return false }
      position += 1
      if position < tokens.count, tokens[position] == "WITH" {
        position += 1
        guard position < tokens.count, exceptions.contains(tokens[position]) else { return false }
        position += 1
      }
      return true
    }
    func expression() -> Bool {
      guard term() else { return false }
      while position < tokens.count, tokens[position] == "AND" || tokens[position] == "OR" {
        position += 1
        guard term() else { return false }
      }
      return true
    }
    return expression() && position == tokens.count
  }
}
