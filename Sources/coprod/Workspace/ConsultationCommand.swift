// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import CoprodStore
import Foundation

// MARK: - consultation

/// `coprod consultation set|show`.
struct ConsultationCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "consultation",
    abstract: "Declare what the consultation asks, how much power it shares, and the Gunning evidence.",
    subcommands: [Define.self, Show.self])

  /// `coprod consultation set`.
  struct Define: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "set",
      abstract: "Define the consultation, or change the fields given (the first set needs question, purpose, ladder and spectrum).")

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "The question put to people, in plain English.")
    var question: String?

    @Option(help: "Why it is asked and what will be done with the answers.")
    var purpose: String?

    @Option(help: "The TLAP ladder rung: \(LadderRung.allCases.map(\.name).joined(separator: ", ")).")
    var ladder: String?

    @Option(help: "The IAP2 spectrum level: \(SpectrumLevel.allCases.map(\.rawValue).joined(separator: ", ")).")
    var spectrum: String?

    @Option(help: "The first day (YYYY-MM-DD).")
    var opens: String?

    @Option(help: "The last day responses are taken (YYYY-MM-DD; not before --opens).")
    var closes: String?

    @Option(help: "Gunning 1: evidence that proposals are still at a formative stage.")
    var formativeStage: String?

    @Option(help: "Gunning 2: evidence of enough reasons and information (e.g. the equality assessment).")
    var sufficientInformation: String?

    @Option(help: "Gunning 3: evidence that people have adequate time to respond.")
    var adequateTime: String?

    @Option(help: "Gunning 4: evidence that responses are conscientiously taken into account.")
    var conscientiousConsideration: String?

    func run() async throws {
      let values: [ConsultationField: String?] = [
        .question: question, .purpose: purpose, .ladder: ladder, .spectrum: spectrum, .opens: opens, .closes: closes,
        .formativeStage: formativeStage, .sufficientInformation: sufficientInformation, .adequateTime: adequateTime,
        .conscientiousConsideration: conscientiousConsideration,
      ]
      let update = try ConsultationUpdate(values.compactMapValues { $0 })
      let (consultation, changed) = try WorkspaceOperations.defineConsultation(
        update, workspace: try options.open(), context: try CommandContext.current())
      print(
        changed
          ? "recorded the consultation: \(ConsultationText.summary(consultation))"
          : "the consultation already has these values; nothing was recorded")
      for note in ConsultationText.notes(consultation) { print("  note: \(note)") }
    }
  }

  /// `coprod consultation show`.
  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show the consultation plainly: question, purpose, ladder rung, spectrum level, dates and Gunning evidence.")

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Print the record as JSON.")
    var json = false

    func run() async throws {
      guard let consultation = try options.open().store.consultation() else { throw WorkspaceError.noConsultation }
      if json { return try printJSON(consultation) }
      print(ConsultationText.render(consultation), terminator: "")
    }
  }
}
