// coprod — co-production toolkit. Apache-2.0.

// MARK: - Session events

/// One step of a session — a run of a session format on a workspace — as recorded in the
/// event log (`session.*` kinds). What people say is recorded as `contribution.added`, and
/// what the organisation decides and promises as `decision.recorded` and `commitment.made`,
/// each linked to the session and stage; everything else a session does is one of these.
public enum SessionEvent: Sendable, Hashable {
  /// The session began: which format (exact plugin), seed, inputs and mode.
  case started(SessionStart)
  /// Who is in the room (pseudonymous ids).
  case attendance(SessionAttendance)
  /// A stage (or one iteration of a repeated stage) began.
  case stageStarted(SessionStageMark)
  /// A stage iteration ended.
  case stageEnded(SessionStageMark)
  /// A stage was skipped (its `when` said no), with why.
  case stageSkipped(SessionStageMark)
  /// People were put into groups (tables, pairs) for a stage, with the plan's scores.
  case groupsFormed(SessionGroups)
  /// The speaking order of one group for a stage.
  case speakingOrder(SessionTurns)
  /// Someone passed their turn (they get a turn at the end).
  case passed(SessionPass)
  /// An option was put to the stage's vote.
  case optionAdded(SessionOption)
  /// A ballot was cast in the stage's vote.
  case ballotCast(SessionBallot)
  /// The stage's vote was counted by a voting-rule plugin.
  case counted(SessionCount)
  /// The session ended.
  case closed(SessionClose)

  /// The event's kind in the log.
  public var kind: WorkspaceChange.Kind {
    switch self {
    case .started: .sessionStarted
    case .attendance: .sessionAttendance
    case .stageStarted: .sessionStageStarted
    case .stageEnded: .sessionStageEnded
    case .stageSkipped: .sessionStageSkipped
    case .groupsFormed: .sessionGroupsFormed
    case .speakingOrder: .sessionSpeakingOrder
    case .passed: .sessionPassed
    case .optionAdded: .sessionOptionAdded
    case .ballotCast: .sessionBallotCast
    case .counted: .sessionCounted
    case .closed: .sessionClosed
    }
  }

  /// The session the event belongs to.
  public var sessionID: String {
    switch self {
    case .started(let e): e.id
    case .attendance(let e): e.session
    case .stageStarted(let e), .stageEnded(let e), .stageSkipped(let e): e.session
    case .groupsFormed(let e): e.session
    case .speakingOrder(let e): e.session
    case .passed(let e): e.session
    case .optionAdded(let e): e.session
    case .ballotCast(let e): e.session
    case .counted(let e): e.session
    case .closed(let e): e.session
    }
  }

  /// The participant the event is about: who passed, who voted, or whose words name an
  /// option; nil for events about the whole room.
  public var participantID: String? {
    switch self {
    case .passed(let e): e.participantID
    case .ballotCast(let e): e.voterID
    case .optionAdded(let e): e.wordsBy
    default: nil
    }
  }

  /// This event with `participantID`'s words removed (a ballot's reason, an option named in
  /// their words), or nil when it holds none of them.
  public func redacted(erasing participantID: String) -> SessionEvent? {
    switch self {
    case .ballotCast(var e) where e.voterID == participantID && e.reason?.isEmpty == false:
      e.reason = ""
      return .ballotCast(e)
    case .optionAdded(var e) where e.wordsBy == participantID && !e.name.isEmpty:
      e.name = ""
      return .optionAdded(e)
    default:
      return nil
    }
  }
}

/// How a session is run.
public enum SessionMode: String, Sendable, Hashable, Codable, CaseIterable {
  /// From an inputs file (`coprod run FORMAT --inputs FILE`).
  case scripted
  /// Step by step by a facilitator at a terminal.
  case live
}

// MARK: - Payloads

/// `session.started`.
public struct SessionStart: Sendable, Hashable, Codable {
  /// The session id (`s1`, `s2`, …).
  public var id: String
  /// The format plugin, exactly.
  public var format: PluginReference
  /// The format's display name.
  public var formatName: String
  /// The seed of every draw in the session (groups, speaking orders, lots, `math.random`).
  public var seed: Int64
  /// The SHA-256 of the inputs file, for scripted sessions.
  public var inputsSHA256: String?
  /// How it is run.
  public var mode: SessionMode
  /// When it started.
  public var at: Timestamp

  /// Creates the event.
  public init(
    id: String, format: PluginReference, formatName: String, seed: Int64, inputsSHA256: String?, mode: SessionMode,
    at: Timestamp
  ) {
    self.id = id
    self.format = format
    self.formatName = formatName
    self.seed = seed
    self.inputsSHA256 = inputsSHA256
    self.mode = mode
    self.at = at
  }
}

/// `session.attendance`.
public struct SessionAttendance: Sendable, Hashable, Codable {
  /// The session.
  public var session: String
  /// Pseudonymous ids of the people present, in the order given.
  public var participants: [String]

  /// Creates the event.
  public init(session: String, participants: [String]) {
    self.session = session
    self.participants = participants
  }
}

/// `session.stage-started`, `session.stage-ended` and `session.stage-skipped`.
public struct SessionStageMark: Sendable, Hashable, Codable {
  /// The session.
  public var session: String
  /// The stage id.
  public var stage: String
  /// The iteration, from 1 (repeated stages run several).
  public var iteration: Int
  /// When.
  public var at: Timestamp
  /// Why a stage was skipped.
  public var reason: String?

  /// Creates the event.
  public init(session: String, stage: String, iteration: Int, at: Timestamp, reason: String? = nil) {
    self.session = session
    self.stage = stage
    self.iteration = iteration
    self.at = at
    self.reason = reason
  }
}

/// `session.groups-formed`: round → group → ids.
public struct SessionGroups: Sendable, Hashable, Codable {
  /// The session.
  public var session: String
  /// The stage id.
  public var stage: String
  /// The iteration.
  public var iteration: Int
  /// How the groups were made: `tables`, `pairs`, `solo`, `plenary` or `plugin`.
  public var method: String
  /// Round → group → pseudonymous ids.
  public var rounds: [[[String]]]
  /// The plan's scores, when the host mixed the tables.
  public var scores: GroupScores?

  /// Creates the event.
  public init(session: String, stage: String, iteration: Int, method: String, rounds: [[[String]]], scores: GroupScores?) {
    self.session = session
    self.stage = stage
    self.iteration = iteration
    self.method = method
    self.rounds = rounds
    self.scores = scores
  }

  /// How well tables were mixed (GroupSelect's measures).
  public struct GroupScores: Sendable, Hashable, Codable {
    /// Sum of L1 deviations of each table's mix from the room's (0 = every table mirrors the room).
    public var diversity: Double
    /// Pairs of people who meet more than once.
    public var repeatMeetings: Int
    /// Share of the possible pairs that meet at least once.
    public var uniqueMeetingShare: Double

    /// Creates scores.
    public init(diversity: Double, repeatMeetings: Int, uniqueMeetingShare: Double) {
      self.diversity = diversity
      self.repeatMeetings = repeatMeetings
      self.uniqueMeetingShare = uniqueMeetingShare
    }
  }
}

/// `session.speaking-order`.
public struct SessionTurns: Sendable, Hashable, Codable {
  /// The session.
  public var session: String
  /// The stage id.
  public var stage: String
  /// The iteration.
  public var iteration: Int
  /// The group (1-based, in the stage's first round).
  public var group: Int
  /// The order in which people speak.
  public var order: [String]

  /// Creates the event.
  public init(session: String, stage: String, iteration: Int, group: Int, order: [String]) {
    self.session = session
    self.stage = stage
    self.iteration = iteration
    self.group = group
    self.order = order
  }
}

/// `session.passed`.
public struct SessionPass: Sendable, Hashable, Codable {
  /// The session.
  public var session: String
  /// The stage id.
  public var stage: String
  /// The iteration.
  public var iteration: Int
  /// Who passed.
  public var participantID: String

  /// Creates the event.
  public init(session: String, stage: String, iteration: Int, participantID: String) {
    self.session = session
    self.stage = stage
    self.iteration = iteration
    self.participantID = participantID
  }
}

/// `session.option-added`: one option put to a vote, with its provenance.
public struct SessionOption: Sendable, Hashable, Codable {
  /// The session.
  public var session: String
  /// The stage id of the vote.
  public var stage: String
  /// The iteration.
  public var iteration: Int
  /// The option id.
  public var id: String
  /// Its name as shown to people.
  public var name: String
  /// Its cost in whole money units, for participatory budgeting.
  public var cost: Int64?
  /// Provenance: the contributions it grew from.
  public var derivedFrom: [String]
  /// The participant whose words the name is (an option made from one contribution with a
  /// known author), so that erasure can blank it.
  public var wordsBy: String?

  /// Creates the event.
  public init(
    session: String, stage: String, iteration: Int, id: String, name: String, cost: Int64? = nil,
    derivedFrom: [String] = [], wordsBy: String? = nil
  ) {
    self.session = session
    self.stage = stage
    self.iteration = iteration
    self.id = id
    self.name = name
    self.cost = cost
    self.derivedFrom = derivedFrom
    self.wordsBy = wordsBy
  }
}

/// `session.ballot-cast`.
public struct SessionBallot: Sendable, Hashable, Codable {
  /// The session.
  public var session: String
  /// The stage id of the vote.
  public var stage: String
  /// The iteration.
  public var iteration: Int
  /// The pseudonymous id of the voter (never shown to plugins).
  public var voterID: String
  /// What the ballot expresses.
  public var kind: BallotKind
  /// The marks, one per option mentioned: a rank level (0 = first) for ranked ballots,
  /// points for score and cumulative ones, neither for approval.
  public var marks: [Mark]
  /// The voter's reason (an objection's, in a consent round).
  public var reason: String?

  /// Creates the event.
  public init(
    session: String, stage: String, iteration: Int, voterID: String, kind: BallotKind, marks: [Mark], reason: String? = nil
  ) {
    self.session = session
    self.stage = stage
    self.iteration = iteration
    self.voterID = voterID
    self.kind = kind
    self.marks = marks
    self.reason = reason
  }

  /// A mark for one option.
  public struct Mark: Sendable, Hashable, Codable {
    /// The option marked.
    public var option: String
    /// Rank level, 0 = first; equal levels are ties.
    public var rank: Int?
    /// Points, dots or grade.
    public var points: Int64?

    /// Creates a mark.
    public init(option: String, rank: Int? = nil, points: Int64? = nil) {
      self.option = option
      self.rank = rank
      self.points = points
    }
  }
}

/// `session.counted`: the count of a stage's vote, exactly as the rule recorded it.
public struct SessionCount: Sendable, Hashable, Codable {
  /// The session.
  public var session: String
  /// The stage id of the vote.
  public var stage: String
  /// The iteration.
  public var iteration: Int
  /// The voting-rule plugin, exactly.
  public var rule: PluginReference
  /// The rule's display name.
  public var ruleName: String
  /// Seats (winners) asked for.
  public var seats: Int
  /// The budget, for participatory budgeting.
  public var budget: Int64?
  /// The rule's settings as used.
  public var settings: [String: String]
  /// Ballots counted.
  public var ballots: Int
  /// The count: rounds, winners, tie-breaks.
  public var record: TallyRecord

  /// Creates the event.
  public init(
    session: String, stage: String, iteration: Int, rule: PluginReference, ruleName: String, seats: Int, budget: Int64?,
    settings: [String: String], ballots: Int, record: TallyRecord
  ) {
    self.session = session
    self.stage = stage
    self.iteration = iteration
    self.rule = rule
    self.ruleName = ruleName
    self.seats = seats
    self.budget = budget
    self.settings = settings
    self.ballots = ballots
    self.record = record
  }
}

/// `session.closed`.
public struct SessionClose: Sendable, Hashable, Codable {
  /// The session.
  public var session: String
  /// When.
  public var at: Timestamp

  /// Creates the event.
  public init(session: String, at: Timestamp) {
    self.session = session
    self.at = at
  }
}
