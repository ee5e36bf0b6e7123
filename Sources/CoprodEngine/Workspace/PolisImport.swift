// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodStore
import Foundation

// MARK: - Pol.is export files

/// A comment from `comments.csv`.
struct PolisComment: Sendable, Hashable {
  var id: Int
  var author: Int
  var agrees: Int?
  var disagrees: Int?
  /// −1 moderated out, 0 unmoderated, 1 accepted.
  var moderated: Int
  var body: String
  var timestamp: Int64?
}

/// A vote from `votes.csv` with the raw sign as written.
struct PolisVote: Sendable, Hashable {
  var comment: Int32
  var voter: Int32
  var raw: Int8
  var timestamp: Int64?
}

/// `coprod polis import`: brings a Pol.is conversation export into a workspace.
public enum PolisImport {
  /// The result: what was imported and how the vote sign was decided.
  public struct Outcome: Sendable, Hashable {
    /// The import summary.
    public var summary: ImportSummary
    /// The convention used for `votes.csv`.
    public var sign: PolisVoteSign
    /// The detection evidence (nil when `--agree-sign` was given).
    public var detection: PolisVoteSign.Detection?
  }

  /// Imports `comments.csv`, `votes.csv` and (if present) `participants-votes.csv` from
  /// `directory`. Pol.is participant `n` becomes participant `<prefix>n`; comment `n`
  /// becomes contribution `<prefix>c<n>` of kind comment. Comments moderated out are left out,
  /// with their votes.
  /// - Parameter sign: the vote convention, or nil to detect it.
  /// - Throws: ``ImportFailed`` for bad rows, or when the sign cannot be detected.
  public static func run(
    directory: String, prefix: String, sign forcedSign: PolisVoteSign?, workspace: Workspace, context: CommandContext,
    dryRun: Bool
  ) throws -> Outcome {
    let dir = URL(fileURLWithPath: directory)
    let commentsPath = dir.appendingPathComponent("comments.csv").path
    let votesPath = dir.appendingPathComponent("votes.csv").path
    let matrixPath = dir.appendingPathComponent("participants-votes.csv").path
    var problems: [ImportProblem] = []
    let comments = try readComments(commentsPath, problems: &problems)
    var votes = try readVotes(votesPath, problems: &problems)
    let matrix =
      FileManager.default.fileExists(atPath: matrixPath) ? try readMatrix(matrixPath, problems: &problems) : nil
    if !problems.isEmpty { throw ImportFailed(problems: problems) }
    // Votes in time order; the latest vote per voter and comment counts.
    votes = votes.enumerated().sorted { ($0.element.timestamp ?? 0, $0.offset) < ($1.element.timestamp ?? 0, $1.offset) }.map(\.element)

    var detection: PolisVoteSign.Detection?
    let sign: PolisVoteSign
    if let forcedSign {
      sign = forcedSign
    } else {
      var references: [[Int: PolisVoteSign.Tally]] = []
      if let matrix { references.append(matrix.tallies) }
      let fromComments = comments.compactMap { c in
        c.agrees.flatMap { a in c.disagrees.map { (c.id, PolisVoteSign.Tally(agree: a, disagree: $0)) } }
      }
      if !fromComments.isEmpty { references.append(Dictionary(fromComments, uniquingKeysWith: { a, _ in a })) }
      let found = PolisVoteSign.detect(raw: rawTallies(votes), references: references)
      detection = found
      guard let detected = found.sign else {
        throw ImportFailed(problems: [
          ImportProblem(
            file: votesPath, line: 1, field: "vote",
            problem: "cannot tell whether agree is +1 or -1 (no participants-votes.csv or comment counts to compare); pass --agree-sign positive or --agree-sign negative")
        ])
      }
      sign = detected
    }

    let kept = comments.filter { $0.moderated != -1 }
    let keptIDs = Set(kept.map(\.id))
    var participantNumbers = Set(kept.map(\.author))
    for vote in votes where keptIDs.contains(Int(vote.comment)) { participantNumbers.insert(Int(vote.voter)) }
    if let matrix { participantNumbers.formUnion(matrix.participants) }

    let summary = try workspace.store.write(context.info, dryRun: dryRun) { writer in
      var problems: [ImportProblem] = []
      for number in participantNumbers.sorted() {
        let id = "\(prefix)\(number)"
        if try writer.participantStatus(id) != nil {
          problems.append(ImportProblem(file: commentsPath, line: 1, field: "participant", problem: "'\(id)' is already in the workspace (imported before?)"))
          if problems.count >= 10 { break }
          continue
        }
        try writer.record(.participantAdded(Participant(id: id)))
      }
      if !problems.isEmpty { throw ImportFailed(problems: problems) }
      for comment in kept {
        let id = "\(prefix)c\(comment.id)"
        if try writer.contributionExists(id) {
          throw ImportFailed(problems: [
            ImportProblem(file: commentsPath, line: 1, field: "comment-id", problem: "'\(id)' is already in the workspace")
          ])
        }
        try writer.record(
          .contributionAdded(
            Contribution(
              id: id, kind: .comment, authorID: "\(prefix)\(comment.author)", text: comment.body,
              made: comment.timestamp.map { timestamp(milliseconds: $0).date })))
      }
      var skipped = 0
      for (index, vote) in votes.enumerated() {
        if let progress = context.progress, index % 4096 == 0 { progress(Double(index) / Double(votes.count)) }
        guard keptIDs.contains(Int(vote.comment)), let stance = sign.stance(of: Int(vote.raw)) else {
          skipped += 1
          continue
        }
        try writer.record(
          .voteCast(
            ContributionVote(
              contributionID: "\(prefix)c\(vote.comment)", voterID: "\(prefix)\(vote.voter)", stance: stance,
              cast: vote.timestamp.map { timestamp(milliseconds: $0) })))
      }
      var notes = [
        "\(participantNumbers.count) participants", "\(kept.count) comments (\(comments.count - kept.count) moderated out, left out)",
        "\(votes.count - skipped) votes (\(skipped) on comments left out)",
      ]
      notes.append("agree is \(sign == .agreeIsPositive ? "+1" : "-1") in votes.csv")
      return ImportSummary(rows: comments.count + votes.count, events: writer.recordedCount, dryRun: dryRun, notes: notes)
    }
    return Outcome(summary: summary, sign: sign, detection: detection)
  }

  // MARK: - Reading

  static func readComments(_ path: String, problems: inout [ImportProblem]) throws -> [PolisComment] {
    var table = try CSVTable(path: path)
    let columns = try requireColumns(["comment-id", "author-id", "comment-body"], in: table, problems: &problems)
    let header = table.header
    var comments: [PolisComment] = []
    var seen = Set<Int>()
    try table.forEachRow { line, row in
      let get = { (name: String) -> String? in header.firstIndex(of: name).flatMap { $0 < row.count ? row[$0] : nil } }
      guard columns, row.count == header.count else {
        if columns { problems.append(ImportProblem(file: path, line: line, field: "row", problem: "has \(row.count) fields; the header has \(header.count)")) }
        return
      }
      guard let id = Int(get("comment-id") ?? "") else {
        problems.append(ImportProblem(file: path, line: line, field: "comment-id", problem: "'\(get("comment-id") ?? "")' is not a number"))
        return
      }
      guard seen.insert(id).inserted else {
        problems.append(ImportProblem(file: path, line: line, field: "comment-id", problem: "\(id) appears twice"))
        return
      }
      guard let author = Int(get("author-id") ?? "") else {
        problems.append(ImportProblem(file: path, line: line, field: "author-id", problem: "'\(get("author-id") ?? "")' is not a number"))
        return
      }
      let body = (get("comment-body") ?? "").trimmed
      if body.isEmpty { problems.append(ImportProblem(file: path, line: line, field: "comment-body", problem: "empty")) }
      let time = milliseconds(get("timestamp"), file: path, line: line, problems: &problems)
      comments.append(
        PolisComment(
          id: id, author: author, agrees: get("agrees").flatMap { Int($0) }, disagrees: get("disagrees").flatMap { Int($0) },
          moderated: get("moderated").flatMap { Int($0) } ?? 0, body: body, timestamp: time))
    }
    return comments
  }

  static func readVotes(_ path: String, problems: inout [ImportProblem]) throws -> [PolisVote] {
    var table = try CSVTable(path: path)
    let columns = try requireColumns(["comment-id", "voter-id", "vote"], in: table, problems: &problems)
    guard columns else { return [] }
    let header = table.header
    let commentIndex = header.firstIndex(of: "comment-id") ?? 0
    let voterIndex = header.firstIndex(of: "voter-id") ?? 0
    let voteIndex = header.firstIndex(of: "vote") ?? 0
    let timeIndex = header.firstIndex(of: "timestamp")
    var votes: [PolisVote] = []
    try table.forEachRow { line, row in
      guard row.count == header.count else {
        problems.append(ImportProblem(file: path, line: line, field: "row", problem: "has \(row.count) fields; the header has \(header.count)"))
        return
      }
      guard let comment = Int32(row[commentIndex]) else {
        problems.append(ImportProblem(file: path, line: line, field: "comment-id", problem: "'\(row[commentIndex])' is not a number"))
        return
      }
      guard let voter = Int32(row[voterIndex]) else {
        problems.append(ImportProblem(file: path, line: line, field: "voter-id", problem: "'\(row[voterIndex])' is not a number"))
        return
      }
      guard let raw = Int8(row[voteIndex]), (-1...1).contains(raw) else {
        problems.append(ImportProblem(file: path, line: line, field: "vote", problem: "'\(row[voteIndex])' is not -1, 0 or 1"))
        return
      }
      let count = problems.count
      let time = milliseconds(timeIndex.map { row[$0] }, file: path, line: line, problems: &problems)
      guard problems.count == count else { return }
      votes.append(PolisVote(comment: comment, voter: voter, raw: raw, timestamp: time))
    }
    return votes
  }

  /// Pol.is times: milliseconds since 1970, up to the end of year 9999.
  static let millisecondRange: ClosedRange<Int64> = 0...253_402_300_799_999

  /// Reads a `timestamp` cell (nil when empty), reporting anything that is not a Pol.is time.
  static func milliseconds(_ text: String?, file: String, line: Int, problems: inout [ImportProblem]) -> Int64? {
    guard let text, !text.isEmpty else { return nil }
    guard let value = Int64(text), millisecondRange.contains(value) else {
      problems.append(
        ImportProblem(
          file: file, line: line, field: "timestamp",
          problem: "'\(text)' is not a time in milliseconds since 1970, like 1700000000000"))
      return nil
    }
    return value
  }

  /// The timestamp of a Pol.is time already checked by ``milliseconds(_:file:line:problems:)``.
  static func timestamp(milliseconds: Int64) -> Timestamp {
    guard let value = Timestamp(secondsSince1970: milliseconds / 1000) else {
      preconditionFailure("\(milliseconds) ms was not checked against millisecondRange")
    }
    return value
  }

  /// Per-comment column sums (+1 = agree) and participant numbers of `participants-votes.csv`.
  static func readMatrix(_ path: String, problems: inout [ImportProblem]) throws -> (tallies: [Int: PolisVoteSign.Tally], participants: Set<Int>) {
    var table = try CSVTable(path: path)
    guard try requireColumns(["participant"], in: table, problems: &problems) else { return ([:], []) }
    let header = table.header
    let participantIndex = header.firstIndex(of: "participant") ?? 0
    let commentColumns = header.enumerated().compactMap { index, name in Int(name).map { (index, $0) } }
    var tallies: [Int: PolisVoteSign.Tally] = [:]
    var participants = Set<Int>()
    try table.forEachRow { line, row in
      guard let participant = Int(row[participantIndex]) else {
        problems.append(ImportProblem(file: path, line: line, field: "participant", problem: "'\(row[participantIndex])' is not a number"))
        return
      }
      participants.insert(participant)
      for (index, comment) in commentColumns where index < row.count {
        switch row[index] {
        case "1": tallies[comment, default: .init(agree: 0, disagree: 0)].agree += 1
        case "-1": tallies[comment, default: .init(agree: 0, disagree: 0)].disagree += 1
        default: break
        }
      }
    }
    return (tallies, participants)
  }

  /// Per-comment counts of +1 and −1 among the latest vote of each voter (votes in time order).
  static func rawTallies(_ votes: [PolisVote]) -> [Int: PolisVoteSign.Tally] {
    var latest: [Int64: Int8] = [:]
    latest.reserveCapacity(votes.count)
    for vote in votes { latest[Int64(vote.comment) << 32 | Int64(UInt32(bitPattern: vote.voter))] = vote.raw }
    var tallies: [Int: PolisVoteSign.Tally] = [:]
    for (key, raw) in latest {
      let comment = Int(key >> 32)
      if raw == 1 { tallies[comment, default: .init(agree: 0, disagree: 0)].agree += 1 }
      if raw == -1 { tallies[comment, default: .init(agree: 0, disagree: 0)].disagree += 1 }
    }
    return tallies
  }

  private static func requireColumns(_ names: [String], in table: CSVTable, problems: inout [ImportProblem]) throws -> Bool {
    let missing = names.filter { !table.header.contains($0) }
    for name in missing {
      problems.append(ImportProblem(file: table.name, line: 1, field: name, problem: "missing column; is this a Pol.is export?"))
    }
    return missing.isEmpty
  }
}
