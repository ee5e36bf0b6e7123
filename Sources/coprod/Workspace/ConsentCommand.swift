// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import CoprodStore
import Foundation

// MARK: - consent

/// `coprod consent record|withdraw|list`.
struct ConsentCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "consent", abstract: "Record, withdraw and list consents.",
    subcommands: [Record.self, Withdraw.self, List.self])

  /// `coprod consent record PARTICIPANT`.
  struct Record: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Record a consent (replaces an earlier one for the same purpose).")

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The participant id.")
    var participant: String

    @Option(help: "participation, monitoring, contact or research.")
    var purpose: ConsentPurpose = .participation

    @Flag(help: "The consent explicitly covers special category data (health, ethnicity, …).")
    var specialCategory = false

    @Flag(help: "Permission to quote their words.")
    var quote = false

    @Flag(help: "Permission to publish their contributions.")
    var publish = false

    @Option(help: "How to name them when quoted: anonymous, perspective, first-name, full-name.")
    var anonymity: AnonymityLevel = .anonymous

    @Option(help: "The day consent was given (YYYY-MM-DD; default today).")
    var date: String?

    func run() async throws {
      let context = try CommandContext.current()
      let given = try date.map { try parseDate($0, option: "--date") } ?? context.now.date
      try WorkspaceOperations.recordConsent(
        Consent(
          participantID: participant, purpose: purpose, specialCategory: specialCategory, mayQuote: quote,
          mayPublish: publish, anonymity: anonymity, given: given),
        workspace: try options.open(), context: context)
      print("recorded \(purpose.rawValue) consent for \(participant) on \(given)")
    }
  }

  /// `coprod consent withdraw PARTICIPANT`.
  struct Withdraw: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Withdraw consent; withdrawing participation removes their contributions from listings, reports and exports.")

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The participant id.")
    var participant: String

    @Option(help: "Withdraw only this purpose (default: every consent, including participation).")
    var purpose: ConsentPurpose?

    @Option(help: "The day of withdrawal (YYYY-MM-DD; default today).")
    var date: String?

    func run() async throws {
      let context = try CommandContext.current()
      let day = try date.map { try parseDate($0, option: "--date") } ?? context.now.date
      let withheld = try WorkspaceOperations.withdrawConsent(
        participantID: participant, purpose: purpose, date: day, workspace: try options.open(), context: context)
      print("withdrew \(purpose?.rawValue ?? "all") consent for \(participant) on \(day)")
      if purpose == nil || purpose == .participation {
        print("  \(withheld) contribution\(withheld == 1 ? "" : "s") now withheld from listings, reports and exports")
      }
    }
  }

  /// `coprod consent list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List consents.")

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "Only this participant.")
    var participant: String?

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
      let consents = try options.open().store.consents(for: participant)
      if json { return try printJSON(consents) }
      print("participant\tpurpose\tspecial-category\tquote\tpublish\tanonymity\tgiven\twithdrawn")
      for c in consents {
        print(
          "\(c.participantID)\t\(c.purpose.rawValue)\t\(c.specialCategory ? "yes" : "no")\t\(c.mayQuote ? "yes" : "no")\t\(c.mayPublish ? "yes" : "no")\t\(c.anonymity.rawValue)\t\(c.given)\t\(c.withdrawn?.text ?? "")"
        )
      }
    }
  }
}

// MARK: - erase

/// `coprod erase PARTICIPANT`.
struct EraseCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "erase",
    abstract: "Right to erasure: remove a participant's personal data and words (also from the log); keep counts.")

  @OptionGroup var options: WorkspaceOptions

  @Argument(help: "The participant id.")
  var participant: String

  func run() async throws {
    try WorkspaceOperations.erase(participantID: participant, workspace: try options.open(), context: try CommandContext.current())
    print("erased \(participant): personal data, access needs and contribution texts removed; counts kept; the erasure is logged")
  }
}

// MARK: - export / import

/// `coprod export`.
struct ExportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Write the workspace as a portable bundle (JSON Lines + a manifest with its sha256).")

  @OptionGroup var options: WorkspaceOptions

  @Option(help: "The bundle file (default: standard output).")
  var out: String?

  @Flag(help: "Include personal data (left out by default).")
  var includePersonalData = false

  func run() async throws {
    let workspace = try options.open()
    let destination =
      out.map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("coprod-export-\(ProcessInfo.processInfo.processIdentifier).jsonl")
    let result = try WorkspaceBundle.export(workspace, includePersonalData: includePersonalData, to: destination)
    let note =
      "exported \(result.manifest.events) events from \(result.manifest.commands) commands; \(result.leftOut) withheld (personal data or withdrawn consent); state hash \(result.manifest.stateHash ?? "-"); sha256 \(result.manifest.sha256)"
    if out == nil {
      defer { try? FileManager.default.removeItem(at: destination) }
      let input = try FileHandle(forReadingFrom: destination)
      while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { FileHandle.standardOutput.write(chunk) }
      FileHandle.standardError.write(Data("coprod: \(note)\n".utf8))
    } else {
      print(note)
    }
  }
}

/// `coprod import FILE`.
struct ImportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import", abstract: "Restore a bundle made by `coprod export` into an empty workspace, exactly.")

  @OptionGroup var options: WorkspaceOptions

  @Argument(help: "The bundle file.")
  var file: String

  func run() async throws {
    let (workspace, manifest) = try WorkspaceBundle.import(from: file, into: try options.open())
    print(
      "imported \(manifest.events) events from \(manifest.commands) commands into '\(workspace.manifest.name)'; "
        + (manifest.stateHash.map { "every event's hash checked; state hash \($0)" } ?? "sha256 checked (a bundle made before the hash chain)"))
  }
}

// MARK: - polis

/// `coprod polis import DIR`.
struct PolisCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "polis", abstract: "Bring a Pol.is conversation export into the workspace.", subcommands: [Import.self])

  /// `coprod polis import DIR`.
  struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import comments.csv, votes.csv and participants-votes.csv, detecting the vote sign convention.")

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The folder holding the export's CSV files.")
    var directory: String

    @Option(help: "Prefix for participant and comment ids.")
    var prefix: String = "polis-"

    @Option(help: "Skip detection: 'positive' (agree = +1) or 'negative' (agree = -1) in votes.csv.")
    var agreeSign: PolisVoteSign?

    @Flag(help: "Check everything and report what would be imported, writing nothing.")
    var dryRun = false

    func run() async throws {
      let workspace = try options.open()
      let outcome = try ProgressBar.withContext("importing votes") { context in
        try PolisImport.run(directory: directory, prefix: prefix, sign: agreeSign, workspace: workspace, context: context, dryRun: dryRun)
      }
      printSummary(outcome.summary)
      if let detection = outcome.detection {
        print(
          "  vote sign detected: agree = \(outcome.sign == .agreeIsPositive ? "+1" : "-1") (distance to reference counts: \(detection.distanceAsWritten) as written, \(detection.distanceFlipped) flipped)"
        )
      }
    }
  }
}
