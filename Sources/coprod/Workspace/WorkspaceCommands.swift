// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import CoprodStore
import Foundation

/// Commands that work on a consultation workspace (`coprod init`, `participants`, `log`, …).
enum WorkspaceCommands {
  static let all: [any ParsableCommand.Type] = [
    InitCommand.self, ConsultationCommand.self, ParticipantsCommand.self, ContributionsCommand.self, ConsentCommand.self, EraseCommand.self,
    DecisionsCommand.self, CommitmentsCommand.self, FeedbackCommand.self, LogCommand.self, VerifyCommand.self, ExportCommand.self, ImportCommand.self, PolisCommand.self,
    RunCommand.self, SessionsCommand.self, PanelCommand.self,
    RepairCommand.self,
  ]
}

// MARK: - Shared options

/// `--workspace DIR` (default: the current directory).
struct WorkspaceOptions: ParsableArguments {
  @Option(name: .long, help: "The workspace folder (default: the current directory).")
  var workspace: String?

  /// Opens the workspace. `COPROD_BUSY_TIMEOUT` (seconds) changes how long a command waits
  /// for another one to finish writing.
  func open() throws -> Workspace { try Self.open(workspace) }

  /// Opens the workspace at `path` (the current directory when nil).
  static func open(_ path: String?) throws -> Workspace {
    let directory = URL(fileURLWithPath: path ?? FileManager.default.currentDirectoryPath)
    return try Workspace.open(at: directory, busyTimeout: busyTimeout)
  }

  /// How long a command waits for another one to finish writing: `COPROD_BUSY_TIMEOUT`
  /// seconds, else the store's default.
  static var busyTimeout: TimeInterval {
    ProcessInfo.processInfo.environment["COPROD_BUSY_TIMEOUT"].flatMap(Double.init) ?? SQLiteWorkspaceStore.defaultBusyTimeout
  }
}

/// `--map COLUMN=FIELD …` and `--dry-run`, shared by the CSV imports.
struct ImportOptions: ParsableArguments {
  @Option(name: .customLong("map"), help: "COLUMN=FIELD: read COLUMN as FIELD (COLUMN=- skips it). Repeatable.")
  var mappings: [String] = []

  @Flag(help: "Check every row and report what would be imported, writing nothing.")
  var dryRun = false
}

/// Prints `value` as pretty, key-sorted JSON on standard output.
func printJSON<T: Encodable>(_ value: T) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Prints an import summary.
func printSummary(_ summary: ImportSummary) {
  let verb = summary.dryRun ? "dry run: would import" : "imported"
  print("\(verb) \(summary.rows) rows as \(summary.events) events" + (summary.dryRun ? "; nothing was written" : ""))
  for note in summary.notes { print("  \(note)") }
}

/// Parses `YYYY-MM-DD` from an option.
func parseDate(_ text: String, option: String) throws -> CalendarDate {
  guard let date = CalendarDate(text) else {
    throw WorkspaceError.invalidValue(field: option, problem: "'\(text)' is not a date written YYYY-MM-DD")
  }
  return date
}

extension ContributionKind: ExpressibleByArgument {}
extension AnonymityLevel: ExpressibleByArgument {}
extension ConsentPurpose: ExpressibleByArgument {}
extension PolisVoteSign: ExpressibleByArgument {}

// MARK: - init

/// `coprod init DIR`.
struct InitCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init", abstract: "Make a new workspace: a folder with coprod.json and one SQLite database.")

  @Argument(help: "The folder to make (created if missing).")
  var directory: String

  @Option(help: "A name for the consultation (default: the folder name).")
  var name: String?

  func run() async throws {
    let context = try CommandContext.current()
    let workspace = try Workspace.create(at: URL(fileURLWithPath: directory), name: name, now: context.now)
    print("made workspace '\(workspace.manifest.name)' in \(directory)")
    print("  privacy: groups smaller than \(workspace.minimumGroupSize) are suppressed (privacy.minimumGroupSize in coprod.json)")
  }
}

// MARK: - log

/// `coprod log`.
struct LogCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "log", abstract: "Show the workspace's history: every change, who made it, when and with which command.")

  @OptionGroup var options: WorkspaceOptions

  @Option(help: "Only events of this kind (repeatable): \(WorkspaceChange.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
  var kind: [String] = []

  @Option(help: "Only events about this participant.")
  var participant: String?

  @Option(help: "Only events of this command number.")
  var command: Int64?

  @Option(help: "Only events on or after this day (YYYY-MM-DD).")
  var since: String?

  @Option(help: "Only events before this day (YYYY-MM-DD).")
  var until: String?

  @Option(help: "Show at most N events (the oldest).")
  var limit: Int?

  @Option(help: "Show the newest N events.")
  var last: Int?

  @Flag(help: "One JSON object per line.")
  var json = false

  @Flag(help: "Print only the workspace state hash: the hash of the newest event in the chain.")
  var head = false

  func run() async throws {
    if head { return print(try options.open().store.stateHash()) }
    var kinds: Set<WorkspaceChange.Kind>?
    if !kind.isEmpty {
      kinds = Set(
        try kind.map { name in
          guard let value = WorkspaceChange.Kind(rawValue: name) else {
            throw WorkspaceError.invalidValue(
              field: "--kind", problem: "unknown kind '\(name)' (use \(WorkspaceChange.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
          }
          return value
        })
    }
    let filter = EventFilter(
      kinds: kinds, participantID: participant, commandID: command,
      since: try since.map { Timestamp(startOf: try parseDate($0, option: "--since")) },
      until: try until.map { Timestamp(startOf: try parseDate($0, option: "--until")) },
      limit: last ?? limit, fromEnd: last != nil)
    let workspace = try options.open()
    let codec = EventCodec()
    try workspace.store.forEachEvent(filter) { event in
      if json {
        print(
          "{\"at\":\(WorkspaceBundle.json(event.command.at.text)),\"actor\":\(WorkspaceBundle.json(event.command.actor)),\"command\":\(WorkspaceBundle.json(event.command.command)),\"commandId\":\(event.command.id),\"kind\":\"\(event.change.kind.rawValue)\",\"payload\":\(try codec.payload(of: event.change)),\"redacted\":\(event.redacted),\"seq\":\(event.sequence)}"
        )
      } else {
        let about = event.change.participantID ?? "-"
        print(
          "\(event.sequence)\t\(event.command.at)\t\(event.command.actor)\t#\(event.command.id) \(event.command.command)\t\(event.change.kind.rawValue)\t\(about)\(event.redacted ? "\t(redacted)" : "")"
        )
      }
    }
  }
}

// MARK: - verify

/// `coprod verify`.
struct VerifyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check every event's hash, rebuild every table from the event log and prove it matches what is stored.")

  @OptionGroup var options: WorkspaceOptions

  func run() async throws {
    let workspace = try options.open()
    let path = workspace.directory.appendingPathComponent(workspace.manifest.database).path
    let report = try ProgressBar.run("verifying") { try workspace.store.verify(progress: $0) }
    print("replayed \(report.events) events; database check: \(report.integrity)")
    print("chain: \(report.chained) events, each hash follows from the one before; state hash \(report.stateHash)")
    for table in report.tables {
      if table.matches {
        print("  \(table.table): \(table.rows) rows match")
      } else {
        print(
          "  \(table.table): MISMATCH — \(table.missing) rows missing or different, \(table.unexpected) unexpected; first at \(table.firstDifference ?? "?")"
        )
      }
    }
    guard report.integrity == "ok" else { throw StoreError(.damaged(report.integrity), path: path) }
    if let table = report.tables.first(where: { !$0.matches }) {
      throw StoreError(.tablesDisagree(table: table.table, firstDifference: table.firstDifference ?? "?"), path: path)
    }
    print("ok: the stored tables are exactly what the event log produces")
  }
}

// MARK: - repair

/// `coprod repair`.
struct RepairCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repair",
    abstract: "Rebuild the tables from a sound event log, and compact the database file; never changes the log.")

  @OptionGroup var options: WorkspaceOptions

  func run() async throws {
    let report = try options.open().store.repair()
    if report.rebuiltTables.isEmpty {
      print("the event log is sound (\(report.events) events) and every table matched it; nothing to rebuild")
    } else {
      print("the event log is sound (\(report.events) events); rebuilt from it: \(report.rebuiltTables.joined(separator: ", "))")
    }
    print("compacted the database file; state hash \(report.stateHash)")
  }
}
