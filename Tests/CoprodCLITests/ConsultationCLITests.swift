// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// `coprod consultation set|show` as a council officer uses them.
@Suite("coprod consultation, end to end")
struct ConsultationCLITests {
  /// A new, empty workspace; removed by the caller.
  static func workspace() throws -> String { try newWorkspace("consultation") }

  static let firstSet = [
    "consultation", "set", "--question", "How should we put right repairs that go wrong the first time?",
    "--purpose", "To agree the repairs standards with tenants, for the Housing Committee in July 2026.",
    "--ladder", "co-design", "--spectrum", "consult", "--opens", "2026-03-02", "--closes", "2026-03-29",
  ]

  static let fauxNote =
    "the rung declared, co-design, is \"doing with\", but the promise made, consult, only matches the consultation rung (\"doing for\"). Claiming a higher rung than the power shared is faux-production: share more power (--spectrum) or declare the rung that matches (--ladder)."

  @Test func setThenShowDescribesItPlainly() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let set = try run(Self.firstSet + ["--workspace", ws])
    #expect(set.status == 0)
    #expect(set.stderr == "")
    #expect(
      set.stdout == """
        recorded the consultation: co-design (doing with), consult; Gunning evidence for 0 of 4 principles
          note: \(Self.fauxNote)
          note: 28 days is shorter than the customary 12 weeks. There is no statutory period, so record why the time is adequate (--adequate-time).

        """)
    let show = try run(["consultation", "show", "--workspace", ws])
    #expect(show.status == 0)
    #expect(
      show.stdout == """
        Question: How should we put right repairs that go wrong the first time?
        Purpose: To agree the repairs standards with tenants, for the Housing Committee in July 2026.

        How much say people have
          Ladder of co-production: co-design, rung 6 of 7 (doing with)
            People have genuine influence on the design, but do not see it through.
          IAP2 spectrum: consult
            Promise to the public: We will listen to you and tell you how your views influenced the decision.

        Dates
          Opens: 2026-03-02
          Closes: 2026-03-29 (28 days, or 4 weeks)

        Gunning principles (the legal test of a fair consultation)
          1. Proposals are still at a formative stage: no evidence recorded yet
          2. Enough reasons and information for intelligent consideration: no evidence recorded yet
          3. Adequate time to respond: no evidence recorded yet
          4. Responses are conscientiously taken into account: no evidence recorded yet
          Evidence is recorded for 0 of 4 principles.

        Note: \(Self.fauxNote)
        Note: 28 days is shorter than the customary 12 weeks. There is no statutory period, so record why the time is adequate (--adequate-time).

        """)
  }

  @Test func aLaterSetChangesOnlyTheFieldsGivenAndIsLogged() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    #expect(try run(Self.firstSet, in: ws).status == 0)
    let second = try run(
      [
        "consultation", "set", "--spectrum", "collaborate", "--closes", "2026-05-24", "--formative-stage",
        "No standard has been chosen; three options are open.", "--sufficient-information",
        "Options paper and equality assessment published on 2026-03-02.",
      ], in: ws)
    #expect(second.status == 0)
    #expect(second.stdout == "recorded the consultation: co-design (doing with), collaborate; Gunning evidence for 2 of 4 principles\n")
    let again = try run(["consultation", "set", "--ladder", "co-design"], in: ws)
    #expect(again.stdout == "the consultation already has these values; nothing was recorded\n")

    let show = try run(["consultation", "show"], in: ws)
    #expect(show.stdout.contains("  IAP2 spectrum: collaborate\n"))
    #expect(show.stdout.contains("  Closes: 2026-05-24 (84 days, or 12 weeks)\n"))
    #expect(show.stdout.contains("  1. Proposals are still at a formative stage: No standard has been chosen; three options are open.\n"))
    #expect(show.stdout.contains("  3. Adequate time to respond: no evidence recorded yet\n"))
    #expect(show.stdout.contains("  Evidence is recorded for 2 of 4 principles.\n"))
    #expect(!show.stdout.contains("Note:"))
    let json = try run(["consultation", "show", "--json"], in: ws)
    #expect(
      json.stdout == """
        {
          "closes" : "2026-05-24",
          "gunning" : {
            "formativeStage" : "No standard has been chosen; three options are open.",
            "sufficientInformation" : "Options paper and equality assessment published on 2026-03-02."
          },
          "ladderRung" : "co-design",
          "opens" : "2026-03-02",
          "purpose" : "To agree the repairs standards with tenants, for the Housing Committee in July 2026.",
          "question" : "How should we put right repairs that go wrong the first time?",
          "spectrumLevel" : "collaborate"
        }

        """)

    #expect(try run(["participants", "import", repositoryRoot.appendingPathComponent("examples/workspace/participants.csv").path], in: ws).status == 0)
    let log = try run(["log", "--kind", "consultation.defined"], in: ws)
    let lines = log.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
    #expect(lines.map { [$0[0], $0[4], $0[5]] } == [["1", "consultation.defined", "-"], ["2", "consultation.defined", "-"]])
    // The command line keeps what names or picks something; free text lives in the event only.
    #expect(lines.last?[3] == "#2 consultation set --spectrum collaborate --closes 2026-05-24 --formative-stage … --sufficient-information …")
  }

  @Test func exportAndImportCarryTheConsultation() throws {
    let ws = try Self.workspace()
    let target = try Self.workspace()
    defer { for folder in [ws, target] { try? FileManager.default.removeItem(atPath: folder) } }
    #expect(try run(Self.firstSet, in: ws).status == 0)
    let bundle = "\(ws)/bundle.jsonl"
    #expect(try run(["export", "--out", bundle], in: ws).status == 0)
    #expect(try run(["import", bundle], in: target).status == 0)
    let original = try run(["consultation", "show", "--json"], in: ws)
    let restored = try run(["consultation", "show", "--json"], in: target)
    #expect(restored.status == 0)
    #expect(restored.stdout == original.stdout)
    #expect(try run(["verify"], in: target).stdout.contains("  consultation: 1 rows match\n"))
  }

  @Test(arguments: [
    (["--question", "Q?", "--purpose", "Why"], "coprod: --ladder, --spectrum: missing; this workspace has no consultation yet, so the first `consultation set` must give --question, --purpose, --ladder and --spectrum\n"),
    (["--ladder", "codesign"], "coprod: --ladder: unknown rung 'codesign' (use coercion, educating, informing, consultation, engagement, co-design or co-production)\n"),
    (["--spectrum", "participate"], "coprod: --spectrum: unknown level 'participate' (use inform, consult, involve, collaborate or empower)\n"),
    (["--opens", "2 March 2026"], "coprod: --opens: '2 March 2026' is not a date written YYYY-MM-DD\n"),
    (Array(firstSet.dropFirst(2).dropLast(2)) + ["--closes", "2026-02-27"], "coprod: --closes: 2026-02-27 is before the opening day, 2026-03-02; give a closing day on or after it\n"),
  ])
  func aBadSetSaysWhatToDoAndWritesNothing(arguments: [String], stderr: String) throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let result = try run(["consultation", "set"] + arguments, in: ws)
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr == stderr)
    #expect(try run(["log"], in: ws).stdout == "")
  }

  @Test func showWithoutAConsultationSaysHowToSetOne() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let result = try run(["consultation", "show", "--workspace", ws])
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == "coprod: consultation: this workspace has none yet; define it with `coprod consultation set --question TEXT --purpose TEXT --ladder RUNG --spectrum LEVEL`\n"
    )
  }
}
