// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import CoprodStore
import Foundation

// MARK: - participants

/// `coprod participants import|list|count`.
struct ParticipantsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "participants", abstract: "Import and list participants (pseudonymous; personal data kept apart).",
    subcommands: [Import.self, List.self, Count.self])

  /// `coprod participants import FILE.csv`.
  struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import participants from CSV, all or nothing; personal columns go to the personal-data part.")

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The CSV file (header row first).")
    var file: String

    @OptionGroup var importOptions: ImportOptions

    func run() async throws {
      let workspace = try options.open()
      let summary = try ProgressBar.withContext("importing participants") { context in
        try ParticipantImport.run(
          path: file, mappings: importOptions.mappings, workspace: workspace, context: context, dryRun: importOptions.dryRun)
      }
      printSummary(summary)
    }
  }

  /// `coprod participants list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List participants by pseudonymous id (no personal data).")

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
      let records = try options.open().store.participants()
      if json { return try printJSON(records) }
      print("id\tperspectives\tlanguage\tstatus")
      for record in records {
        let p = record.participant
        let status =
          record.erased ? "erased" : record.withdrawn.map { "withdrawn \($0)" } ?? "active"
        print("\(p.id)\t\(p.perspectives.map(\.rawValue).joined(separator: ";"))\t\(p.language ?? "")\t\(status)")
      }
    }
  }

  /// `coprod participants count --by FIELD`.
  struct Count: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Count participants by group; groups smaller than the workspace's k are suppressed.")

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "perspective, language, or a personal-data field such as ethnicity or age_band.")
    var by: String = "perspective"

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
      let workspace = try options.open()
      let grouping: Grouping =
        switch by {
        case "perspective", "perspectives": .perspective
        case "language": .language
        default: .personalField(by)
        }
      if case .personalField = grouping {
        let fields = try workspace.store.personalFieldNames()
        guard fields.contains(by) else {
          let choices = (["perspective", "language"] + fields).joined(separator: ", ")
          throw WorkspaceError.invalidValue(field: "--by", problem: "no one has '\(by)' recorded; count by one of: \(choices)")
        }
      }
      let counts = try workspace.store.suppressedCounts(by: grouping, k: workspace.minimumGroupSize)
      if json { return try printJSON(counts) }
      print("\(by)\tcount")
      for count in counts { print("\(count.group)\t\(count.count.map(String.init) ?? "<\(workspace.minimumGroupSize) (suppressed)")") }
    }
  }
}

// MARK: - contributions

/// `coprod contributions add|import|list`.
struct ContributionsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "contributions", abstract: "Add, import and list stories, ideas, comments and objections.",
    subcommands: [Add.self, Import.self, List.self])

  /// `coprod contributions add`.
  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add one contribution.")

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "story, idea, comment or objection.")
    var kind: ContributionKind

    @Option(help: "What was said or written.")
    var text: String

    @Option(help: "The author's participant id.")
    var author: String?

    @Option(help: "An id (default: the next C000001-style id).")
    var id: String?

    @Option(help: "The session it was made in.")
    var session: String?

    @Option(help: "The stage of that session.")
    var stage: String?

    @Flag(help: "The author agreed that these words may be quoted.")
    var quote = false

    @Option(help: "How the author wishes to be named if quoted: anonymous, perspective, first-name, full-name.")
    var anonymity: AnonymityLevel = .anonymous

    @Option(help: "Contributions it grew from, separated by ';'.")
    var from: String?

    @Option(help: "The day it was made (YYYY-MM-DD; default today).")
    var date: String?

    func run() async throws {
      let context = try CommandContext.current()
      let id = try WorkspaceOperations.addContribution(
        kind: kind, authorID: author, text: text, id: id, sessionID: session, stage: stage, consentToQuote: quote,
        anonymity: anonymity, derivedFrom: from.map { $0.split(separator: ";").map { String($0) } } ?? [],
        made: try date.map { try parseDate($0, option: "--date") }, workspace: try options.open(), context: context)
      print("added \(id)")
    }
  }

  /// `coprod contributions import FILE.csv`.
  struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import contributions from CSV, all or nothing.")

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The CSV file (header row first).")
    var file: String

    @Option(help: "The kind of every row, when the file has no kind column.")
    var kind: ContributionKind?

    @OptionGroup var importOptions: ImportOptions

    func run() async throws {
      let workspace = try options.open()
      let summary = try ProgressBar.withContext("importing contributions") { context in
        try ContributionImport.run(
          path: file, mappings: importOptions.mappings, defaultKind: kind, workspace: workspace, context: context,
          dryRun: importOptions.dryRun)
      }
      printSummary(summary)
    }
  }

  /// `coprod contributions list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List contributions; those of people who withdrew consent are left out.")

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "Only this kind.")
    var kind: ContributionKind?

    @Option(help: "Only by this participant.")
    var author: String?

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
      let listing = try options.open().store.contributions(ContributionFilter(kind: kind, authorID: author))
      if json { return try printJSON(listing.contributions) }
      print("id\tkind\tauthor\tquote\tagree/disagree/pass\ttext")
      for stored in listing.contributions {
        let c = stored.contribution
        let text = stored.erased ? "[erased]" : c.text.replacingOccurrences(of: "\n", with: " ")
        let votes = "\(stored.votes.agree)/\(stored.votes.disagree)/\(stored.votes.pass)"
        print("\(c.id)\t\(c.kind.rawValue)\t\(c.authorID ?? "-")\t\(c.consentToQuote ? "yes" : "no")\t\(votes)\t\(text)")
      }
      if listing.withheld > 0 {
        print("(\(listing.withheld) contribution\(listing.withheld == 1 ? "" : "s") withheld: consent withdrawn)")
      }
    }
  }
}
