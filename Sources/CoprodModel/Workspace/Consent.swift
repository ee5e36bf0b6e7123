// coprod — co-production toolkit. Apache-2.0.

// MARK: - Consent

/// One consent a participant gave for one purpose, and whether it has been withdrawn.
public struct Consent: Sendable, Hashable, Codable {
  /// Who gave it.
  public var participantID: String
  /// What it is for.
  public var purpose: ConsentPurpose
  /// True when it explicitly covers special category data (health, ethnicity, …) — a
  /// separate, named statement as UK GDPR Art 9 requires.
  public var specialCategory: Bool
  /// Permission to quote the person's words in reports.
  public var mayQuote: Bool
  /// Permission to publish their contributions outside the sessions.
  public var mayPublish: Bool
  /// How the person wishes to be named when quoted.
  public var anonymity: AnonymityLevel
  /// The day consent was given.
  public var given: CalendarDate
  /// The day it was withdrawn, if it has been.
  public var withdrawn: CalendarDate?

  /// Creates a consent record.
  public init(
    participantID: String, purpose: ConsentPurpose, specialCategory: Bool = false,
    mayQuote: Bool = false, mayPublish: Bool = false, anonymity: AnonymityLevel = .anonymous,
    given: CalendarDate, withdrawn: CalendarDate? = nil
  ) {
    self.participantID = participantID
    self.purpose = purpose
    self.specialCategory = specialCategory
    self.mayQuote = mayQuote
    self.mayPublish = mayPublish
    self.anonymity = anonymity
    self.given = given
    self.withdrawn = withdrawn
  }

  /// True while the consent stands.
  public var isActive: Bool { withdrawn == nil }
}

/// What a consent covers.
public enum ConsentPurpose: String, Sendable, Hashable, Codable, CaseIterable {
  /// Taking part: the person's contributions may be used in this work at all. Withdrawing it
  /// removes their contributions from every later report and export.
  case participation
  /// Equality monitoring answers may be processed (in aggregate only).
  case monitoring
  /// Contact about this work and its feedback.
  case contact
  /// Research or evaluation use of their contributions.
  case research
}

/// How a quoted person is named.
public enum AnonymityLevel: String, Sendable, Hashable, Codable, CaseIterable {
  /// Not named at all.
  case anonymous
  /// By perspective only ("a carer").
  case perspective
  /// By first name.
  case firstName = "first-name"
  /// By full name.
  case fullName = "full-name"
}

/// The withdrawal of a consent (or of every consent when `purpose` is nil).
public struct ConsentWithdrawal: Sendable, Hashable, Codable {
  /// Who withdrew.
  public var participantID: String
  /// The purpose withdrawn; nil withdraws every consent, including participation.
  public var purpose: ConsentPurpose?
  /// The day of withdrawal.
  public var date: CalendarDate

  /// Creates a withdrawal.
  public init(participantID: String, purpose: ConsentPurpose?, date: CalendarDate) {
    self.participantID = participantID
    self.purpose = purpose
    self.date = date
  }

  /// True when this withdrawal removes the person's contributions from reports and exports.
  public var endsParticipation: Bool { purpose == nil || purpose == .participation }
}
