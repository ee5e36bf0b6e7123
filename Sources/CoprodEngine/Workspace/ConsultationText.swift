// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
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
  public static func notes(_ consultation: Consultation, language: String = "en") -> [String] {
    var notes: [String] = []
    let rung = consultation.ladderRung
    if let matching = matchingRung(consultation.spectrumLevel), rung >= .coDesign {
      notes.append(HostText.string("coprod.caution.faux", language, [
        "rung": title(of: rung, language), "band": band(of: rung, language), "level": title(of: consultation.spectrumLevel, language),
        "matching": title(of: matching, language), "matching_band": band(of: matching, language),
      ]))
    }
    if let days = days(consultation), days < customaryDays, consultation.gunning.adequateTime == nil {
      notes.append(HostText.string("coprod.caution.short", language, ["days": String(days)], count: Double(days)))
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
  static func meaning(of rung: LadderRung, _ language: String = "en") -> String {
    HostText.string("coprod.ladder.\(rung.name).meaning", language)
  }

  /// The rung's name in running text: `co-design`, `cyd-ddylunio`.
  static func title(of rung: LadderRung, _ language: String) -> String { HostText.string("coprod.ladder.\(rung.name)", language) }

  /// The rung's band: `doing with`, `gwneud gyda phobl`.
  static func band(of rung: LadderRung, _ language: String) -> String { HostText.string("coprod.band.\(rung.band)", language) }

  /// The IAP2 level's name in running text: `consult`, `ymgynghori`.
  static func title(of level: SpectrumLevel, _ language: String) -> String { HostText.string("coprod.spectrum.\(level.rawValue)", language) }

  /// The promise the IAP2 level makes to the public.
  static func promise(of level: SpectrumLevel, _ language: String = "en") -> String {
    HostText.string("coprod.spectrum.\(level.rawValue).promise", language)
  }

  /// The four principles in order, each with its evidence.
  static func gunning(_ checklist: GunningChecklist, _ language: String = "en") -> [(label: String, evidence: String?)] {
    [
      (HostText.string("coprod.gunning.formative", language), checklist.formativeStage),
      (HostText.string("coprod.gunning.information", language), checklist.sufficientInformation),
      (HostText.string("coprod.gunning.time", language), checklist.adequateTime),
      (HostText.string("coprod.gunning.consideration", language), checklist.conscientiousConsideration),
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
