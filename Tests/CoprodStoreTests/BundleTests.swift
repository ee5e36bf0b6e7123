// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodStore
import Crypto
import Foundation
import Testing

@Suite struct BundleTests {
  func history(_ dir: TemporaryDirectory) throws -> Workspace {
    let ws = try makeWorkspace(in: dir, name: "source")
    _ = try ParticipantImport.run(
      path: try dir.write("p.csv", sampleParticipants), mappings: [], workspace: ws, context: testContext(), dryRun: false)
    _ = try ContributionImport.run(
      path: try dir.write("s.csv", sampleStories), mappings: [], defaultKind: nil, workspace: ws, context: testContext(),
      dryRun: false)
    try WorkspaceOperations.recordConsent(
      Consent(participantID: "p001", purpose: .participation, mayQuote: true, given: CalendarDate("2026-03-01")!),
      workspace: ws, context: testContext())
    try WorkspaceOperations.erase(participantID: "p003", workspace: ws, context: testContext())
    return ws
  }

  @Test(arguments: [false, true])
  func exportImportExportIsByteForByte(includePersonalData: Bool) throws {
    let dir = try TemporaryDirectory()
    let source = try history(dir)
    let restored = try roundTripped(source, includePersonalData: includePersonalData, in: dir)
    #expect(restored.manifest == source.manifest)
    let hasPersonalData = try restored.store.personalData(for: "p001") != nil
    #expect(hasPersonalData == includePersonalData)
  }

  @Test func exportsLeaveOutWithdrawnPeopleAndPersonalData() throws {
    let dir = try TemporaryDirectory()
    let source = try history(dir)
    _ = try WorkspaceOperations.withdrawConsent(
      participantID: "p004", purpose: .participation, date: CalendarDate("2026-03-02")!, workspace: source,
      context: testContext())
    let file = dir.url.appendingPathComponent("b.jsonl")
    let result = try WorkspaceBundle.export(source, includePersonalData: false, to: file)
    #expect(result.leftOut == 8)  // 7 personal-data events + p004's story
    let text = try String(contentsOf: file, encoding: .utf8)
    #expect(!text.contains("tiny") && !text.contains("Amira"))
    #expect(text.contains("consent.withdrawn"))
  }

  /// `file` with its body lines passed through `edit` and the manifest hash recomputed, as a
  /// careful forger would.
  func reSealed(_ file: URL, _ edit: ([Substring]) throws -> [Substring]) throws {
    let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    let body = try edit(Array(lines.dropFirst())).joined(separator: "\n")
    let digest = SHA256.hash(data: Data(body.utf8)).map { String(format: "%02x", $0) }.joined()
    let manifest = lines[0].replacingOccurrences(
      of: #""sha256":"[0-9a-f]{64}""#, with: "\"sha256\":\"\(digest)\"", options: .regularExpression)
    try Data((manifest + "\n" + body).utf8).write(to: file)
  }

  @Test func aResealedBundleWhoseEventsContradictEachOtherIsRefused() throws {
    let dir = try TemporaryDirectory()
    let file = dir.url.appendingPathComponent("b.jsonl")
    _ = try WorkspaceBundle.export(try history(dir), includePersonalData: false, to: file)
    let firstEvent = { (lines: [Substring]) in try #require(lines.firstIndex { $0.contains(#""type":"event""#) }) }
    let cases: [(edit: ([Substring]) throws -> [Substring], problem: String)] = [
      ({ lines in
        var lines = lines
        lines.insert(lines[try firstEvent(lines)], at: try firstEvent(lines) + 1)
        return lines
      }, "event 1 comes after event 1; events must be in order, each once"),
      ({ lines in
        var lines = lines
        let again = lines[try firstEvent(lines)].replacingOccurrences(of: #""seq":1,"#, with: #""seq":9999,"#)
        lines.insert(Substring(again), at: lines.count - 1)
        return lines
      }, "event 9999 (participant.added): its hash does not follow from the events before it (an event was edited, removed, inserted or reordered); the bundle was edited or damaged"),
    ]
    for (index, example) in cases.enumerated() {
      let copy = dir.url.appendingPathComponent("edited-\(index).jsonl")
      try FileManager.default.copyItem(at: file, to: copy)
      try reSealed(copy, example.edit)
      let target = try makeWorkspace(in: dir, name: "target-\(index)")
      do {
        _ = try WorkspaceBundle.import(from: copy.path, into: target)
        Issue.record("expected BundleProblem")
      } catch let error as BundleProblem {
        #expect(error.problem == example.problem)
      }
      #expect(try target.store.eventCount() == 0)
    }
  }

  @Test func aBundleMadeBeforeTheChainIsImportedChainedAndMasked() throws {
    let dir = try TemporaryDirectory()
    let file = dir.url.appendingPathComponent("b.jsonl")
    _ = try WorkspaceBundle.export(try history(dir), includePersonalData: true, to: file)
    // Write it as format 1 did: no salts, commitments, hashes or state hash, and a command line
    // recorded in full.
    let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    let body = lines.dropFirst().map { line in
      line.replacingOccurrences(of: #""(salt|commitment|hash)":"[0-9a-f]*","#, with: "", options: .regularExpression)
        .replacingOccurrences(of: #","(salt)":"[0-9a-f]*""#, with: "", options: .regularExpression)
        .replacingOccurrences(of: #""command":"test""#, with: #""command":"contributions add --text 'Joy said so'""#)
    }.joined(separator: "\n")
    let digest = SHA256.hash(data: Data(body.utf8)).map { String(format: "%02x", $0) }.joined()
    let manifest = lines[0]
      .replacingOccurrences(of: #""formatVersion":2"#, with: #""formatVersion":1"#)
      .replacingOccurrences(of: #""stateHash":"[0-9a-f]{64}","#, with: "", options: .regularExpression)
      .replacingOccurrences(of: #""withheld":0,"#, with: "")
      .replacingOccurrences(of: #""sha256":"[0-9a-f]{64}""#, with: "\"sha256\":\"\(digest)\"", options: .regularExpression)
    #expect(!manifest.contains("stateHash") && !body.contains("\"hash\""))
    try Data((manifest + "\n" + body).utf8).write(to: file)
    let (restored, read) = try WorkspaceBundle.import(from: file.path, into: try makeWorkspace(in: dir, name: "target"))
    #expect(read.formatVersion == 1)
    let report = try restored.store.verify()
    #expect(report.isConsistent && report.chained == 19)
    var lineSeen: Set<String> = []
    try restored.store.forEachEvent(EventFilter()) { lineSeen.insert($0.command.command) }
    #expect(lineSeen == ["contributions add --text …"])
  }

  @Test func aTamperedBundleIsRefusedAndNothingIsWritten() throws {
    let dir = try TemporaryDirectory()
    let file = dir.url.appendingPathComponent("b.jsonl")
    _ = try WorkspaceBundle.export(try history(dir), includePersonalData: false, to: file)
    // An edit the chain does not cover (the redaction flag) shows only in the file's sha256.
    let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\"redacted\":false", with: "\"redacted\":false ")
    try Data(text.utf8).write(to: file)
    let target = try makeWorkspace(in: dir, name: "target")
    do {
      _ = try WorkspaceBundle.import(from: file.path, into: target)
      Issue.record("expected BundleProblem")
    } catch let error as BundleProblem {
      #expect(
        error.description
          == "\(file.path):1: sha256: the file does not match its manifest hash; it is damaged or was edited; nothing was imported")
    }
    #expect(try target.store.eventCount() == 0)
  }
}

@Suite struct PolisTests {
  /// A tiny conversation: comment 0 is agreed by voters 1–3, disagreed by 4; comment 1 is
  /// moderated out. `agree` is the integer votes.csv uses for agree.
  func export(agree: Int, in dir: TemporaryDirectory) throws -> String {
    let d = -agree
    try dir.write(
      "polis/comments.csv",
      """
      timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body
      1700000000000,x,0,1,3,1,1,Bins should be emptied weekly
      1700000001000,x,1,2,0,0,-1,spam

      """)
    try dir.write(
      "polis/votes.csv",
      """
      timestamp,datetime,comment-id,voter-id,vote
      1700000002000,x,0,1,\(agree)
      1700000003000,x,0,2,\(agree)
      1700000004000,x,0,3,\(agree)
      1700000005000,x,0,4,\(d)
      1700000006000,x,0,5,0
      1700000007000,x,1,5,\(agree)

      """)
    try dir.write(
      "polis/participants-votes.csv",
      """
      participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1
      1,0,1,1,1,0,1,
      2,0,0,1,1,0,1,
      3,0,0,1,1,0,1,
      4,1,0,1,0,1,-1,
      5,1,0,1,0,0,0,

      """)
    return dir.path("polis")
  }

  @Test(arguments: [1, -1])
  func bothSignConventionsGiveTheSameVotes(agree: Int) throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    let outcome = try PolisImport.run(
      directory: try export(agree: agree, in: dir), prefix: "polis-", sign: nil, workspace: ws, context: testContext(),
      dryRun: false)
    #expect(outcome.sign == (agree == 1 ? .agreeIsPositive : .agreeIsNegative))
    let listing = try ws.store.contributions(ContributionFilter())
    #expect(listing.contributions.map(\.contribution.id) == ["polis-c0"])
    #expect(listing.contributions.first?.votes == VoteTotals(agree: 3, disagree: 1, pass: 1))
    #expect(try ws.store.participants().count == 5)
    #expect(try ws.store.verify().isConsistent)
  }

  @Test func timesNoTimestampCanHoldAreReportedAndNothingIsImported() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    try dir.write(
      "polis/comments.csv",
      """
      timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body
      9000000000000000000,x,0,1,3,1,1,Bins should be emptied weekly

      """)
    try dir.write(
      "polis/votes.csv",
      """
      timestamp,datetime,comment-id,voter-id,vote
      -1,x,0,1,1
      soon,x,0,2,1
      ,x,0,3,1

      """)
    #expect(throws: ImportFailed(problems: [
      ImportProblem(file: dir.path("polis/comments.csv"), line: 2, field: "timestamp", problem: "'9000000000000000000' is not a time in milliseconds since 1970, like 1700000000000"),
      ImportProblem(file: dir.path("polis/votes.csv"), line: 2, field: "timestamp", problem: "'-1' is not a time in milliseconds since 1970, like 1700000000000"),
      ImportProblem(file: dir.path("polis/votes.csv"), line: 3, field: "timestamp", problem: "'soon' is not a time in milliseconds since 1970, like 1700000000000"),
    ])) {
      try PolisImport.run(
        directory: dir.path("polis"), prefix: "polis-", sign: .agreeIsPositive, workspace: ws, context: testContext(),
        dryRun: false)
    }
    #expect(try ws.store.participants().isEmpty)
  }
}
