// coprod — co-production toolkit. Apache-2.0.

// MARK: - Contribution

/// Something a participant contributed: a story, an idea, a comment or an objection.
public struct Contribution: Sendable, Hashable, Codable {
  /// The contribution's id (e.g. `C000042`).
  public var id: String
  /// What kind of contribution it is.
  public var kind: ContributionKind
  /// The pseudonymous id of the author, if known.
  public var authorID: String?
  /// The session it was made in, if any.
  public var sessionID: String?
  /// The stage of that session, if any.
  public var stage: String?
  /// Which iteration (round) of that stage it was made in, from 1: stages can repeat (Open
  /// Space time slots, consent rounds). Session runs record it; for session contributions
  /// recorded before it existed, the workspace's tables give the round open at the time.
  public var iteration: Int?
  /// What was said or written.
  public var text: String
  /// True when the author agreed that these words may be quoted.
  public var consentToQuote: Bool
  /// How the author wishes to be named if quoted.
  public var anonymity: AnonymityLevel
  /// Provenance: the contributions this one grew from (an idea ← stories).
  public var derivedFrom: [String]
  /// The day it was made, if known.
  public var made: CalendarDate?

  /// Creates a contribution.
  public init(
    id: String, kind: ContributionKind, authorID: String?, sessionID: String? = nil,
    stage: String? = nil, text: String, consentToQuote: Bool = false,
    anonymity: AnonymityLevel = .anonymous, derivedFrom: [String] = [], made: CalendarDate? = nil, iteration: Int? = nil
  ) {
    self.id = id
    self.kind = kind
    self.authorID = authorID
    self.sessionID = sessionID
    self.stage = stage
    self.text = text
    self.consentToQuote = consentToQuote
    self.anonymity = anonymity
    self.derivedFrom = derivedFrom
    self.made = made
    self.iteration = iteration
  }
}

/// The kinds of contribution.
public enum ContributionKind: String, Sendable, Hashable, Codable, CaseIterable {
  case story, idea, comment, objection
}

// MARK: - Vote on a contribution

/// One participant's reaction to a contribution (a Pol.is vote on a comment).
public struct ContributionVote: Sendable, Hashable, Codable {
  /// The contribution voted on.
  public var contributionID: String
  /// The pseudonymous id of the voter.
  public var voterID: String
  /// Agree, disagree or pass.
  public var stance: Stance
  /// When the vote was cast, if known.
  public var cast: Timestamp?

  /// Creates a vote.
  public init(contributionID: String, voterID: String, stance: Stance, cast: Timestamp? = nil) {
    self.contributionID = contributionID
    self.voterID = voterID
    self.stance = stance
    self.cast = cast
  }

  /// A reaction to a statement. Raw values follow the intuitive convention (agree = +1).
  public enum Stance: Int, Sendable, Hashable, Codable, CaseIterable {
    case disagree = -1, pass = 0, agree = 1
  }
}
