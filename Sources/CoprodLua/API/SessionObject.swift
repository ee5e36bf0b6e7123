// coprod — co-production toolkit. Apache-2.0.

import CLua
import CoprodModel

// MARK: - What a format sees

/// What the `session` object shows a session format: pseudonymous and consent-filtered,
/// built by the host for each stage function call.
public struct SessionView {
  /// The session id (`s1`; `rehearsal` in a dry run).
  public var id: String
  /// The session's seed.
  public var seed: Int64
  /// The format's display name.
  public var format: String
  /// The current stage's id.
  public var stage: String
  /// The current iteration of the stage, from 1.
  public var iteration: Int
  /// Pseudonymous ids of the people present.
  public var attendees: [String]
  /// The consultation record (as workspace reports see it), or nil.
  public var consultation: LuaValue
  /// Contributions made so far, each with its stage and iteration; `value` is the table a
  /// format sees (words only with consent to quote, no author when anonymous).
  public var contributions: [Entry]
  /// Results of earlier votes, by stage and iteration; `value` is the table a format sees
  /// (options, ballots without voters, winners, rounds).
  public var results: [Entry]
  /// Each attendee's perspectives, only when the format asked for the permission and the
  /// user granted it.
  public var perspectives: [String: [String]]?
  /// Group counts by `perspective` or `language`, small groups suppressed.
  public var attendanceBy: [String: LuaValue]
  /// The format's settings: `plugin.yaml`'s defaults, overridden by the inputs file.
  public var settings: [String: LuaValue]
  /// Groups formed so far, by stage and round (`iteration` numbers the stage's rounds of
  /// groups, across its runs); `value` is a list of groups, each a list of ids.
  public var groups: [Entry]

  /// A value seen at a stage and iteration.
  public struct Entry {
    /// The stage id.
    public var stage: String
    /// The iteration.
    public var iteration: Int
    /// The table a format sees.
    public var value: LuaValue

    /// Creates an entry.
    public init(stage: String, iteration: Int, value: LuaValue) {
      self.stage = stage
      self.iteration = iteration
      self.value = value
    }
  }

  /// Creates a view.
  public init(
    id: String, seed: Int64, format: String, stage: String, iteration: Int, attendees: [String], consultation: LuaValue,
    contributions: [Entry], results: [Entry], perspectives: [String: [String]]?, attendanceBy: [String: LuaValue],
    settings: [String: LuaValue] = [:], groups: [Entry] = []
  ) {
    self.id = id
    self.seed = seed
    self.format = format
    self.stage = stage
    self.iteration = iteration
    self.attendees = attendees
    self.consultation = consultation
    self.contributions = contributions
    self.results = results
    self.perspectives = perspectives
    self.attendanceBy = attendanceBy
    self.settings = settings
    self.groups = groups
  }
}

/// The host services a format may call through the `session` object. Each takes the
/// method's argument table (already copied out of Lua) and returns what the method returns;
/// a thrown ``LuaCallError`` becomes a Lua error at the caller's line.
public struct SessionServices {
  /// `session:tables{ size, mix?, rounds?, stay? }`.
  public var tables: (LuaTable) throws(LuaCallError) -> LuaValue
  /// `session:select_panel{ size, quotas, pool? }`.
  public var selectPanel: (LuaTable) throws(LuaCallError) -> LuaValue
  /// `session:speaking_order{ group, allow_pass? }`.
  public var speakingOrder: (LuaTable) throws(LuaCallError) -> LuaValue
  /// `session:tally{ rule, options, ballots, seats?, budget?, settings? }`.
  public var tally: (LuaTable) throws(LuaCallError) -> LuaValue

  /// Creates the services.
  public init(
    tables: @escaping (LuaTable) throws(LuaCallError) -> LuaValue,
    selectPanel: @escaping (LuaTable) throws(LuaCallError) -> LuaValue,
    speakingOrder: @escaping (LuaTable) throws(LuaCallError) -> LuaValue,
    tally: @escaping (LuaTable) throws(LuaCallError) -> LuaValue
  ) {
    self.tables = tables
    self.selectPanel = selectPanel
    self.speakingOrder = speakingOrder
    self.tally = tally
  }
}

// MARK: - The object

/// The `session` object passed to a format's stage functions (`when`, `options`,
/// `repeat_until`, `groups`, `vote.settings`): a read-only view of the session so far, and
/// host services for the hard parts.
enum SessionObject {
  /// The documented fields and methods (the single source of docs/lua-api.md § session).
  static let reference: [LuaAPIEntry] = [
    .init("session.id", "string", "The session's id (`s1`, `s2`, …; `rehearsal` in a dry run)."),
    .init("session.seed", "integer", "The session's seed: every draw (groups, speaking orders, lots, `math.random`) follows from it."),
    .init("session.format", "string", "The format's display name."),
    .init("session.stage", "string", "The id of the stage being run."),
    .init("session.iteration", "integer", "Which run of the stage this is, from 1 (stages with `repeat_until` run several times)."),
    .init("session.attendees", "{ id, … }", "Pseudonymous ids of the people present, in the order given. A fresh table on each read."),
    .init("session.consultation", "table | nil", "The workspace's consultation record, as workspace reports see it (`question`, `purpose`, `ladder`, `spectrum`, …); nil when none is defined or in a rehearsal outside a workspace."),
    .init("session:contributions([stage [, iteration]])", "{ contribution, … }", "Contributions made so far in this session (of one stage, and one iteration, when given), in order: `{ id, kind, stage, iteration, text?, author?, from = { id, … } }`. `text` is there only when the person agreed to be quoted; `author` only when the format asks for the `participants` permission and the user grants it, and never for anonymous contributions."),
    .init("session:results(stage [, iteration])", "table | nil", "The vote of an earlier stage (its last iteration unless given): `{ options = { { id, name, cost?, from } }, ballots = { ballot, … }, winners = { id, … }, rounds = { { number, tally, elected, excluded } }, rule }`; ballots carry no voter ids (`{ ranking = { { id, … }, … } }` best first with tied options in one group, `{ approve = { id, … } }` or `{ points = { [id] = n }, reason? }`). nil before the vote is counted."),
    .init("session.settings", "{ [key] = value }", "The format's settings: the defaults `plugin.yaml` declares under `settings`, overridden by the inputs file's `settings:` (e.g. a participatory budget's pot). A fresh table on each read."),
    .init("session:groups(stage [, round])", "{ { id, … }, … } | nil", "The groups formed at a stage: its latest round unless `round` is given (rounds count from 1 across the stage's runs; one per run unless `groups.rounds` plans several). E.g. the panel a `selection` stage drew, or the pairs that join into fours. nil when the stage formed none."),
    .init("session:attendance_by(attribute)", "{ { group, count?, suppressed }, … }", "How many attendees have each `perspective` or `language`; groups smaller than the workspace's k have no `count` and `suppressed = true`. Never names anyone."),
    .init("session:attendee(id)", "{ id, perspectives }", "One attendee's perspectives: only when `plugin.yaml` lists the `attendee-perspectives` permission and the user passes `--grant attendee-perspectives`; an error otherwise."),
    .init("session:tables { size, mix?, rounds?, stay?, people? }", "{ rounds = { { { id, … }, … } }, scores }", "Seats attendees (or `people`) at tables of about `size`, mixed by the `mix` attribute (e.g. \"perspective\") without showing it, for `rounds` rounds that avoid repeat meetings; `stay = true` keeps each table's first person in place. `scores = { diversity, repeat_meetings, unique_meeting_share }`: the sum over tables of the L1 distance between a table's shares of each `mix` value and the room's (lower mirrors the room better), meetings of pairs who already met, and the share of all pairs who meet. Tables hold at most `size` and differ by at most one person. Seeded by the session."),
    .init("session:select_panel { size, quotas = { { feature, value, min, max }, … }, pool? }", "{ selected = { id, … }, minimum_probability, algorithm }", "Stratified random selection (sortition) of `size` people from the attendees (or `pool`) meeting the quotas, which name attributes such as perspective; seeded by the session. The panel is drawn from the distribution that maximises the lowest chance of selection (`algorithm = \"maximin\"`, `minimum_probability` is that chance); quotas that cannot be met are an error naming the quota, and nothing is drawn."),
    .init("session:speaking_order { group, allow_pass? }", "{ id, … }", "A seeded order of equal turns for `group` (a list of ids, or a group number of this stage). People who pass get their turn at the end."),
    .init("session:tally { rule, options, ballots, seats?, budget?, settings?, kind? }", "{ winners = { id, … }, rounds, tie_breaks }", "Counts `ballots` (as in `session:results`, or `{ rank = { id, … } }` for a strict ranking) over `options` (`{ { id, name, cost? } }`) with a voting-rule plugin, in its own sandbox, exactly as `coprod tally` does; `points` ballots are score ballots unless `kind = \"cumulative\"`."),
  ]

  /// Makes the object for one stage function call.
  static func make(_ view: SessionView, services: SessionServices) -> HostObject {
    func pushList(_ stack: LuaStack, _ values: [LuaValue]) throws(LuaCallError) { try stack.push(LuaValue.table(LuaTable(array: values))) }
    func argumentTable(_ stack: LuaStack, _ method: String) throws(LuaCallError) -> LuaTable {
      guard stack.type(at: 2) == LUA_TTABLE else {
        throw LuaCallError("bad argument #1 to '\(method)' (table expected, got \(stack.typeName(at: 2)))")
      }
      do throws(LuaReadError) {
        return try stack.value(at: 2, budget: 100_000).tableValue ?? LuaTable()
      } catch {
        throw LuaCallError("session:\(method): \(error.problem)")
      }
    }
    func optionalStage(_ stack: LuaStack, _ position: Int32, _ method: String) throws(LuaCallError) -> String? {
      if stack.type(at: position) == LUA_TNIL || stack.type(at: position) == LUA_TNONE { return nil }
      guard let text = stack.string(at: position) else {
        throw LuaCallError("bad argument #\(position - 1) to '\(method)' (stage id expected, got \(stack.typeName(at: position)))")
      }
      return text
    }
    func optionalIteration(_ stack: LuaStack, _ position: Int32, _ method: String) throws(LuaCallError) -> Int? {
      if stack.type(at: position) == LUA_TNIL || stack.type(at: position) == LUA_TNONE { return nil }
      guard let number = stack.integer(at: position), number >= 1, number <= 1_000 else {
        throw LuaCallError("bad argument #\(position - 1) to '\(method)' (iteration number expected)")
      }
      return Int(number)
    }

    var object = HostObject(name: "session")
    object.fields = [
      "id": { $0.push(view.id) },
      "seed": { $0.push(view.seed) },
      "format": { $0.push(view.format) },
      "stage": { $0.push(view.stage) },
      "iteration": { $0.push(view.iteration) },
      "attendees": { stack throws(LuaCallError) in try pushList(stack, view.attendees.map(LuaValue.string)) },
      "consultation": { stack throws(LuaCallError) in try stack.push(view.consultation) },
      "settings": { stack throws(LuaCallError) in try stack.push(LuaValue.table(LuaTable(fields: view.settings))) },
    ]
    object.methods = [
      "contributions": { stack throws(LuaCallError) in
        let stage = try optionalStage(stack, 2, "contributions")
        let iteration = try optionalIteration(stack, 3, "contributions")
        try pushList(stack, view.contributions.filter { entry in
          (stage == nil || entry.stage == stage) && (iteration == nil || entry.iteration == iteration)
        }.map(\.value))
        return 1
      },
      "results": { stack throws(LuaCallError) in
        guard let stage = try optionalStage(stack, 2, "results") else {
          throw LuaCallError("bad argument #1 to 'results' (stage id expected, got nil)")
        }
        let iteration = try optionalIteration(stack, 3, "results")
        let match = view.results.last { $0.stage == stage && (iteration == nil || $0.iteration == iteration) }
        try stack.push(match?.value ?? .nil)
        return 1
      },
      "groups": { stack throws(LuaCallError) in
        guard let stage = try optionalStage(stack, 2, "groups") else {
          throw LuaCallError("bad argument #1 to 'groups' (stage id expected, got nil)")
        }
        let round = try optionalIteration(stack, 3, "groups")
        let match = view.groups.last { $0.stage == stage && (round == nil || $0.iteration == round) }
        try stack.push(match?.value ?? .nil)
        return 1
      },
      "attendance_by": { stack throws(LuaCallError) in
        guard let attribute = stack.string(at: 2), let groups = view.attendanceBy[attribute] else {
          let known = view.attendanceBy.keys.sorted().joined(separator: " or ")
          throw LuaCallError("bad argument #1 to 'attendance_by' (\(known) expected)")
        }
        try stack.push(groups)
        return 1
      },
      "attendee": { stack throws(LuaCallError) in
        guard let perspectives = view.perspectives else {
          throw LuaCallError("session:attendee needs the attendee-perspectives permission: list it in plugin.yaml, and the user must pass --grant attendee-perspectives")
        }
        guard let id = stack.string(at: 2), let held = perspectives[id] else {
          throw LuaCallError("bad argument #1 to 'attendee' (the id of someone present expected)")
        }
        try stack.push(LuaValue.table(LuaTable(fields: ["id": .string(id), "perspectives": .table(LuaTable(array: held.map(LuaValue.string)))])))
        return 1
      },
      "tables": { stack throws(LuaCallError) in
        try stack.push(try services.tables(try argumentTable(stack, "tables")))
        return 1
      },
      "select_panel": { stack throws(LuaCallError) in
        try stack.push(try services.selectPanel(try argumentTable(stack, "select_panel")))
        return 1
      },
      "speaking_order": { stack throws(LuaCallError) in
        try stack.push(try services.speakingOrder(try argumentTable(stack, "speaking_order")))
        return 1
      },
      "tally": { stack throws(LuaCallError) in
        try stack.push(try services.tally(try argumentTable(stack, "tally")))
        return 1
      },
    ]
    return object
  }
}
