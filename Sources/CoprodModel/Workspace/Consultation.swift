// coprod — co-production toolkit. Apache-2.0.

// MARK: - Consultation

/// One piece of co-production or consultation work: the question, why it is asked, how much
/// power is shared, and when it runs.
public struct Consultation: Sendable, Hashable, Codable {
  /// The question put to people, in plain English.
  public var question: String
  /// Why the question is asked and what will be done with the answers.
  public var purpose: String
  /// The rung of the TLAP ladder of co-production the organisation declares it is working at.
  public var ladderRung: LadderRung
  /// The IAP2 spectrum level promised to the public.
  public var spectrumLevel: SpectrumLevel
  /// First day of the consultation.
  public var opens: CalendarDate?
  /// Last day on which responses are taken.
  public var closes: CalendarDate?
  /// The Gunning principles, with the evidence for each.
  public var gunning: GunningChecklist

  /// Creates a consultation.
  public init(
    question: String, purpose: String, ladderRung: LadderRung, spectrumLevel: SpectrumLevel,
    opens: CalendarDate? = nil, closes: CalendarDate? = nil,
    gunning: GunningChecklist = GunningChecklist()
  ) {
    self.question = question
    self.purpose = purpose
    self.ladderRung = ladderRung
    self.spectrumLevel = spectrumLevel
    self.opens = opens
    self.closes = closes
    self.gunning = gunning
  }
}

// MARK: - Participation levels

/// The seven rungs of the TLAP ladder of co-production, lowest first.
public enum LadderRung: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
  case coercion = 1, educating, informing, consultation, engagement, coDesign, coProduction

  /// LBHF's grouping: *doing to* (1–2), *doing for* (3–5), *doing with* (6–7).
  public var band: String {
    switch self {
    case .coercion, .educating: "doing to"
    case .informing, .consultation, .engagement: "doing for"
    case .coDesign, .coProduction: "doing with"
    }
  }

  /// The rung's name as written on the command line and stored in events: `co-design`, …
  public var name: String {
    switch self {
    case .coercion: "coercion"
    case .educating: "educating"
    case .informing: "informing"
    case .consultation: "consultation"
    case .engagement: "engagement"
    case .coDesign: "co-design"
    case .coProduction: "co-production"
    }
  }

  /// The rung called `name` (`co-design`, …), or nil when there is none.
  public init?(name: String) {
    guard let rung = Self.allCases.first(where: { $0.name == name }) else { return nil }
    self = rung
  }

  public static func < (lhs: LadderRung, rhs: LadderRung) -> Bool { lhs.rawValue < rhs.rawValue }

  // MARK: Coding

  /// Decodes a rung from its name, so stored events read `"ladderRung":"co-design"`.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let name = try container.decode(String.self)
    guard let rung = LadderRung(name: name) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "'\(name)' is not a rung of the ladder of co-production")
    }
    self = rung
  }

  /// Encodes the rung as its name.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(name)
  }
}

/// The five levels of the IAP2 spectrum of public participation.
public enum SpectrumLevel: String, Sendable, Hashable, Codable, CaseIterable {
  case inform, consult, involve, collaborate, empower
}

/// The four Gunning principles, each with the evidence that it was met (nil = not yet).
public struct GunningChecklist: Sendable, Hashable, Codable {
  /// Evidence that proposals were still at a formative stage.
  public var formativeStage: String?
  /// Evidence that enough reasons and information were given (e.g. the equality assessment).
  public var sufficientInformation: String?
  /// Evidence that people had adequate time to respond.
  public var adequateTime: String?
  /// Evidence that responses were conscientiously taken into account.
  public var conscientiousConsideration: String?

  /// Creates a checklist; every principle starts without evidence.
  public init(
    formativeStage: String? = nil, sufficientInformation: String? = nil,
    adequateTime: String? = nil, conscientiousConsideration: String? = nil
  ) {
    self.formativeStage = formativeStage
    self.sufficientInformation = sufficientInformation
    self.adequateTime = adequateTime
    self.conscientiousConsideration = conscientiousConsideration
  }

  /// True when every principle has evidence.
  public var isComplete: Bool {
    [formativeStage, sufficientInformation, adequateTime, conscientiousConsideration]
      .allSatisfy { $0 != nil }
  }
}
