// coprod — co-production toolkit. Apache-2.0.

// MARK: - Recorded command lines

/// The command line kept in a ``CommandRecord``: which command ran and with which options,
/// but never what people said.
///
/// The words people say are data. They are kept once, in the events a command records, where
/// erasure can find and remove them; a command record is never rewritten. So the recorded line
/// keeps the command's words and option names, and the value of an option only when the option
/// names or picks something (an id, a kind, a date, a file: ``keptOptions``). Every other
/// option value, and every other argument with a space in it, is recorded as ``placeholder``.
/// The rule is default-deny: an option this list does not know is masked.
public enum RecordedCommandLine {
  /// What a masked value is recorded as.
  public static let placeholder = "…"

  /// Options whose value names or picks something (ids, kinds, dates, numbers, files) and is
  /// kept in the record.
  public static let keptOptions: Set<String> = [
    "--workspace", "--kind", "--author", "--id", "--session", "--anonymity", "--from", "--date", "--purpose",
    "--ladder", "--spectrum", "--opens", "--closes", "--outcome", "--status", "--due", "--decision", "--tally",
    "--file", "--map", "--prefix", "--agree-sign", "--out", "--participant", "--command", "--since", "--until",
    "--limit", "--last", "--by", "--rule", "--seats", "--budget", "--format", "--tie-break", "--seed",
    "--input-format", "--grant", "--data", "--plugins-dir", "--max-memory", "--max-instructions", "--timeout",
  ]

  /// Options that take no value (so the argument after them is not theirs to mask).
  public static let flags: Set<String> = [
    "--quote", "--publish", "--special-category", "--dry-run", "--json", "--include-personal-data", "--overdue",
    "--head", "--help", "-h", "--version",
  ]

  /// The line to record for `arguments` (the words after `coprod`): free text masked, each
  /// argument quoted for a shell when it needs it.
  public static func record(_ arguments: [String]) -> String {
    masked(arguments).map(quoted).joined(separator: " ")
  }

  /// `line` as ``record(_:)`` would have written it: a line recorded in full by an older
  /// coprod, split back into its arguments and masked. Lines already masked come back unchanged.
  public static func remasked(_ line: String) -> String {
    record(split(line))
  }

  /// `arguments` with every free-text value replaced by ``placeholder``.
  public static func masked(_ arguments: [String]) -> [String] {
    var out: [String] = []
    var index = 0
    var positionalOnly = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if positionalOnly || !argument.hasPrefix("-") || argument == "-" {
        out.append(argument.contains(where: \.isWhitespace) ? placeholder : argument)
        continue
      }
      if argument == "--" {
        positionalOnly = true
        out.append(argument)
        continue
      }
      if let equals = argument.firstIndex(of: "=") {
        let name = String(argument[..<equals])
        out.append(keptOptions.contains(name) ? argument : name + "=" + placeholder)
        continue
      }
      out.append(argument)
      if flags.contains(argument) { continue }
      // An option's value: the next argument, unless that is another option.
      if index < arguments.count, !arguments[index].hasPrefix("-") || arguments[index] == "-" {
        out.append(keptOptions.contains(argument) ? arguments[index] : placeholder)
        index += 1
      }
    }
    return out
  }

  /// An argument as a POSIX shell would read it back: single-quoted when it is empty or holds
  /// a space or a quote.
  public static func quoted(_ argument: String) -> String {
    guard argument.isEmpty || argument.contains(where: { $0 == " " || $0 == "'" || $0 == "\"" }) else { return argument }
    var out = "'"
    for character in argument { out += character == "'" ? "'\\''" : String(character) }
    return out + "'"
  }

  /// Splits a line written by ``quoted(_:)`` back into its arguments: the exact inverse, so
  /// `split(args.map(quoted).joined(separator: " ")) == args`. Never fails: an unfinished
  /// quote runs to the end of the line.
  public static func split(_ line: String) -> [String] {
    var arguments: [String] = []
    var current = ""
    var inArgument = false
    var inQuote = false
    var characters = line.makeIterator()
    var pending: Character? = nil
    while let character = pending ?? characters.next() {
      pending = nil
      if inQuote {
        if character == "'" { inQuote = false } else { current.append(character) }
      } else if character == " " {
        if inArgument { arguments.append(current) }
        current = ""
        inArgument = false
      } else if character == "'" {
        inQuote = true
        inArgument = true
      } else if character == "\\" {
        // quoted(_:) writes a quote inside quotes as '\'': a backslash escapes only a quote.
        inArgument = true
        let next = characters.next()
        if next == "'" { current.append("'") } else { current.append(character); pending = next }
      } else {
        current.append(character)
        inArgument = true
      }
    }
    if inArgument { arguments.append(current) }
    return arguments
  }
}
