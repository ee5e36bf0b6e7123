// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation

// MARK: - Fields

/// The parts of a consultation that `coprod consultation set` can change, one option each.
public enum ConsultationField: String, Sendable, Hashable, CaseIterable {
  case question, purpose, ladder, spectrum, opens, closes
  case formativeStage = "formative-stage"
  case sufficientInformation = "sufficient-information"
  case adequateTime = "adequate-time"
  case conscientiousConsideration = "conscientious-consideration"

  /// The command-line option, e.g. `--formative-stage`.
  public var option: String { "--" + rawValue }

  /// The fields a consultation cannot be without: the first definition must give them all.
  public static let required: [ConsultationField] = [.question, .purpose, .ladder, .spectrum]
}

// MARK: - Update

/// A change to a workspace's consultation: the fields given replace the recorded ones and
/// every other field stays as it is.
public struct ConsultationUpdate: Sendable, Hashable {
  /// The new question.
  public private(set) var question: String?
  /// The new purpose.
  public private(set) var purpose: String?
  /// The new ladder rung.
  public private(set) var ladderRung: LadderRung?
  /// The new spectrum level.
  public private(set) var spectrumLevel: SpectrumLevel?
  /// The new opening day.
  public private(set) var opens: CalendarDate?
  /// The new closing day.
  public private(set) var closes: CalendarDate?
  /// New evidence for the Gunning principles; a nil principle keeps its recorded evidence.
  public private(set) var evidence: GunningChecklist
  /// The fields this update gives, in option order.
  public let given: [ConsultationField]

  /// Reads option values as typed (`--ladder co-design`, `--opens 2026-03-02`, …).
  ///
  /// Text is trimmed; rung and level names may be in any case.
  /// - Throws: ``WorkspaceError/invalidValue(field:problem:)`` naming the option when a
  ///   value is empty, not a known rung or level (listing the allowed ones) or not a date.
  public init(_ values: [ConsultationField: String]) throws {
    evidence = GunningChecklist()
    for field in ConsultationField.allCases {
      guard let raw = values[field] else { continue }
      let text = raw.trimmed
      guard !text.isEmpty else { throw WorkspaceError.invalidValue(field: field.option, problem: "must not be empty") }
      switch field {
      case .question: question = text
      case .purpose: purpose = text
      case .ladder:
        guard let rung = LadderRung(name: text.lowercased()) else {
          throw WorkspaceError.invalidValue(
            field: field.option,
            problem: "unknown rung '\(text)' (use \(FieldValue.choices(LadderRung.allCases.map(\.name))))")
        }
        ladderRung = rung
      case .spectrum:
        guard let level = SpectrumLevel(rawValue: text.lowercased()) else {
          throw WorkspaceError.invalidValue(
            field: field.option, problem: "unknown level '\(text)' (use \(FieldValue.choices(SpectrumLevel.self)))")
        }
        spectrumLevel = level
      case .opens: opens = try Self.date(text, field)
      case .closes: closes = try Self.date(text, field)
      case .formativeStage: evidence.formativeStage = text
      case .sufficientInformation: evidence.sufficientInformation = text
      case .adequateTime: evidence.adequateTime = text
      case .conscientiousConsideration: evidence.conscientiousConsideration = text
      }
    }
    given = ConsultationField.allCases.filter { values[$0] != nil }
  }

  /// `current` with this update's fields replaced, or a new consultation when there is none.
  ///
  /// - Throws: ``WorkspaceError/invalidValue(field:problem:)`` when there is no consultation
  ///   yet and a required field is missing (naming every missing option), when the update
  ///   gives nothing, or when the closing day would come before the opening day.
  public func applied(to current: Consultation?) throws -> Consultation {
    guard var next = current else {
      guard let question, let purpose, let ladderRung, let spectrumLevel else {
        let missing = ConsultationField.required.filter { !given.contains($0) }
        throw WorkspaceError.invalidValue(
          field: missing.map(\.option).joined(separator: ", "),
          problem:
            "missing; this workspace has no consultation yet, so the first `consultation set` must give --question, --purpose, --ladder and --spectrum"
        )
      }
      return try checked(
        Consultation(
          question: question, purpose: purpose, ladderRung: ladderRung, spectrumLevel: spectrumLevel, opens: opens,
          closes: closes, gunning: evidence))
    }
    guard !given.isEmpty else {
      throw WorkspaceError.invalidValue(
        field: "consultation set", problem: "nothing to change; give the options to change, such as --closes or --adequate-time")
    }
    next.question = question ?? next.question
    next.purpose = purpose ?? next.purpose
    next.ladderRung = ladderRung ?? next.ladderRung
    next.spectrumLevel = spectrumLevel ?? next.spectrumLevel
    next.opens = opens ?? next.opens
    next.closes = closes ?? next.closes
    next.gunning.formativeStage = evidence.formativeStage ?? next.gunning.formativeStage
    next.gunning.sufficientInformation = evidence.sufficientInformation ?? next.gunning.sufficientInformation
    next.gunning.adequateTime = evidence.adequateTime ?? next.gunning.adequateTime
    next.gunning.conscientiousConsideration =
      evidence.conscientiousConsideration ?? next.gunning.conscientiousConsideration
    return try checked(next)
  }

  /// `consultation` when its closing day is not before its opening day; names the option
  /// this update gave (`--closes` when it gave both).
  private func checked(_ consultation: Consultation) throws -> Consultation {
    guard let opens = consultation.opens, let closes = consultation.closes, closes < opens else { return consultation }
    if self.closes == nil {
      throw WorkspaceError.invalidValue(
        field: ConsultationField.opens.option,
        problem: "\(opens) is after the closing day, \(closes); give an opening day on or before it (or change --closes too)")
    }
    throw WorkspaceError.invalidValue(
      field: ConsultationField.closes.option,
      problem: "\(closes) is before the opening day, \(opens); give a closing day on or after it")
  }

  private static func date(_ text: String, _ field: ConsultationField) throws -> CalendarDate {
    guard let date = CalendarDate(text) else {
      throw WorkspaceError.invalidValue(field: field.option, problem: "'\(text)' is not \(CalendarDate.shape)")
    }
    return date
  }
}
