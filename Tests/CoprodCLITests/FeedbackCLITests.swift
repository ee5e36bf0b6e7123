// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// `coprod feedback …` as a council officer uses it to close the loop.
@Suite("coprod feedback, end to end")
struct FeedbackCLITests {
  /// A new workspace with the tenants' panel decision (d1), a commitment following it (k1) and
  /// the published feedback as `you-said.md`; removed by the caller.
  static func workspace() throws -> String {
    let folder = try FollowThroughCLITests.workspace()
    _ = try run(FollowThroughCLITests.record, in: folder)
    _ = try run(["commitments", "add", "Answer the phone in Welsh", "--owner", "Customer services", "--decision", "d1"], in: folder)
    try "# You said, we did\n".write(toFile: "\(folder)/you-said.md", atomically: true, encoding: .utf8)
    return folder
  }

  static let record = [
    "feedback", "record", "--title", "You said, we did", "--channel", "Tenants' newsletter", "--date", "2026-03-12", "--file",
    "you-said.md",
  ]

  @Test func recordAndListFeedback() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    #expect(try ok(["feedback", "list"], in: ws) == "no feedback published yet; record it with `coprod feedback record --title TEXT --channel WHERE`\n")
    #expect(
      try ok(Self.record, in: ws)
        == "recorded feedback f1: \"You said, we did\" published 2026-03-12 in Tenants' newsletter; covers 1 decision and 1 commitment; sha256 9f68ca4c1618b5bdf78118ada2b7739c5ead9b4f78b67c27c757e434cc6c693f\n")
    _ = try ok(["commitments", "add", "Print letters in large type", "--owner", "Tenancy team"], in: ws)
    #expect(
      try ok(["feedback", "record", "--title", "Open meeting", "--channel", "Community hall", "--id", "meeting"], in: ws)
        == "recorded feedback meeting: \"Open meeting\" published 2026-03-01 in Community hall; covers 1 decision and 2 commitments\n")
    #expect(
      try ok(["feedback", "list"], in: ws) == """
        id\tpublished\tchannel\ttitle\tdecisions\tcommitments\tsha256
        f1\t2026-03-12\tTenants' newsletter\tYou said, we did\td1\tk1\t9f68ca4c1618b5bdf78118ada2b7739c5ead9b4f78b67c27c757e434cc6c693f
        meeting\t2026-03-01\tCommunity hall\tOpen meeting\td1\tk1, k2\t-

        """)
    #expect(
      try ok(["feedback", "list", "--json"], in: ws) == """
        [
          {
            "channel" : "Tenants' newsletter",
            "commitmentIDs" : [
              "k1"
            ],
            "decisionIDs" : [
              "d1"
            ],
            "id" : "f1",
            "published" : "2026-03-12",
            "sha256" : "9f68ca4c1618b5bdf78118ada2b7739c5ead9b4f78b67c27c757e434cc6c693f",
            "title" : "You said, we did"
          },
          {
            "channel" : "Community hall",
            "commitmentIDs" : [
              "k1",
              "k2"
            ],
            "decisionIDs" : [
              "d1"
            ],
            "id" : "meeting",
            "published" : "2026-03-01",
            "title" : "Open meeting"
          }
        ]

        """)
    let log = try ok(["log"], in: ws).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
    #expect(log.suffix(3).map { $0[4] } == ["feedback.published", "commitment.made", "feedback.published"])
    #expect(try ok(["verify"], in: ws).contains("  commitments: 2 rows match\n  feedback: 2 rows match\n"))
  }

  @Test func exportAndImportCarryFeedback() throws {
    let ws = try Self.workspace()
    let target = try FollowThroughCLITests.workspace()
    defer { for folder in [ws, target] { try? FileManager.default.removeItem(atPath: folder) } }
    _ = try ok(Self.record, in: ws)
    _ = try ok(["export", "--out", "\(ws)/bundle.jsonl"], in: ws)
    _ = try ok(["import", "\(ws)/bundle.jsonl"], in: target)
    #expect(try ok(["feedback", "list", "--json"], in: target) == ok(["feedback", "list", "--json"], in: ws))
    #expect(try ok(["verify"], in: target).contains("  feedback: 1 rows match\n"))
  }

  @Test(arguments: [
    (["feedback", "record", "--title", " ", "--channel", "Newsletter"], "coprod: --title: must not be empty\n"),
    (["feedback", "record", "--title", "You said", "--channel", ""], "coprod: --channel: must not be empty\n"),
    (["feedback", "record", "--title", "You said", "--channel", "Newsletter", "--date", "12 March"],
     "coprod: --date: '12 March' is not a date written YYYY-MM-DD\n"),
    (["feedback", "record", "--title", "You said", "--channel", "Newsletter", "--id", "f1"],
     "coprod: --id: feedback 'f1' already exists; choose another id or leave it out\n"),
    (["feedback", "record", "--title", "You said", "--channel", "Newsletter", "--file", "missing.md"],
     "coprod: missing.md: cannot read (no such file)\n"),
  ])
  func badInputSaysWhatToDoAndWritesNothing(arguments: [String], stderr: String) throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    _ = try ok(Self.record, in: ws)
    try expectRefused(arguments, stderr: stderr, in: ws)
  }
}
