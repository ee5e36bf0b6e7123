// coprod — co-production toolkit. Apache-2.0.

// MARK: - Parser

/// Reads CSV ballot files (one ballot per row) into a ``BallotProfile``.
///
/// See docs/ballot-formats.md: optional `# candidates:` and `# seats:` directive lines at the
/// top, an optional header row (recognised by a field named `ballot`), a ballot column holding
/// ranked `A>B=C`, approval `A;C` or score `A:5;B:3` ballots, an optional `count` or
/// `weight` column and an optional `reason` column (the voter's stated reason, kept with the
/// ballot; other columns are ignored). Rows are split by CSV.swift (RFC 4180: quotes, CRLF); a UTF-8 byte-order
/// mark is skipped.
struct CSVBallotParser {
  let file: String
  /// The kind the caller forces, or nil to detect it from the ballots.
  let kind: BallotKind?

  /// The most candidates a file may name (rank levels are 16-bit).
  static let maxCandidates = 65_535

  /// How a ballot is written.
  private enum Shape: Equatable {
    case ranked, approval, score, single, empty

    var example: String {
      switch self {
      case .ranked: "ranked (`A>B`)"
      case .approval: "approval (`A;C`)"
      case .score: "scores (`A:5;B:3`)"
      case .single: "a single name"
      case .empty: "empty"
      }
    }

    init(_ ballot: Substring) {
      if ballot.isEmpty {
        self = .empty
      } else if ballot.contains(":") {
        self = .score
      } else if ballot.contains(">") || ballot.contains("=") {
        self = .ranked
      } else if ballot.contains(";") {
        self = .approval
      } else {
        self = .single
      }
    }
  }

  private struct Row {
    var line: Int
    var ballot: Substring
    var count: Int64
    var reason: String?
    var shape: Shape
  }

  private struct Directives {
    var candidates: [String]?
    var seats: Int?
    var metadata: [BallotProfile.Metadata] = []
  }

  func parse(_ bytes: [UInt8]) throws -> BallotProfile {
    let text = try BallotText.decode(bytes, file: file)
    var body = Substring(text)
    var line = 1
    var directives = Directives()
    while body.hasPrefix("#") {
      // "\r\n" is a single Character, so look for any of the three line endings.
      let end = body.firstIndex { $0 == "\n" || $0 == "\r\n" || $0 == "\r" } ?? body.endIndex
      try readDirective(body[..<end].dropFirst(), line: line, into: &directives)
      body = end == body.endIndex ? body[end...] : body[body.index(after: end)...]
      line += 1
    }
    let rows = try readRows(String(body), firstLine: line)
    let kind = try fileKind(rows)
    var resolver = try CandidateResolver(file: file, fixed: directives.candidates)
    var builder = BallotProfileBuilder(kind: kind, candidates: [])
    var entries: [Int32] = []
    var ranks: [UInt16] = []
    var points: [Int64] = []
    for row in rows {
      entries.removeAll(keepingCapacity: true)
      ranks.removeAll(keepingCapacity: true)
      points.removeAll(keepingCapacity: true)
      switch kind {
      case .ranked:
        try readRanked(row, &resolver, &entries, &ranks)
      case .approval:
        try readApproval(row, &resolver, &entries)
      case .score, .cumulative:
        try readPoints(row, kind, &resolver, &entries, &points)
      }
      builder.addCanonical(entries: entries, ranks: ranks, points: points, count: row.count, reason: row.reason)
    }
    var profile = builder.profile
    profile.candidates = resolver.candidates.map { Candidate(id: $0) }
    profile.seats = directives.seats
    profile.metadata = directives.metadata
    return profile
  }

  // MARK: - Directives

  private func readDirective(_ text: Substring, line: Int, into directives: inout Directives) throws {
    guard let colon = text.firstIndex(of: ":") else {
      throw error(line, "a line starting with '#' must be a directive like `# candidates: A,B,C`")
    }
    let key = BallotText.trimmed(text[..<colon]).lowercased()
    let value = BallotText.trimmed(text[text.index(after: colon)...])
    if directives.metadata.contains(where: { $0.key == key }) {
      throw error(line, "the `# \(key):` directive appears twice; keep one")
    }
    switch key {
    case "candidates":
      var names: [String] = []
      for part in value.split(separator: ",", omittingEmptySubsequences: false) {
        let name = BallotText.trimmed(part)
        guard !name.isEmpty else {
          throw error(line, "empty candidate name in `# candidates:`; separate names with single commas")
        }
        if let problem = Self.nameProblem(name) { throw error(line, problem) }
        guard !names.contains(String(name)) else {
          throw error(line, "candidate \(BallotText.quoted(name)) is listed twice in `# candidates:`; list each candidate once")
        }
        names.append(String(name))
      }
      guard names.count <= Self.maxCandidates else {
        throw error(line, "too many candidates; at most \(Self.maxCandidates) are allowed")
      }
      directives.candidates = names
    case "seats":
      guard let seats = BallotText.wholeNumber(value), seats >= 1, seats <= Int64(Self.maxCandidates) else {
        throw error(line, "`# seats:` must be a whole number of at least 1, found \(BallotText.quoted(value))")
      }
      directives.seats = Int(seats)
    default:
      throw error(line, "unknown directive `# \(key):`; the directives are `# candidates:` and `# seats:`")
    }
    directives.metadata.append(BallotProfile.Metadata(key: key, value: String(value)))
  }

  // MARK: - Rows and columns

  private func readRows(_ body: String, firstLine: Int) throws -> [Row] {
    let all = try DelimitedRows.read(body, delimiter: ",", firstLine: firstLine, file: file)
      .filter { !$0.isBlank }
    guard let first = all.first else {
      throw error(nil, "the file holds no ballots; write one ballot per row, like `A>B>C`")
    }
    let names = first.fields.map { BallotText.trimmed(Substring($0)).lowercased() }
    var ballotColumn = 0
    var countColumn: Int?
    var reasonColumn: Int?
    var dataRows = all[...]
    let hasHeader = names.contains("ballot")
    if hasHeader {
      dataRows = all.dropFirst()
      guard names.filter({ $0 == "ballot" }).count == 1 else {
        throw error(first.line, "the header names the `ballot` column twice; keep one")
      }
      ballotColumn = names.firstIndex(of: "ballot") ?? 0
      let countColumns = names.indices.filter { names[$0] == "count" || names[$0] == "weight" }
      guard countColumns.count <= 1 else {
        throw error(first.line, "the header has more than one `count` or `weight` column; keep one")
      }
      countColumn = countColumns.first
      let reasonColumns = names.indices.filter { names[$0] == "reason" }
      guard reasonColumns.count <= 1 else {
        throw error(first.line, "the header names the `reason` column twice; keep one")
      }
      reasonColumn = reasonColumns.first
    } else {
      switch first.fields.count {
      case 1: countColumn = nil
      case 2: countColumn = 1
      default:
        throw error(
          first.line,
          "the row has \(first.fields.count) fields; add a header row naming the `ballot` column (and `count`), or quote ballots that contain commas")
      }
    }
    guard !dataRows.isEmpty else {
      throw error(nil, "the file holds no ballots; write one ballot per row after the header")
    }
    let width = first.fields.count
    var rows: [Row] = []
    rows.reserveCapacity(dataRows.count)
    for row in dataRows {
      guard row.fields.count == width else {
        let what = hasHeader ? "the header has" : "the first row has"
        throw error(
          row.line,
          "the row has \(row.fields.count) fields but \(what) \(width); quote fields that contain commas")
      }
      var count: Int64 = 1
      if let countColumn {
        let text = BallotText.trimmed(Substring(row.fields[countColumn]))
        guard let value = BallotText.wholeNumber(text), value >= 1 else {
          throw error(row.line, "the count must be a whole number of at least 1, found \(BallotText.quoted(text))")
        }
        count = value
      }
      let ballot = BallotText.trimmed(Substring(row.fields[ballotColumn]))
      let reason = reasonColumn.map { BallotText.trimmed(Substring(row.fields[$0])) }
        .flatMap { $0.isEmpty ? nil : String($0) }
      rows.append(Row(line: row.line, ballot: ballot, count: count, reason: reason, shape: Shape(ballot)))
    }
    return rows
  }

  /// The kind of every ballot in the file: the forced kind, or the first kind written.
  private func fileKind(_ rows: [Row]) throws -> BallotKind {
    var first: Row?
    for row in rows where row.shape != .single && row.shape != .empty {
      if let kind {
        let fits =
          switch row.shape {
          case .ranked: kind == .ranked
          case .approval: kind == .approval
          default: kind == .score || kind == .cumulative
          }
        guard fits else {
          throw error(
            row.line,
            "the ballot is written as \(row.shape.example) but the file is read as \(kind.rawValue) ballots; fix the ballot or the requested kind")
        }
      } else if let first {
        guard row.shape == first.shape else {
          throw error(
            row.line,
            "the ballot is written as \(row.shape.example) but line \(first.line) is \(first.shape.example); use one kind of ballot per file")
        }
      } else {
        first = row
      }
    }
    if let kind { return kind }
    switch first?.shape {
    case .approval: return .approval
    case .score: return .score
    default: return .ranked
    }
  }

  // MARK: - Ballots

  private func readRanked(
    _ row: Row, _ resolver: inout CandidateResolver, _ entries: inout [Int32], _ ranks: inout [UInt16]
  ) throws {
    guard !row.ballot.isEmpty else { return }
    for (level, group) in row.ballot.split(separator: ">", omittingEmptySubsequences: false).enumerated() {
      let start = entries.count
      for part in group.split(separator: "=", omittingEmptySubsequences: false) {
        let name = BallotText.trimmed(part)
        guard !name.isEmpty else {
          throw error(row.line, "empty candidate name; check for a doubled or trailing '>' or '='")
        }
        entries.append(try resolver.index(of: name, line: row.line, in: entries))
        ranks.append(UInt16(level))
      }
      entries[start...].sort()
    }
  }

  private func readApproval(_ row: Row, _ resolver: inout CandidateResolver, _ entries: inout [Int32])
    throws
  {
    guard !row.ballot.isEmpty else { return }
    for part in row.ballot.split(separator: ";", omittingEmptySubsequences: false) {
      let name = BallotText.trimmed(part)
      guard !name.isEmpty else {
        throw error(row.line, "empty candidate name; check for a doubled or trailing ';'")
      }
      entries.append(try resolver.index(of: name, line: row.line, in: entries))
    }
    entries.sort()
  }

  private func readPoints(
    _ row: Row, _ kind: BallotKind, _ resolver: inout CandidateResolver, _ entries: inout [Int32],
    _ points: inout [Int64]
  ) throws {
    guard !row.ballot.isEmpty else { return }
    var pairs: [(Int32, Int64)] = []
    for part in row.ballot.split(separator: ";", omittingEmptySubsequences: false) {
      let item = BallotText.trimmed(part)
      guard !item.isEmpty else {
        throw error(row.line, "empty entry; check for a doubled or trailing ';'")
      }
      guard let colon = item.firstIndex(of: ":") else {
        throw error(row.line, "\(BallotText.quoted(item)) has no points; write `name:points`, like `A:5`")
      }
      let name = BallotText.trimmed(item[..<colon])
      guard !name.isEmpty else {
        throw error(row.line, "empty candidate name before ':'; write `name:points`, like `A:5`")
      }
      let valueText = BallotText.trimmed(item[item.index(after: colon)...])
      guard let value = BallotText.signedNumber(valueText) else {
        throw error(
          row.line, "the points for \(BallotText.quoted(name)) must be a whole number, found \(BallotText.quoted(valueText))")
      }
      if kind == .cumulative && value < 0 {
        throw error(row.line, "the points for \(BallotText.quoted(name)) are negative; cumulative ballots give 0 or more points")
      }
      entries.append(try resolver.index(of: name, line: row.line, in: entries))
      pairs.append((entries[entries.count - 1], value))
    }
    pairs.sort { $0.0 < $1.0 }
    entries.removeAll(keepingCapacity: true)
    for (candidate, value) in pairs {
      entries.append(candidate)
      points.append(value)
    }
  }

  // MARK: - Names

  /// Why `name` cannot be a candidate name, or nil when it can.
  static func nameProblem(_ name: Substring) -> String? {
    if name.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
      return "a candidate name contains a line break; check for an unclosed '\"'"
    }
    for reserved in [">", "=", ";", ":", ","] where name.contains(reserved) {
      return "candidate name \(BallotText.quoted(name)) contains '\(reserved)', which is not allowed in names; check the ballot's punctuation"
    }
    return nil
  }

  private func error(_ line: Int?, _ problem: String) -> BallotFileError {
    BallotFileError(file: file, line: line, problem: problem)
  }
}

// MARK: - Candidate names

/// Maps CSV candidate names to indices: from the `# candidates:` list, or in order of first
/// appearance.
private struct CandidateResolver {
  let file: String
  let fixed: Bool
  private(set) var candidates: [String]
  private var indices: [Substring: Int32] = [:]

  init(file: String, fixed: [String]?) throws {
    self.file = file
    self.fixed = fixed != nil
    candidates = fixed ?? []
    for (index, name) in candidates.enumerated() { indices[Substring(name)] = Int32(index) }
  }

  /// The index of `name`, adding it if the list is not fixed; throws for unknown names,
  /// invalid names and names already in `ballot`.
  mutating func index(of name: Substring, line: Int, in ballot: [Int32]) throws -> Int32 {
    let index: Int32
    if let known = indices[name] {
      index = known
    } else {
      guard !fixed else {
        throw BallotFileError(
          file: file, line: line,
          problem: "unknown candidate \(BallotText.quoted(name)); add it to the `# candidates:` line or fix the spelling")
      }
      if let problem = CSVBallotParser.nameProblem(name) {
        throw BallotFileError(file: file, line: line, problem: problem)
      }
      guard candidates.count < CSVBallotParser.maxCandidates else {
        throw BallotFileError(
          file: file, line: line,
          problem: "too many candidates; at most \(CSVBallotParser.maxCandidates) are allowed")
      }
      index = Int32(candidates.count)
      candidates.append(String(name))
      indices[name] = index
    }
    guard !ballot.contains(index) else {
      throw BallotFileError(
        file: file, line: line,
        problem: "candidate \(BallotText.quoted(name)) appears twice in this ballot; list each candidate once")
    }
    return index
  }
}
