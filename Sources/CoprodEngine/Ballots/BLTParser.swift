// coprod — co-production toolkit. Apache-2.0.

// MARK: - Parser

/// Reads BLT files (the format used for STV counts) into a ranked ``BallotProfile``.
///
/// Layout: a line `candidates seats`; an optional line of withdrawn candidates as negative
/// numbers (`-2 -5`); ballot lines `weight c1 c2 … 0` (candidates by 1-based position, `=`
/// joining equal preferences such as `2=3`); a line `0` ending the ballots; then one quoted
/// name per candidate and an optional quoted title. Withdrawn candidates are listed in
/// `withdrawn` and removed from every ballot (later preferences move up).
struct BLTParser {
  let file: String

  /// The most candidates a file may declare (rank levels are 16-bit).
  static let maxCandidates = 65_535

  func parse(_ bytes: [UInt8]) throws -> BallotProfile {
    let text = try BallotText.decode(bytes, file: file)
    let lines = text.split(omittingEmptySubsequences: false) { $0.isNewline }
    var number = 0
    // The next non-blank line and its 1-based number.
    func nextLine() -> (Substring, Int)? {
      while number < lines.count {
        let line = BallotText.trimmed(lines[number])
        number += 1
        if !line.isEmpty { return (line, number) }
      }
      return nil
    }
    guard let (first, firstLine) = nextLine() else {
      throw error(nil, "the file is empty; it holds no ballots")
    }
    let (candidateCount, seats) = try readSizes(first, firstLine)
    var withdrawn = [Bool](repeating: false, count: candidateCount)
    var builder = BallotProfileBuilder(kind: .ranked, candidates: [])
    var ballots = 0
    var entries: [Int32] = []
    var ranks: [UInt16] = []
    var ended = false
    var isFirstAfterSizes = true
    while let (line, lineNumber) = nextLine() {
      let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if isFirstAfterSizes, tokens.first?.hasPrefix("-") == true {
        try readWithdrawn(tokens, lineNumber, &withdrawn)
        isFirstAfterSizes = false
        continue
      }
      isFirstAfterSizes = false
      if tokens == ["0"] {
        ended = true
        break
      }
      let weight = try readBallot(tokens, lineNumber, withdrawn, &entries, &ranks)
      builder.addCanonical(entries: entries, ranks: ranks, points: [], count: weight)
      ballots += 1
    }
    guard ended else {
      throw error(nil, "the file ends before the `0` line that closes the ballots")
    }
    guard ballots > 0 else { throw error(nil, "the file holds no ballots") }
    let (names, title) = try readNames(lines, from: number, candidateCount: candidateCount)
    var profile = builder.profile
    profile.candidates = names.enumerated().map { Candidate(id: String($0.offset + 1), name: $0.element) }
    profile.withdrawn = withdrawn.indices.filter { withdrawn[$0] }
    profile.seats = seats
    if let title { profile.metadata = [BallotProfile.Metadata(key: "title", value: title)] }
    return profile
  }

  // MARK: - Lines

  private func readSizes(_ line: Substring, _ lineNumber: Int) throws -> (Int, Int) {
    let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard tokens.count == 2, let candidates = BallotText.wholeNumber(tokens[0]),
      let seats = BallotText.wholeNumber(tokens[1])
    else {
      throw error(lineNumber, "the first line must be `candidates seats`, like `5 2`")
    }
    guard candidates >= 1 && candidates <= Int64(Self.maxCandidates) else {
      throw error(lineNumber, "the number of candidates must be between 1 and \(Self.maxCandidates), found \(candidates)")
    }
    guard seats >= 1 && seats <= candidates else {
      throw error(lineNumber, "the number of seats must be between 1 and the number of candidates (\(candidates)), found \(seats)")
    }
    return (Int(candidates), Int(seats))
  }

  private func readWithdrawn(_ tokens: [Substring], _ lineNumber: Int, _ withdrawn: inout [Bool]) throws {
    for token in tokens {
      guard token.hasPrefix("-"), let number = BallotText.wholeNumber(token.dropFirst()) else {
        throw error(lineNumber, "the withdrawn line must hold only negative candidate numbers, like `-2 -5`, found \(BallotText.quoted(token))")
      }
      let index = try candidateIndex(number, token, lineNumber, withdrawn.count)
      guard !withdrawn[index] else {
        throw error(lineNumber, "candidate \(number) is withdrawn twice; list it once")
      }
      withdrawn[index] = true
    }
  }

  /// Reads `weight c1 c2 … 0` into canonical entries and rank levels; returns the weight.
  private func readBallot(
    _ tokens: [Substring], _ lineNumber: Int, _ withdrawn: [Bool], _ entries: inout [Int32],
    _ ranks: inout [UInt16]
  ) throws -> Int64 {
    guard let weightToken = tokens.first, let weight = BallotText.wholeNumber(weightToken), weight >= 1 else {
      throw error(
        lineNumber,
        "a ballot line must start with a whole-number weight of at least 1, like `1 2 3 0`, found \(BallotText.quoted(tokens.first ?? ""))")
    }
    guard tokens.count >= 2, tokens[tokens.count - 1] == "0" else {
      throw error(lineNumber, "the ballot must end with 0, like `1 2 3 0`")
    }
    entries.removeAll(keepingCapacity: true)
    ranks.removeAll(keepingCapacity: true)
    var seen = Set<Int>()
    var level: UInt16 = 0
    for token in tokens[1..<(tokens.count - 1)] {
      let start = entries.count
      for part in token.split(separator: "=", omittingEmptySubsequences: false) {
        guard let number = BallotText.wholeNumber(part) else {
          throw error(lineNumber, "expected a candidate number but found \(BallotText.quoted(part))")
        }
        guard number != 0 else {
          throw error(lineNumber, "0 must come last on a ballot line; it ends the ballot")
        }
        let index = try candidateIndex(number, part, lineNumber, withdrawn.count)
        guard seen.insert(index).inserted else {
          throw error(lineNumber, "candidate \(number) appears twice in this ballot; list each candidate once")
        }
        if !withdrawn[index] {
          entries.append(Int32(index))
          ranks.append(level)
        }
      }
      if entries.count > start {
        entries[start...].sort()
        level += 1
      }
    }
    return weight
  }

  private func candidateIndex(_ number: Int64, _ token: Substring, _ lineNumber: Int, _ count: Int) throws -> Int {
    guard number >= 1 && number <= Int64(count) else {
      throw error(lineNumber, "candidate \(token.drop { $0 == "-" }) is out of range; the file declares candidates 1 to \(count)")
    }
    return Int(number) - 1
  }

  // MARK: - Names

  /// Reads the quoted candidate names and the optional title after the ballots.
  private func readNames(_ lines: [Substring], from start: Int, candidateCount: Int) throws
    -> ([String], String?)
  {
    var strings: [String] = []
    for index in start..<lines.count {
      var rest = lines[index][...]
      while true {
        rest = rest.drop { $0 == " " || $0 == "\t" }
        guard let first = rest.first else { break }
        guard first == "\"" else {
          throw error(index + 1, "expected a quoted name like \"Alice\" but found \(BallotText.quoted(rest))")
        }
        let body = rest.dropFirst()
        guard let close = body.firstIndex(of: "\"") else {
          throw error(index + 1, "the name has no closing '\"'")
        }
        strings.append(String(body[..<close]))
        rest = body[body.index(after: close)...]
        guard strings.count <= candidateCount + 1 else {
          throw error(
            index + 1,
            "unexpected text after the title; a BLT file ends with \(candidateCount) candidate names and one title")
        }
      }
    }
    guard strings.count >= candidateCount else {
      throw error(
        nil, "expected \(candidateCount) quoted candidate names after the ballots, found \(strings.count)")
    }
    return (Array(strings.prefix(candidateCount)), strings.count > candidateCount ? strings[candidateCount] : nil)
  }

  private func error(_ line: Int?, _ problem: String) -> BallotFileError {
    BallotFileError(file: file, line: line, problem: problem)
  }
}
