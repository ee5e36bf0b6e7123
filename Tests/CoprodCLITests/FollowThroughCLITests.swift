// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// `coprod decisions …` and `coprod commitments …` as a council officer uses them.
@Suite("coprod decisions and commitments, end to end")
struct FollowThroughCLITests {
  /// A new workspace holding the tenants' panel consent count as `r.json`; removed by the caller.
  static func workspace() throws -> String {
    let folder = try newWorkspace("follow")
    try FileManager.default.copyItem(
      atPath: repositoryRoot.appendingPathComponent("Tests/CoprodCLITests/Golden/consent-tenants-panel.json").path,
      toPath: "\(folder)/r.json")
    return folder
  }

  static let record = [
    "decisions", "record", "--tally", "r.json", "--outcome", "partly-accepted", "--decided-by", "Tenants' panel",
    "--rationale", "Two proposals passed with no reasoned objection.", "--reasons",
    "Later opening needs the union's agreement first; we will ask in April.",
  ]

  @Test func recordADecisionAndFollowACommitmentThrough() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    #expect(try ok(["decisions", "list"], in: ws) == "no decisions recorded yet; record one with `coprod decisions record --tally RESULT.json …`\n")
    #expect(try ok(["commitments", "list"], in: ws) == "no commitments yet; add one with `coprod commitments add TEXT --owner TEAM`\n")
    #expect(
      try ok(Self.record, in: ws)
        == "recorded decision d1: partly-accepted, decided by Tenants' panel on 2026-03-01; chosen: Later opening hours, Welsh-language phone line\n")
    #expect(
      try ok(["decisions", "list"], in: ws) == """
        id\tdecided\toutcome\tdecided by\tchosen\treasons
        d1\t2026-03-01\tpartly-accepted\tTenants' panel\tLater opening hours, Welsh-language phone line\tLater opening needs the union's agreement first; we will ask in April.

        """)
    #expect(
      try ok(["commitments", "add", "Answer the phone in Welsh", "--owner", "Customer services", "--due", "2026-06-30", "--decision", "d1"], in: ws)
        == "added commitment k1 (planned): owner Customer services, due 2026-06-30, following decision d1\n")
    #expect(
      try ok(["commitments", "add", "Text tenants when a repair is booked", "--owner", "Repairs team", "--due", "2026-02-27"], in: ws)
        == "added commitment k2 (planned): owner Repairs team, due 2026-02-27\n")
    #expect(
      try ok(["commitments", "update", "k1", "--status", "in-progress", "--note", "Two Welsh speakers recruited"], in: ws)
        == "updated commitment k1: in-progress (was planned); note recorded\n")
    #expect(
      try ok(
        [
          "commitments", "update", "k1", "--status", "done", "--evidence", "The Welsh line opened on 1 June", "--evidence-at",
          "https://example.org/welsh-line", "--date", "2026-06-01",
        ], in: ws) == "updated commitment k1: done (was in-progress); evidence recorded\n")
    #expect(
      try ok(["commitments", "list"], in: ws) == """
        id\tstatus\towner\tdue\tdecision\tcommitment\tlatest note\tevidence
        k1\tdone\tCustomer services\t2026-06-30\td1\tAnswer the phone in Welsh\tTwo Welsh speakers recruited\tThe Welsh line opened on 1 June (https://example.org/welsh-line)
        k2\tplanned\tRepairs team\t2026-02-27 (overdue)\t-\tText tenants when a repair is booked\t-\t-

        """)
    #expect(
      try ok(["commitments", "list", "--overdue", "--json"], in: ws) == """
        [
          {
            "due" : "2026-02-27",
            "evidence" : [

            ],
            "history" : [

            ],
            "id" : "k2",
            "overdue" : true,
            "owner" : "Repairs team",
            "status" : "planned",
            "text" : "Text tenants when a repair is booked"
          }
        ]

        """)
    #expect(try ok(["commitments", "update", "k2", "--status", "dropped", "--note", "No budget for texts this year"], in: ws)
      == "updated commitment k2: dropped (was planned); note recorded\n")
    #expect(try ok(["commitments", "list", "--overdue"], in: ws) == "no overdue commitments on 2026-03-01\n")

    let log = try ok(["log"], in: ws).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
    #expect(log.map { $0[4] } == ["decision.recorded", "commitment.made", "commitment.made", "commitment.updated", "commitment.updated", "commitment.updated"])
    #expect(try ok(["verify"], in: ws).contains("  decisions: 1 rows match\n  commitments: 2 rows match\n"))
  }

  @Test func exportAndImportCarryDecisionsAndCommitments() throws {
    let ws = try Self.workspace()
    let target = try Self.workspace()
    defer { for folder in [ws, target] { try? FileManager.default.removeItem(atPath: folder) } }
    _ = try ok(Self.record, in: ws)
    _ = try ok(["commitments", "add", "Answer the phone in Welsh", "--owner", "Customer services", "--decision", "d1"], in: ws)
    _ = try ok(["commitments", "update", "k1", "--note", "Advert out"], in: ws)
    _ = try ok(["export", "--out", "\(ws)/bundle.jsonl"], in: ws)
    _ = try ok(["import", "\(ws)/bundle.jsonl"], in: target)
    for list in [["decisions", "list", "--json"], ["commitments", "list", "--json"]] {
      #expect(try ok(list, in: target) == ok(list, in: ws))
    }
    #expect(try ok(["verify"], in: target).contains("  decisions: 1 rows match\n  commitments: 1 rows match\n"))
  }

  @Test(arguments: [
    ("\"winners\" : [\n    \"Later opening hours\"", "\"winners\" : [\n    \"Free parking\"",
     "coprod: r.json: winners: 'Free parking' is not one of the count's candidates; was the file edited? Count again with coprod tally\n"),
    ("\"id\" : \"Repairs text updates\"", "\"id\" : \"Later opening hours\"",
     "coprod: r.json: input.candidates: 'Later opening hours' appears twice; was the file edited? Count again with coprod tally\n"),
  ])
  func anEditedCountIsRefused(original: String, edited: String, stderr: String) throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let count = try String(contentsOfFile: "\(ws)/r.json", encoding: .utf8)
    #expect(count.contains(original))
    try count.replacingOccurrences(of: original, with: edited).write(toFile: "\(ws)/r.json", atomically: true, encoding: .utf8)
    try expectRefused(Self.record, stderr: stderr, in: ws)
  }

  @Test(arguments: [
    (["decisions", "record", "--tally", "r.json", "--outcome", "rejected", "--decided-by", "Board", "--rationale", "Too costly"],
     "coprod: --reasons: missing; a rejected decision must tell people why not all of it is done (give --reasons TEXT, including where changes cannot be made)\n"),
    (["decisions", "record", "--tally", "r.json", "--outcome", "approved", "--decided-by", "Board", "--rationale", "R"],
     "coprod: --outcome: unknown outcome 'approved' (use accepted, partly-accepted or rejected)\n"),
    (["decisions", "record", "--tally", "missing.json", "--outcome", "accepted", "--decided-by", "Board", "--rationale", "R"],
     "coprod: missing.json: cannot read (no such file)\n"),
    (["decisions", "record", "--tally", "coprod.json", "--outcome", "accepted", "--decided-by", "Board", "--rationale", "R"],
     "coprod: coprod.json: not a count from `coprod tally FILE --rule R --format json` (rule: missing)\n"),
    (["decisions", "record", "--tally", "coprod.sqlite", "--outcome", "accepted", "--decided-by", "Board", "--rationale", "R"],
     "coprod: coprod.sqlite: not a count from `coprod tally FILE --rule R --format json` (The given data was not valid JSON.)\n"),
    (["decisions", "record", "--tally", "r.json", "--outcome", "accepted", "--decided-by", "Board", "--rationale", "R", "--date", "1 March"],
     "coprod: --date: '1 March' is not a date written YYYY-MM-DD\n"),
    (["decisions", "record", "--tally", "r.json", "--outcome", "accepted", "--decided-by", "Board", "--rationale", "R", "--id", "d1"],
     "coprod: --id: decision 'd1' already exists; choose another id or leave it out\n"),
    (["commitments", "add", "Do it", "--owner", "Repairs team", "--decision", "d9"],
     "coprod: --decision: no decision 'd9' in this workspace; see `coprod decisions list`\n"),
    (["commitments", "add", "Do it", "--owner", " "], "coprod: --owner: must not be empty\n"),
    (["commitments", "add", "Do it", "--owner", "Repairs team", "--due", "next June"],
     "coprod: --due: 'next June' is not a date written YYYY-MM-DD\n"),
    (["commitments", "update", "k1"], "coprod: commitments update: nothing to change; give --status, --note or --evidence\n"),
    (["commitments", "update", "k9", "--status", "done"],
     "coprod: commitment: no commitment 'k9' in this workspace; see `coprod commitments list`\n"),
    (["commitments", "update", "k1", "--status", "finished"],
     "coprod: --status: unknown status 'finished' (use planned, in-progress, done or dropped)\n"),
    (["commitments", "update", "k1", "--status", "dropped"], "coprod: --note: missing; say why the commitment is dropped (give --note TEXT)\n"),
    (["commitments", "update", "k1", "--status", "done"],
     "coprod: --evidence: missing; a commitment is done only with evidence people can check (give --evidence TEXT, and --evidence-at LINK where it can be seen)\n"),
    (["commitments", "update", "k1", "--evidence-at", "https://example.org"],
     "coprod: --evidence-at: give --evidence TEXT too, saying what the evidence shows\n"),
  ])
  func badInputSaysWhatToDoAndWritesNothing(arguments: [String], stderr: String) throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    _ = try ok(Self.record, in: ws)
    _ = try ok(["commitments", "add", "Answer the phone in Welsh", "--owner", "Customer services"], in: ws)
    try expectRefused(arguments, stderr: stderr, in: ws)
  }
}
