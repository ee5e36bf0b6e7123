// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodPlugins
import CoprodStore
import Foundation
import Logging

/// `coprod plugins check`: validates a plugin folder end to end.
public enum PluginCheck {
  /// Checks the plugin in `folder`: its manifest, then every entry loaded in the sandbox and
  /// validated, then a trial run of each on sample data (a rule counts a small election of
  /// each ballot kind it reads and must elect someone, a report renders a sample tally). Returns one line per problem; empty when all is good.
  public static func problems(in folder: URL, catalog: PluginCatalog, limits: LuaLimits, logger: Logger) -> [String] {
    let manifest: PluginManifest
    do {
      manifest = try PluginLoader.readManifest(in: folder)
    } catch {
      return [error.description]
    }
    let plugin = DiscoveredPlugin(manifest: manifest, folder: folder, source: .commandLine)
    var problems: [String] = []
    for provision in manifest.provides {
      do {
        let sandbox = try PluginLoader.sandbox(for: plugin, catalog: catalog, limits: limits, seed: 0, logger: logger)
        if provision.kind == .library {
          let module = try sandbox.run(file: provision.entry)
          if module.tableValue == nil {
            problems.append("\(provision.entry): a library's entry must return a table of functions; it returned \(module.typeName)")
          }
          continue
        }
        let definition = try sandbox.loadDefinition(entry: provision.entry, kind: provision.kind)
        switch definition {
        case .votingRule(let rule):
          let settings = try PluginLoader.settings(for: manifest, options: [])
          for kind in rule.ballotKinds {
            let profile = SampleData.profile(kind)
            let record = try sandbox.count(rule, input: ElectionInput(profile: profile, seats: 1, budget: profile.budget, settings: settings), tieBreak: TieBreakMethod.lot)
            if record.winners.isEmpty {
              problems.append(
                "plugin \(manifest.id) (\(provision.entry)): elected no one in a small built-in election (3 candidates, \(profile.voterCount) \(kind.rawValue) ballots, 1 seat); a rule must choose at least one candidate with count:elect")
            }
          }
        case .report(let report):
          _ = try sandbox.render(report, data: report.input == "workspace" ? SampleData.workspaceData : SampleData.tallyData)
        case .sessionFormat:
          let request = SessionRunRequest(format: folder.path, inputs: nil, dryRun: true, limits: limits, workspace: folder)
          _ = try SessionRun.rehearse(
            request, plugin: plugin, entry: provision.entry, granted: [], catalog: catalog, context: SampleData.context, logger: logger)
        }
      } catch {
        problems.append("\(error)")
      }
    }
    return problems
  }
}

/// Small, fixed inputs for trial runs.
enum SampleData {
  static let candidates = [Candidate(id: "A", name: "Repairs text updates", cost: 40), Candidate(id: "B", name: "Community garden", cost: 35), Candidate(id: "C", name: "Youth club hours", cost: 50)]

  static func profile(_ kind: BallotKind) -> BallotProfile {
    var builder = BallotProfileBuilder(kind: kind, candidates: candidates)
    switch kind {
    case .ranked:
      builder.addRanked([[0], [1], [2]], count: 4)
      builder.addRanked([[1], [0]], count: 3)
      builder.addRanked([[2], [1]], count: 2)
    case .approval:
      builder.addApproval([0, 1], count: 4)
      builder.addApproval([2], count: 3)
    case .score, .cumulative:
      builder.addPoints([0: 2, 1: 1], count: 4)
      builder.addPoints([2: 2, 1: 0], count: 3)
    }
    var profile = builder.profile
    profile.budget = kind == .approval ? 100 : nil
    return profile
  }

  /// A consultation on a doing-with rung with a consult-only promise, so its cautions are
  /// not empty.
  static let consultation = Consultation(
    question: "How should repairs be put right?", purpose: "To agree repair standards with tenants.",
    ladderRung: .coDesign, spectrumLevel: .consult, opens: CalendarDate("2026-03-02"), closes: CalendarDate("2026-05-24"),
    gunning: GunningChecklist(formativeStage: "No standard has been chosen yet."))

  static let decision = Decision(
    id: "d1", rule: PluginReference(id: "org.coprod.consent", version: "1.0.0", hash: String(repeating: "0", count: 64)),
    winners: ["A"], proposals: ["A": "Repairs text updates"], decidedBy: "Tenants' panel", rationale: "No reasoned objection.",
    outcome: .partlyAccepted, outcomeReasons: "Evenings need the union's agreement.", decided: CalendarDate("2026-06-10"),
    stateHash: String(repeating: "a", count: 64))

  static let commitments = [
    Commitment(
      id: "k1", text: "Text people before a repair visit", owner: "Repairs team", due: CalendarDate("2026-09-30"),
      decisionID: "d1", history: [.init(status: .done, date: CalendarDate("2026-09-01")!, note: "Live since September")],
      evidence: [.init(summary: "Texts sent to 1,204 tenants", location: "https://example.org/repairs-texts")]),
    Commitment(id: "k2", text: "Review the letters' print size", owner: "Tenancy team", due: CalendarDate("2026-04-01")),
  ]

  static let feedback = [
    FeedbackPublication(
      id: "f1", title: "You said, we did: repairs", published: CalendarDate("2026-06-24")!, channel: "Tenants' newsletter",
      decisionIDs: ["d1"], commitmentIDs: ["k1", "k2"], sha256: String(repeating: "0", count: 64))
  ]

  /// The command a check's rehearsal is stamped with.
  static let context = CommandContext(
    actor: "coprod plugins check", now: Timestamp("2026-06-01T09:00:00Z") ?? Timestamp(Date()), commandLine: "plugins check")

  /// A small workspace view, built as ``WorkspaceReportData`` builds it.
  static let workspaceData = workspaceData("en")

  /// The small workspace view with the host's texts in `language`.
  static func workspaceData(_ language: String) -> LuaValue {
    .table(LuaTable(fields: [
    "consultation": WorkspaceReportData.consultation(name: "Sample consultation", consultation, language: language),
    "decisions": WorkspaceReportData.decisions([decision]),
    "commitments": WorkspaceReportData.commitments(commitments, today: CalendarDate("2026-06-01")!),
    "feedback": WorkspaceReportData.feedback(feedback),
    "minimum_group_size": .integer(5),
    "people": .integer(6),
    "voice": WorkspaceReportData.voice(
      contributions: [
        Contribution(id: "s001", kind: .story, authorID: "p001", text: ""), Contribution(id: "s002", kind: .story, authorID: "p002", text: ""),
        Contribution(id: "i001", kind: .idea, authorID: "p003", text: ""),
      ],
      people: (1...6).map { Participant(id: "p00\($0)", perspectives: [$0 < 6 ? .resident : .staff]) }, k: 5),
    "participation": .table(LuaTable(fields: [
      "perspective": .table(LuaTable(array: [
        .table(LuaTable(fields: ["group": .string("resident"), "count": .integer(5), "suppressed": .boolean(false)])),
        .table(LuaTable(fields: ["group": .string("staff"), "suppressed": .boolean(true)])),
      ])),
      "language": .table(LuaTable(array: [.table(LuaTable(fields: ["group": .string("en"), "count": .integer(6), "suppressed": .boolean(false)]))])),
    ])),
    "contributions": .table(LuaTable(array: [
      .table(LuaTable(fields: ["id": .string("s001"), "kind": .string("story"), "quote": .boolean(true), "text": .string("Nobody told me why the repair was late."), "anonymity": .string("anonymous"), "from": .table(LuaTable())])),
      .table(LuaTable(fields: ["id": .string("s002"), "kind": .string("story"), "quote": .boolean(false), "anonymity": .string("anonymous"), "from": .table(LuaTable())])),
      .table(LuaTable(fields: ["id": .string("i001"), "kind": .string("idea"), "quote": .boolean(true), "text": .string("Text people before a visit."), "anonymity": .string("first-name"), "from": .table(LuaTable(array: [.string("s001")]))])),
    ])),
    "withheld": .integer(1),
    "sessions": WorkspaceReportData.sessions([sessionReport]),
    "provenance": WorkspaceReportData.provenance(
      decisions: [decision], commitments: commitments,
      contributions: [
        Contribution(id: "s001", kind: .story, authorID: "p001", text: "Nobody told me why the repair was late."),
        Contribution(id: "i001", kind: .idea, authorID: nil, text: "Text people before a visit.", derivedFrom: ["s001"]),
      ],
      participants: [ParticipantRecord(participant: Participant(id: "p001", perspectives: [.livedExperience]), withdrawn: nil, erased: false)]),
    "state_hash": .string(String(repeating: "b", count: 64)),
    "settings": .table(LuaTable()),
  ]))
  }

  /// A small recorded session.
  static let sessionReport = SessionReport(
    id: "s1", format: .init(id: "org.coprod.story-circle", name: "Story Circle", version: "1.1.0", sha256: String(repeating: "0", count: 64)),
    seed: 0, mode: "scripted", inputsSHA256: nil, started: "2026-06-01T09:00:00Z", closed: "2026-06-01T09:00:00Z",
    attendance: .init(people: 6, byPerspective: [GroupCount(group: "resident", count: 5), GroupCount(group: "staff", count: nil)]),
    stages: [
      .init(
        stage: "priorities", title: nil, minutes: nil, iteration: 1, status: "ended", reason: nil, started: nil, ended: nil, groups: nil,
        speakingOrders: [], passes: [], contributions: [], options: [.init(id: "A", name: "Repairs text updates", cost: nil, from: ["i001"])],
        ballots: 6,
        count: .init(
          rule: .init(id: "org.coprod.dot-voting", name: "Dot voting", version: "1.1.0", sha256: String(repeating: "0", count: 64)),
          winners: ["A"], rounds: [], tieBreaks: []),
        decisions: ["d1"], commitments: []),
      .init(
        stage: "reflection", title: nil, minutes: nil, iteration: 1, status: "skipped", reason: "when(session) returned false", started: nil,
        ended: nil, groups: nil, speakingOrders: [], passes: [], contributions: [], options: [], ballots: 0, count: nil, decisions: [],
        commitments: []),
    ])

  /// A small finished count, in the JSON shape `coprod tally --format json` prints.
  static var tallyData: LuaValue {
    let result = TallyResult(
      rule: .init(id: "org.coprod.irv", name: "Instant runoff", version: "1.0.0", sha256: String(repeating: "0", count: 64)),
      input: .init(
        file: "sample.soi", sha256: String(repeating: "0", count: 64), format: "soi", kind: "ranked", ballots: .integer(9),
        distinctBallots: 3, candidates: candidates.map { .init(id: $0.id, name: $0.name, cost: nil) }, withdrawn: []),
      seats: 1, budget: nil, tieBreak: .init(method: .lot, seed: 0), settings: [:], winners: ["B"],
      rounds: [
        .init(number: 1, tally: ["A": .integer(4), "B": .integer(3), "C": .integer(2)], excluded: ["C"], notes: [.init(text: "fewest first preferences", candidate: "C", action: "excluded")]),
        .init(number: 2, tally: ["A": .integer(4), "B": .integer(5)], elected: ["B"], notes: [.init(text: "more than half of the continuing votes", candidate: "B", action: "elected")]),
      ],
      tieBreaks: [])
    let json = Data(TallyRenderer.json(result).utf8)
    return (try? JSONLuaValue.read(json, file: "sample")) ?? .nil
  }
}
