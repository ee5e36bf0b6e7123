// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodModel

/// A command word that names no subcommand, e.g. `coprod plugins tset`: one line that says
/// which command was meant when one is close, else lists the commands. Exit status 64, as
/// for other usage errors.
struct UnknownCommandError: ReportableError {
  var description: String
  var exitStatus: Int32 { 64 }

  /// The error for `arguments` (without the program name), or nil when every command word
  /// names a subcommand (or the words end before one is needed).
  static func check(_ arguments: [String], root: any ParsableCommand.Type) -> UnknownCommandError? {
    var command = root
    var path = [root._commandName]
    for word in arguments {
      let subcommands = command.configuration.subcommands
      guard !word.hasPrefix("-"), !subcommands.isEmpty, command.configuration.defaultSubcommand == nil else { return nil }
      if let next = subcommands.first(where: { $0._commandName == word }) {
        command = next
        path.append(word)
        continue
      }
      if word == "help" { return nil }
      let names = subcommands.map { $0._commandName }
      let parent = path.joined(separator: " ")
      let close = names.filter { distance($0, word) <= 2 || (word.count >= 3 && $0.hasPrefix(word)) }
      let hint = close.isEmpty
        ? "the commands are: \(names.joined(separator: ", "))"
        : "did you mean \(close.map { "'\(parent) \($0)'" }.joined(separator: " or "))?"
      return UnknownCommandError(description: "'\(word)' is not a command of \(parent); \(hint) (see \(parent) --help)")
    }
    return nil
  }

  /// Levenshtein distance.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
      var previous = row[0]
      row[0] = i
      for j in stride(from: 1, through: b.count, by: 1) {
        let current = row[j]
        row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
        previous = current
      }
    }
    return a.isEmpty ? b.count : row[b.count]
  }
}
