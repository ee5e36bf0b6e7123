// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import CoprodStore
import Foundation

// MARK: - decisions

/// `coprod decisions record|list`.
struct DecisionsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "decisions",
    abstract: "Record what was decided from a count, by whom, and what the organisation did with it.",
    subcommands: [Record.self, List.self])

  /// `coprod decisions record`.
  struct Record: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Record a decision from a count's JSON (coprod tally FILE --rule R --format json).")

    @OptionGroup var options: WorkspaceOptions

    @Option(help: ArgumentHelp("The count, as written by coprod tally … --format json.", valueName: "RESULT.json"))
    var tally: String

    @Option(help: "What the organisation did with it: accepted, partly-accepted or rejected.")
    var outcome: String

    @Option(help: "Who decided (a panel, a board, the participants).")
    var decidedBy: String

    @Option(help: "Why, in plain English.")
    var rationale: String

    @Option(help: "Why not all of it is done, including where changes cannot be made (required unless accepted).")
    var reasons: String?

    @Option(help: "The day it was decided (YYYY-MM-DD; default today).")
    var date: String?

    @Option(help: "The decision id (default: the next of d1, d2, …).")
    var id: String?

    func run() async throws {
      let request = DecisionRequest(
        tallyFile: tally, outcome: outcome, decidedBy: decidedBy, rationale: rationale, reasons: reasons,
        date: try date.map { try parseDate($0, option: "--date") }, id: id)
      let decision = try WorkspaceOperations.recordDecision(
        request, workspace: try options.open(), context: try CommandContext.current())
      print(FollowThroughText.recorded(decision))
    }
  }

  /// `coprod decisions list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List decisions: day, outcome, who decided and what was chosen.")

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Print the decisions as JSON, with their counts round by round.")
    var json = false

    func run() async throws {
      let decisions = try options.open().store.decisions()
      if json { return try printJSON(decisions) }
      print(FollowThroughText.decisions(decisions), terminator: "")
    }
  }
}

// MARK: - commitments

/// `coprod commitments add|update|list`.
struct CommitmentsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "commitments",
    abstract: "Make commitments (\"we did\") and follow them through: status, notes and evidence.",
    subcommands: [Add.self, Update.self, List.self])

  /// `coprod commitments add TEXT`.
  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Make a commitment; it starts as planned.")

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "What will be done, in plain English.")
    var text: String

    @Option(help: "The team or role responsible (not a private person).")
    var owner: String

    @Option(help: "When it is due (YYYY-MM-DD).")
    var due: String?

    @Option(help: "The decision it follows from (see coprod decisions list).")
    var decision: String?

    @Option(help: "The commitment id (default: the next of k1, k2, …).")
    var id: String?

    func run() async throws {
      let commitment = try WorkspaceOperations.addCommitment(
        text: text, owner: owner, due: try due.map { try parseDate($0, option: "--due") }, decisionID: decision, id: id,
        workspace: try options.open(), context: try CommandContext.current())
      print(FollowThroughText.added(commitment))
    }
  }

  /// `coprod commitments update ID`.
  struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Change a commitment's status, or add a note or evidence (done needs evidence; dropped needs a note).")

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The commitment id.")
    var id: String

    @Option(help: "The new status: planned, in-progress, done or dropped.")
    var status: String?

    @Option(help: "Why, or how it is going.")
    var note: String?

    @Option(help: "What the evidence of delivery shows.")
    var evidence: String?

    @Option(help: ArgumentHelp("Where the evidence can be seen (with --evidence).", valueName: "LINK"))
    var evidenceAt: String?

    @Option(help: "The day of the change (YYYY-MM-DD; default today).")
    var date: String?

    func run() async throws {
      let request = CommitmentChangeRequest(
        id: id, status: status, note: note, evidence: evidence, evidenceAt: evidenceAt,
        date: try date.map { try parseDate($0, option: "--date") })
      let (before, after) = try WorkspaceOperations.updateCommitment(
        request, workspace: try options.open(), context: try CommandContext.current())
      print(FollowThroughText.updated(before: before, after: after, update: request))
    }
  }

  /// `coprod commitments list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List commitments: status, owner, due day (overdue ones marked), latest note and evidence.")

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Print the commitments as JSON, with their full history.")
    var json = false

    @Flag(help: "Only commitments past their due day and neither done nor dropped.")
    var overdue = false

    func run() async throws {
      let today = try CommandContext.current().now.date
      var commitments = try options.open().store.commitments()
      if overdue { commitments = commitments.filter { $0.isOverdue(on: today) } }
      if json { return try printJSON(commitments.map { ListedCommitment($0, today: today) }) }
      print(FollowThroughText.commitments(commitments, today: today, onlyOverdue: overdue), terminator: "")
    }
  }
}
