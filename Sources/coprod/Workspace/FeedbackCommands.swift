// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import CoprodStore
import Foundation

/// `coprod feedback record|list`.
struct FeedbackCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "feedback",
    abstract: "Record when feedback was published to the people asked (\"closing the loop\"), and where.",
    subcommands: [Record.self, List.self])

  /// `coprod feedback record`.
  struct Record: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Record that feedback was published; it covers every decision and commitment recorded so far.")

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "The title of what was published.")
    var title: String

    @Option(help: ArgumentHelp("Where it was published (a URL, a newsletter, a meeting).", valueName: "WHERE"))
    var channel: String

    @Option(help: "The day it was published (YYYY-MM-DD; default today).")
    var date: String?

    @Option(help: ArgumentHelp("The published document, whose SHA-256 is kept.", valueName: "PUBLISHED.md"))
    var file: String?

    @Option(help: "The publication id (default: the next of f1, f2, …).")
    var id: String?

    func run() async throws {
      let request = FeedbackRequest(
        title: title, channel: channel, date: try date.map { try parseDate($0, option: "--date") }, file: file, id: id)
      let publication = try WorkspaceOperations.recordFeedback(
        request, workspace: try options.open(), context: try CommandContext.current())
      print(FeedbackText.recorded(publication))
    }
  }

  /// `coprod feedback list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List feedback publications: day, where, title and the decisions and commitments covered.")

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Print the publications as JSON.")
    var json = false

    func run() async throws {
      let publications = try options.open().store.feedback()
      if json { return try printJSON(publications) }
      print(FeedbackText.list(publications), terminator: "")
    }
  }
}
