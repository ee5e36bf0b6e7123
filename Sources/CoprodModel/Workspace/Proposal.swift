// coprod — co-production toolkit. Apache-2.0.

// MARK: - Proposal

/// An option put to a vote or decision: a proposal, a theme or a budgeting project.
public struct Proposal: Sendable, Hashable, Codable {
  /// The option id.
  public var id: String
  /// Short title.
  public var title: String
  /// Longer description.
  public var details: String?
  /// Cost in the budget's unit, for participatory budgeting.
  public var cost: Int64?
  /// Provenance: contributions it grew from.
  public var derivedFrom: [String]

  /// Creates a proposal.
  public init(id: String, title: String, details: String? = nil, cost: Int64? = nil, derivedFrom: [String] = []) {
    self.id = id
    self.title = title
    self.details = details
    self.cost = cost
    self.derivedFrom = derivedFrom
  }
}

// MARK: - Ballot

/// One participant's ballot on a set of proposals.
public struct Ballot: Sendable, Hashable, Codable {
  /// The ballot id.
  public var id: String
  /// The pseudonymous id of the voter.
  public var voterID: String
  /// The session the vote belonged to, if any.
  public var sessionID: String?
  /// What the ballot expresses.
  public var kind: BallotKind
  /// The marks, one per proposal mentioned.
  public var marks: [Mark]

  /// Creates a ballot.
  public init(id: String, voterID: String, sessionID: String? = nil, kind: BallotKind, marks: [Mark]) {
    self.id = id
    self.voterID = voterID
    self.sessionID = sessionID
    self.kind = kind
    self.marks = marks
  }

  /// A mark for one proposal: a rank (0 = first) for ranked ballots, points or a grade for
  /// score and cumulative ballots, neither for approval.
  public struct Mark: Sendable, Hashable, Codable {
    /// The proposal marked.
    public var proposalID: String
    /// Rank level, 0 = first; equal levels are ties.
    public var rank: Int?
    /// Points, dots or grade.
    public var points: Int64?

    /// Creates a mark.
    public init(proposalID: String, rank: Int? = nil, points: Int64? = nil) {
      self.proposalID = proposalID
      self.rank = rank
      self.points = points
    }
  }
}
