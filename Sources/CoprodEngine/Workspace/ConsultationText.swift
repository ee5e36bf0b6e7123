// coprod — co-production toolkit. Apache-2.0.

import CoprodModel

// MARK: - Plain text

/// A consultation in plain English, for residents: what is asked and why, how much say
/// people have, when, and the evidence for each Gunning principle.
public enum ConsultationText {
  /// The full description printed by `coprod consultation show`, ending with a newline.
  public static func render(_ consultation: Consultation) -> String {
    let rung = consultation.ladderRung
    let level = consultation.spectrumLevel
    var lines = [
      "Question: \(consultation.question)",
      "Purpose: \(consultation.purpose)",
      "",
      "How much say people have",
      "  Ladder of co-production: \(rung.name), rung \(rung.rawValue) of \(LadderRung.allCases.count) (\(rung.band))",
      "    \(meaning(of: rung))",
      "  IAP2 spectrum: \(level.rawValue)",
      "    Promise to the public: \(promise(of: level))",
      "",
      "Dates",
      "  Opens: \(consultation.opens?.text ?? "not set")",
      "  Closes: \(consultation.closes.map { $0.text + length(consultation) } ?? "not set")",
      "",
      "Gunning principles (the legal test of a fair consultation)",
    ]
    let principles = gunning(consultation.gunning)
    for (number, principle) in principles.enumerated() {
      lines.append("  \(number + 1). \(principle.label): \(principle.evidence ?? "no evidence recorded yet")")
    }
    lines.append("  Evidence is recorded for \(evidenced(consultation)) of \(principles.count) principles.")
    let notes = notes(consultation)
    if !notes.isEmpty { lines += [""] + notes.map { "Note: " + $0 } }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One line for `coprod consultation set`: rung, band, level and how much Gunning
  /// evidence is recorded.
  public static func summary(_ consultation: Consultation) -> String {
    let rung = consultation.ladderRung
    return
      "\(rung.name) (\(rung.band)), \(consultation.spectrumLevel.rawValue); Gunning evidence for \(evidenced(consultation)) of \(gunning(consultation.gunning).count) principles"
  }

  /// Gaps the record itself shows, in plain words.
  ///
  /// - A "doing with" rung (co-design, co-production) declared while the IAP2 promise is
  ///   only to inform or consult, which match the "doing for" rungs informing and
  ///   consultation: claiming a higher rung than the power shared is faux-production.
  /// - Fewer than the customary 12 weeks between the dates, with no evidence recorded that
  ///   the time is adequate (there is no statutory period).
  public static func notes(_ consultation: Consultation) -> [String] {
    var notes: [String] = []
    let rung = consultation.ladderRung
    if let matching = matchingRung(consultation.spectrumLevel), rung >= .coDesign {
      notes.append(
        "the rung declared, \(rung.name), is \"\(rung.band)\", but the promise made, \(consultation.spectrumLevel.rawValue), only matches the \(matching.name) rung (\"\(matching.band)\"). Claiming a higher rung than the power shared is faux-production: share more power (--spectrum) or declare the rung that matches (--ladder)."
      )
    }
    if let days = days(consultation), days < customaryDays, consultation.gunning.adequateTime == nil {
      notes.append(
        "\(days) day\(days == 1 ? "" : "s") is shorter than the customary 12 weeks. There is no statutory period, so record why the time is adequate (--adequate-time)."
      )
    }
    return notes
  }

  // MARK: - Pieces

  /// 12 weeks: the customary length of a consultation.
  static let customaryDays = 84

  /// The TLAP rung whose name matches an IAP2 level, where there is one.
  static func matchingRung(_ level: SpectrumLevel) -> LadderRung? {
    switch level {
    case .inform: .informing
    case .consult: .consultation
    case .involve, .collaborate, .empower: nil
    }
  }

  /// What the rung means for the people taking part (TLAP).
  static func meaning(of rung: LadderRung) -> String {
    switch rung {
    case .coercion: "People are passive recipients; their views are ignored."
    case .educating: "People are helped to understand the service."
    case .informing: "People are told about decisions and why."
    case .consultation: "People are asked in surveys or meetings, but have no power over the decision."
    case .engagement: "People have more say, but only as much as the provider allows."
    case .coDesign: "People have genuine influence on the design, but do not see it through."
    case .coProduction: "People and the organisation work as equals from design to delivery, sharing decisions."
    }
  }

  /// The promise the IAP2 level makes to the public.
  static func promise(of level: SpectrumLevel) -> String {
    switch level {
    case .inform: "We will keep you informed."
    case .consult: "We will listen to you and tell you how your views influenced the decision."
    case .involve: "Your concerns will be reflected directly in the options, and we will tell you how."
    case .collaborate: "Your advice will be included in the decision to the maximum extent possible."
    case .empower: "You make the final decision: we will implement what you decide."
    }
  }

  /// The four principles in order, each with its evidence.
  static func gunning(_ checklist: GunningChecklist) -> [(label: String, evidence: String?)] {
    [
      ("Proposals are still at a formative stage", checklist.formativeStage),
      ("Enough reasons and information for intelligent consideration", checklist.sufficientInformation),
      ("Adequate time to respond", checklist.adequateTime),
      ("Responses are conscientiously taken into account", checklist.conscientiousConsideration),
    ]
  }

  /// How many principles have evidence.
  static func evidenced(_ consultation: Consultation) -> Int {
    gunning(consultation.gunning).filter { $0.evidence != nil }.count
  }

  /// Days from opening to closing, both included.
  static func days(_ consultation: Consultation) -> Int? {
    guard let opens = consultation.opens, let closes = consultation.closes else { return nil }
    return opens.days(to: closes) + 1
  }

  /// ` (84 days, or 12 weeks)` after the closing day, when both days are set.
  static func length(_ consultation: Consultation) -> String {
    guard let days = days(consultation) else { return "" }
    let weeks = days % 7 == 0 ? ", or \(days / 7) week\(days == 7 ? "" : "s")" : ""
    return " (\(days) day\(days == 1 ? "" : "s")\(weeks))"
  }
}
