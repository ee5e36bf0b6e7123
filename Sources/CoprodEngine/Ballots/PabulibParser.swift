// coprod — co-production toolkit. Apache-2.0.

// MARK: - Result

/// A Pabulib participatory-budgeting file: the ballots plus what the city decided.
public struct PabulibFile: Sendable, Equatable {
  /// The ballots; candidates are the projects (id = `project_id`, with `name` and `cost`),
  /// `budget` comes from META and every META entry is kept as metadata.
  public var profile: BallotProfile
  /// The META `vote_type` as written (`approval`, `choose-1`, `ordinal`, `cumulative`,
  /// `scoring`).
  public var voteType: String
  /// The META `rule` the city used (such as `greedy` or `equalshares/add1`), if given.
  public var rule: String?
  /// The `project_id`s whose `selected` value is not `0`, in PROJECTS order; nil when the
  /// file has no `selected` column.
  public var selected: [String]?
}

// MARK: - Parser

/// Reads Pabulib `.pb` files: `META`, `PROJECTS` and `VOTES` sections of `;`-separated rows
/// (split by CSV.swift, so quoted fields may hold `;`), each section starting with a header
/// row naming its columns.
struct PabulibParser {
  let file: String

  private enum Section: String {
    case meta = "META", projects = "PROJECTS", votes = "VOTES"
  }

  private struct Columns {
    var names: [String]
    var line: Int

    func index(_ name: String) -> Int? { names.firstIndex(of: name) }
  }

  private struct State {
    var section: Section?
    var columns: Columns?
    var metadata: [BallotProfile.Metadata] = []
    var metaLines: [String: Int] = [:]
    var projects: [Candidate] = []
    /// Decimal places of each project's cost as written (costs are stored in those units).
    var costDecimals: [Int] = []
    var projectIndex: [String: Int32] = [:]
    var selected: [String] = []
    var hasSelected = false
    var kind: BallotKind?
    var voters: Set<String> = []
    var votes: Int64 = 0
  }

  func parse(_ bytes: [UInt8]) throws -> PabulibFile {
    let text = try BallotText.decode(bytes, file: file)
    let rows = try DelimitedRows.read(text, delimiter: ";", firstLine: 1, file: file)
    var state = State()
    var builder = BallotProfileBuilder(kind: .approval, candidates: [])
    var votesStarted = false
    var scratch = Scratch()
    for row in rows where !row.isBlank {
      let first = BallotText.trimmed(Substring(row.fields[0]))
      if row.fields.count == 1, let next = Section(rawValue: first.uppercased()) {
        try enter(next, row, &state)
        continue
      }
      guard let section = state.section else {
        throw error(row.line, "expected the `META` section line first")
      }
      guard let columns = state.columns else {
        state.columns = try readColumns(row, section)
        if section == .votes {
          builder = try startVotes(&state)
          votesStarted = true
        }
        continue
      }
      guard row.fields.count == columns.names.count else {
        throw error(
          row.line,
          "the row has \(row.fields.count) fields but the \(section.rawValue) header on line \(columns.line) has \(columns.names.count); quote fields that contain ';'")
      }
      switch section {
      case .meta: try readMeta(row, &state)
      case .projects: try readProject(row, columns, &state)
      case .votes: try readVote(row, columns, &state, &builder, &scratch)
      }
    }
    guard votesStarted else {
      throw error(nil, "the file has no `VOTES` section; a Pabulib file has META, PROJECTS and VOTES sections")
    }
    guard state.votes > 0 else { throw error(nil, "the file holds no votes") }
    try checkTotals(state)
    var profile = builder.profile
    profile.metadata = state.metadata
    try setMoney(&profile, state)
    return PabulibFile(
      profile: profile,
      voteType: state.metadata.first { $0.key == "vote_type" }?.value ?? "",
      rule: state.metadata.first { $0.key == "rule" }?.value,
      selected: state.hasSelected ? state.selected : nil)
  }

  // MARK: - Sections

  private func enter(_ next: Section, _ row: DelimitedRow, _ state: inout State) throws {
    let expected: Section? =
      switch state.section {
      case nil: .meta
      case .meta: .projects
      case .projects: .votes
      case .votes: nil
      }
    guard next == expected else {
      throw error(
        row.line,
        "unexpected `\(next.rawValue)` section; the sections must be META, PROJECTS and VOTES, in that order, each once")
    }
    state.section = next
    state.columns = nil
  }

  private func readColumns(_ row: DelimitedRow, _ section: Section) throws -> Columns {
    let names = row.fields.map { String(BallotText.trimmed(Substring($0))) }
    for (index, name) in names.enumerated() where names[..<index].contains(name) {
      throw error(row.line, "the \(section.rawValue) header names the column `\(name)` twice; keep one")
    }
    let required: [String] =
      switch section {
      case .meta: ["key", "value"]
      case .projects: ["project_id", "cost"]
      case .votes: ["vote"]
      }
    for name in required where !names.contains(name) {
      throw error(
        row.line,
        "the \(section.rawValue) header has no `\(name)` column; it must name the columns \(required.map { "`\($0)`" }.joined(separator: " and "))")
    }
    return Columns(names: names, line: row.line)
  }

  // MARK: - META and PROJECTS

  private func readMeta(_ row: DelimitedRow, _ state: inout State) throws {
    guard let columns = state.columns, let keyColumn = columns.index("key"),
      let valueColumn = columns.index("value")
    else { return }
    let key = String(BallotText.trimmed(Substring(row.fields[keyColumn])))
    let value = String(BallotText.trimmed(Substring(row.fields[valueColumn])))
    guard state.metaLines[key] == nil else {
      throw error(row.line, "META key `\(key)` appears twice; keep one")
    }
    state.metaLines[key] = row.line
    state.metadata.append(BallotProfile.Metadata(key: key, value: value))
    if key == "vote_type" {
      switch value {
      case "approval", "choose-1": state.kind = .approval
      case "ordinal": state.kind = .ranked
      case "cumulative": state.kind = .cumulative
      case "scoring": state.kind = .score
      default:
        throw error(
          row.line,
          "unknown vote_type \(BallotText.quoted(Substring(value))); expected approval, choose-1, ordinal, cumulative or scoring")
      }
    }
  }

  private func readProject(_ row: DelimitedRow, _ columns: Columns, _ state: inout State) throws {
    let field = { (name: String) -> Substring? in
      columns.index(name).map { BallotText.trimmed(Substring(row.fields[$0])) }
    }
    let id = field("project_id") ?? ""
    guard !id.isEmpty else { throw error(row.line, "the project_id is empty") }
    guard state.projectIndex[String(id)] == nil else {
      throw error(row.line, "project \(BallotText.quoted(id)) is listed twice; give each project its own project_id")
    }
    let costText = field("cost") ?? ""
    guard let cost = MoneyAmount(parsing: costText) else {
      throw error(
        row.line,
        "the cost of project \(BallotText.quoted(id)) must be an amount such as 1500 or 1500.50 (at most \(MoneyAmount.maxDecimals) decimals), found \(BallotText.quoted(costText))")
    }
    guard state.projects.count < CSVBallotParser.maxCandidates else {
      throw error(row.line, "too many projects; at most \(CSVBallotParser.maxCandidates) are allowed")
    }
    let name = field("name").flatMap { $0.isEmpty ? nil : String($0) }
    state.projectIndex[String(id)] = Int32(state.projects.count)
    state.projects.append(Candidate(id: String(id), name: name, cost: cost.units))
    state.costDecimals.append(cost.decimals)
    if let selected = field("selected") {
      state.hasSelected = true
      if !selected.isEmpty && selected != "0" { state.selected.append(String(id)) }
    }
  }

  // MARK: - VOTES

  private struct Scratch {
    var entries: [Int32] = []
    var ranks: [UInt16] = []
    var points: [Int64] = []
    var pairs: [(Int32, Int64)] = []
  }

  private func startVotes(_ state: inout State) throws -> BallotProfileBuilder {
    guard let kind = state.kind else {
      throw error(nil, "META has no `vote_type`; add a line like `vote_type;approval`")
    }
    if state.projects.isEmpty {
      throw error(nil, "the PROJECTS section lists no projects")
    }
    if (kind == .cumulative || kind == .score), state.columns?.index("points") == nil {
      throw error(
        state.columns?.line,
        "the VOTES header has no `points` column, which \(kind == .score ? "scoring" : "cumulative") votes need")
    }
    return BallotProfileBuilder(kind: kind, candidates: state.projects)
  }

  private func readVote(
    _ row: DelimitedRow, _ columns: Columns, _ state: inout State,
    _ builder: inout BallotProfileBuilder, _ scratch: inout Scratch
  ) throws {
    if let voterColumn = columns.index("voter_id") {
      let voter = String(BallotText.trimmed(Substring(row.fields[voterColumn])))
      guard state.voters.insert(voter).inserted else {
        throw error(row.line, "voter_id \(BallotText.quoted(Substring(voter))) appears twice; each voter votes once")
      }
    }
    scratch.entries.removeAll(keepingCapacity: true)
    scratch.ranks.removeAll(keepingCapacity: true)
    scratch.points.removeAll(keepingCapacity: true)
    let vote = BallotText.trimmed(Substring(row.fields[columns.index("vote") ?? 0]))
    let ids = vote.isEmpty ? [] : vote.split(separator: ",", omittingEmptySubsequences: false)
    for (position, part) in ids.enumerated() {
      let id = BallotText.trimmed(part)
      guard let index = state.projectIndex[String(id)] else {
        if id.isEmpty { throw error(row.line, "empty project id in the vote; check for doubled or trailing ','") }
        throw error(row.line, "unknown project \(BallotText.quoted(id)); it is not listed in PROJECTS")
      }
      guard !scratch.entries.contains(index) else {
        throw error(row.line, "project \(BallotText.quoted(id)) appears twice in this vote; list each project once")
      }
      scratch.entries.append(index)
      if builder.profile.kind == .ranked { scratch.ranks.append(UInt16(position)) }
    }
    switch builder.profile.kind {
    case .approval:
      scratch.entries.sort()
    case .score, .cumulative:
      try readPoints(row, columns, builder.profile.kind, &scratch)
    case .ranked:
      break
    }
    state.votes += 1
    builder.addCanonical(entries: scratch.entries, ranks: scratch.ranks, points: scratch.points, count: 1)
  }

  private func readPoints(_ row: DelimitedRow, _ columns: Columns, _ kind: BallotKind, _ scratch: inout Scratch)
    throws
  {
    let text = BallotText.trimmed(Substring(row.fields[columns.index("points") ?? 0]))
    let values = text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false)
    guard values.count == scratch.entries.count else {
      throw error(
        row.line,
        "the vote lists \(scratch.entries.count) projects but `points` lists \(values.count) values; give one value per project")
    }
    scratch.pairs.removeAll(keepingCapacity: true)
    for (index, valueText) in zip(scratch.entries, values) {
      let trimmed = BallotText.trimmed(valueText)
      guard let value = Self.money(trimmed) else {
        throw error(row.line, "points must be whole numbers, found \(BallotText.quoted(trimmed))")
      }
      if kind == .cumulative && value < 0 {
        throw error(row.line, "points are negative; cumulative votes give 0 or more points")
      }
      scratch.pairs.append((index, value))
    }
    scratch.pairs.sort { $0.0 < $1.0 }
    scratch.entries.removeAll(keepingCapacity: true)
    for (index, value) in scratch.pairs {
      scratch.entries.append(index)
      scratch.points.append(value)
    }
  }

  // MARK: - Totals

  private func checkTotals(_ state: State) throws {
    if let projects = try metaNumber("num_projects", state), projects != Int64(state.projects.count) {
      throw error(
        state.metaLines["num_projects"],
        "META says num_projects;\(projects) but PROJECTS lists \(state.projects.count); fix num_projects or the project list")
    }
    if let votes = try metaNumber("num_votes", state), votes != state.votes {
      throw error(
        state.metaLines["num_votes"],
        "META says num_votes;\(votes) but VOTES has \(state.votes) votes; fix num_votes or the votes")
    }
  }

  /// Sets the budget and brings every cost and the budget to the most decimal places any of
  /// them is written with, so that all money is exact whole units of one size.
  private func setMoney(_ profile: inout BallotProfile, _ state: State) throws {
    var budget: MoneyAmount?
    if let text = state.metadata.first(where: { $0.key == "budget" })?.value {
      guard let amount = MoneyAmount(parsing: text) else {
        throw error(
          state.metaLines["budget"],
          "META budget must be an amount such as 100000 or 100000.50 (at most \(MoneyAmount.maxDecimals) decimals), found \(BallotText.quoted(Substring(text)))")
      }
      budget = amount
    }
    let places = max(budget?.decimals ?? 0, state.costDecimals.max() ?? 0)
    for index in profile.candidates.indices {
      let written = MoneyAmount(units: profile.candidates[index].cost ?? 0, decimals: state.costDecimals[index])
      guard let cost = written.units(at: places) else {
        throw error(nil, "the cost of project \(BallotText.quoted(Substring(profile.candidates[index].id))) is too large")
      }
      profile.candidates[index].cost = cost
    }
    if let budget {
      guard let units = budget.units(at: places) else { throw error(state.metaLines["budget"], "META budget is too large") }
      profile.budget = units
    }
    profile.moneyDecimals = places
  }

  private func metaNumber(_ key: String, _ state: State) throws -> Int64? {
    guard let text = state.metadata.first(where: { $0.key == key })?.value else { return nil }
    guard let value = Self.money(Substring(text)), value >= 0 else {
      throw error(state.metaLines[key], "META \(key) must be a whole number, found \(BallotText.quoted(Substring(text)))")
    }
    return value
  }

  /// A whole number, optionally signed, allowing a zero fraction such as `1000.0`.
  private static func money(_ text: Substring) -> Int64? {
    if let dot = text.firstIndex(of: "."), !text[text.index(after: dot)...].isEmpty,
      text[text.index(after: dot)...].allSatisfy({ $0 == "0" })
    {
      return BallotText.signedNumber(text[..<dot])
    }
    return BallotText.signedNumber(text)
  }

  private func error(_ line: Int?, _ problem: String) -> BallotFileError {
    BallotFileError(file: file, line: line, problem: problem)
  }
}
