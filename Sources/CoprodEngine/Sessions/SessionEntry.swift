// coprod — co-production toolkit. Apache-2.0.

import CoprodModel

// MARK: - Entries

/// One thing that happens in a stage, as an input source hands it to the ``SessionRunner``:
/// someone speaks, passes, votes, or the room commits or decides. Scripted files, the
/// rehearsal simulator and (later) a facilitator's terminal all produce these.
public struct SessionEntry: Sendable, Hashable {
  /// Where it came from, for errors.
  public var origin: Origin
  /// What it is.
  public var body: Body

  /// Creates an entry.
  public init(origin: Origin, body: Body) {
    self.origin = origin
    self.body = body
  }

  /// Where an entry came from: `day1.yaml:14` and `stages.priorities[3]`.
  public struct Origin: Sendable, Hashable {
    /// The file and line (or `rehearsal`, `live`).
    public var place: String
    /// The entry's path, e.g. `stages.priorities[3]`.
    public var path: String

    /// Creates an origin.
    public init(place: String, path: String) {
      self.place = place
      self.path = path
    }
  }

  /// The kinds of entry.
  public enum Body: Sendable, Hashable {
    /// A story, idea, comment or objection.
    case contribution(Said)
    /// Someone passes their turn.
    case pass(String)
    /// A ballot in the stage's vote.
    case ballot(Vote)
    /// A commitment ("we will …").
    case commitment(Promise)
    /// Who decided what with the stage's vote, and why.
    case decision(Ruling)
  }

  /// What someone said.
  public struct Said: Sendable, Hashable {
    /// A short id to refer to it later in the file (`t1`), if given.
    public var localID: String?
    /// Who said it (an attendee), or nil when the room or a facilitator wrote it.
    public var by: String?
    /// The words.
    public var text: String
    /// The kind; the stage's `capture` when nil.
    public var kind: ContributionKind?
    /// Consent to quote these words.
    public var quote: Bool
    /// How to name the person when quoted.
    public var anonymity: AnonymityLevel
    /// What it grew from: local ids, `stage.N` positions or contribution ids.
    public var from: [String]

    /// Creates a contribution entry.
    public init(
      localID: String? = nil, by: String?, text: String, kind: ContributionKind? = nil, quote: Bool = false,
      anonymity: AnonymityLevel = .anonymous, from: [String] = []
    ) {
      self.localID = localID
      self.by = by
      self.text = text
      self.kind = kind
      self.quote = quote
      self.anonymity = anonymity
      self.from = from
    }
  }

  /// A ballot.
  public struct Vote: Sendable, Hashable {
    /// The voter (an attendee).
    public var voter: String
    /// The marks.
    public var choice: Choice
    /// The voter's reason (an objection's).
    public var reason: String?

    /// Creates a ballot entry.
    public init(voter: String, choice: Choice, reason: String? = nil) {
      self.voter = voter
      self.choice = choice
      self.reason = reason
    }
  }

  /// What a ballot says.
  public enum Choice: Sendable, Hashable {
    /// Options best first; options in one group share a rank.
    case rank([[String]])
    /// Options approved.
    case approve([String])
    /// Dots per option (cumulative).
    case dots([(String, Int64)])
    /// A score or grade per option.
    case scores([(String, Int64)])
    /// A consent-round answer for every option: 2 consent, 1 stand aside, 0 object.
    case consent(Int64)

    public static func == (lhs: Choice, rhs: Choice) -> Bool {
      switch (lhs, rhs) {
      case (.rank(let a), .rank(let b)): a == b
      case (.approve(let a), .approve(let b)): a == b
      case (.dots(let a), .dots(let b)), (.scores(let a), .scores(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
      case (.consent(let a), .consent(let b)): a == b
      default: false
      }
    }

    public func hash(into hasher: inout Hasher) {
      switch self {
      case .rank(let groups): hasher.combine(groups)
      case .approve(let ids): hasher.combine(ids)
      case .dots(let pairs), .scores(let pairs):
        for (id, points) in pairs {
          hasher.combine(id)
          hasher.combine(points)
        }
      case .consent(let answer): hasher.combine(answer)
      }
    }

    /// The ballot kind these marks make.
    public var kind: BallotKind {
      switch self {
      case .rank: .ranked
      case .approve: .approval
      case .dots: .cumulative
      case .scores, .consent: .score
      }
    }
  }

  /// A commitment made in the session.
  public struct Promise: Sendable, Hashable {
    /// What will be done.
    public var text: String
    /// The team or role responsible.
    public var owner: String
    /// When it is due.
    public var due: CalendarDate?
    /// What it comes from: option ids, local ids, `stage.N` positions or contribution ids.
    public var from: [String]

    /// Creates a commitment entry.
    public init(text: String, owner: String, due: CalendarDate? = nil, from: [String] = []) {
      self.text = text
      self.owner = owner
      self.due = due
      self.from = from
    }
  }

  /// Who decided what with a vote (each field defaults when nil).
  public struct Ruling: Sendable, Hashable {
    /// Who decided (default: the people present).
    public var decidedBy: String?
    /// What the organisation did with it (default: accepted).
    public var outcome: Decision.Outcome?
    /// Why (default: the rule and the count).
    public var rationale: String?
    /// Why not all of it, when not accepted.
    public var reasons: String?
    /// Where it was given; the runner fills it in from its entry.
    public var origin: Origin?

    /// Creates a decision entry.
    public init(decidedBy: String? = nil, outcome: Decision.Outcome? = nil, rationale: String? = nil, reasons: String? = nil) {
      self.decidedBy = decidedBy
      self.outcome = outcome
      self.rationale = rationale
      self.reasons = reasons
    }
  }
}

// MARK: - Errors

/// An entry (or inputs file line) that cannot be used: `day1.yaml:14: stages.priorities[3].dots:
/// t9 is not an option of this vote (t1, t2, t3)`. Nothing is written.
public struct SessionInputError: ReportableError, Equatable {
  /// The file and line, or another place.
  public var place: String
  /// The field's path.
  public var path: String
  /// What is wrong and what would be right.
  public var problem: String

  /// Creates the error.
  public init(place: String, path: String, problem: String) {
    self.place = place
    self.path = path
    self.problem = problem
  }

  /// An error about `origin`, with `field` appended to its path.
  init(_ origin: SessionEntry.Origin, _ field: String?, _ problem: String) {
    self.init(place: origin.place, path: field.map { "\(origin.path).\($0)" } ?? origin.path, problem: problem)
  }

  public var description: String { "\(place): \(path): \(problem)" }
}
