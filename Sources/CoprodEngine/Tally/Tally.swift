// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodPlugins
import CoprodSharing
import Foundation
import Logging

// MARK: - Request

/// What `coprod tally` was asked to do.
public struct TallyRequest: Sendable {
  /// The ballot file.
  public var file: String
  /// The file's format, when not chosen from its extension.
  public var format: BallotFormat?
  /// A bundled rule name, a plugin id or a path to a plugin folder.
  public var rule: String
  /// Seats (winners) to fill; the file's own or 1 when nil.
  public var seats: Int?
  /// The budget; the file's own when nil.
  public var budget: MoneyAmount?
  /// How ties the rule cannot resolve are broken.
  public var tieBreak: TieBreakMethod
  /// The seed of the lot and of `math.random`.
  public var seed: Int64
  /// `key=value` settings for the rule.
  public var options: [String]
  /// The plugin's limits.
  public var limits: LuaLimits

  /// Creates a request.
  public init(file: String, format: BallotFormat? = nil, rule: String, seats: Int? = nil, budget: MoneyAmount? = nil, tieBreak: TieBreakMethod = .lot, seed: Int64 = 0, options: [String] = [], limits: LuaLimits = .default) {
    self.file = file
    self.format = format
    self.rule = rule
    self.seats = seats
    self.budget = budget
    self.tieBreak = tieBreak
    self.seed = seed
    self.options = options
    self.limits = limits
  }
}

// MARK: - Result

/// A finished count: what was counted, by which rule, and every round. Its JSON form is the
/// stable output of `coprod tally --format json`.
public struct TallyResult: Sendable, Equatable, Codable {
  /// The rule that counted.
  public var rule: RuleInfo
  /// The input that was counted.
  public var input: InputInfo
  /// Seats asked for.
  public var seats: Int
  /// The budget, when there is one, in money units.
  public var budget: Int64?
  /// Decimal places of the budget and every cost (they are whole numbers of
  /// 10^-moneyDecimals); nil, and left out of the JSON, when amounts are whole.
  public var moneyDecimals: Int?
  /// The tie-break method and seed.
  public var tieBreak: TieBreakSetting
  /// The rule's settings as used.
  public var settings: [String: String]
  /// Winners in order of election.
  public var winners: [String]
  /// Rounds in order.
  public var rounds: [TallyRecord.Round]
  /// Ties the host broke.
  public var tieBreaks: [TallyRecord.TieBreak]

  /// The rule's identity.
  public struct RuleInfo: Sendable, Equatable, Codable {
    /// Plugin id.
    public var id: String
    /// The rule's display name.
    public var name: String
    /// Plugin version.
    public var version: String
    /// The plugin's content hash.
    public var sha256: String
    /// Set when this plugin reuses the id of another it replaces (e.g. a workspace plugin
    /// with a bundled rule's id): the notice, also printed on standard error.
    public var shadows: String?
    /// Who signed it (`key:KEYID` or `unsigned`); absent for a plugin bundled with coprod.
    public var signer: String?
  }

  /// The input's identity and shape.
  public struct InputInfo: Sendable, Equatable, Codable {
    /// The file as given.
    public var file: String
    /// SHA-256 of its bytes.
    public var sha256: String
    /// The format read.
    public var format: String
    /// The ballot kind.
    public var kind: String
    /// Number of voters (ballots): a whole number, beyond 64 bits when the counts are.
    public var ballots: TallyNumber
    /// Number of distinct ballots.
    public var distinctBallots: Int
    /// The candidates, in input order.
    public var candidates: [CandidateInfo]
    /// Withdrawn candidates (BLT).
    public var withdrawn: [String]
  }

  /// A candidate as listed in results.
  public struct CandidateInfo: Sendable, Equatable, Codable {
    /// The input's id.
    public var id: String
    /// Its display name.
    public var name: String
    /// Its cost, for budgeting, in money units.
    public var cost: Int64?
  }

  /// The tie-break setting.
  public struct TieBreakSetting: Sendable, Equatable, Codable {
    /// The method.
    public var method: TieBreakMethod
    /// The seed.
    public var seed: Int64
  }

  enum CodingKeys: String, CodingKey {
    case rule, input, seats, budget, settings, winners, rounds
    case moneyDecimals = "money_decimals"
    case tieBreak = "tie_break"
    case tieBreaks = "tie_breaks"
  }

  /// A candidate's display label: `Name (id)`, or the id alone when they are equal.
  public func label(_ id: String) -> String {
    guard let candidate = input.candidates.first(where: { $0.id == id }), candidate.name != id else { return id }
    return "\(candidate.name) (\(id))"
  }
}

extension TallyResult.InputInfo {
  enum CodingKeys: String, CodingKey {
    case file, sha256, format, kind, ballots, candidates, withdrawn
    case distinctBallots = "distinct_ballots"
  }
}

// MARK: - Running

/// Counts a ballot file with a voting-rule plugin.
public enum Tally {
  /// Reads the file, resolves the rule, runs it in its sandbox and returns the result.
  ///
  /// - Throws: ``BallotFileError`` for bad input, ``PluginLookupError`` for an unknown rule or
  ///   option, ``PluginRunError`` when the rule fails or hits a limit, ``TallyError`` when the
  ///   ballots do not suit the rule.
  public static func run(_ request: TallyRequest, catalog: PluginCatalog, logger: Logger) throws -> TallyResult {
    let (format, bytes, profile, budget, seats) = try read(request)
    let counted = try count(
      profile, seats: seats, budget: budget, rule: request.rule, options: request.options, tieBreak: request.tieBreak,
      seed: request.seed, limits: request.limits, source: request.file, catalog: catalog, logger: logger)

    let withdrawn = Set(profile.withdrawn)
    return TallyResult(
      rule: counted.rule,
      input: .init(
        file: request.file, sha256: PluginLoader.sha256(of: Data(bytes)), format: format.rawValue, kind: profile.kind.rawValue,
        ballots: TallyNumber.exact(profile.voterCount) ?? .text(String(profile.voterCount)), distinctBallots: profile.distinctBallots,
        candidates: profile.candidates.enumerated().filter { !withdrawn.contains($0.offset) }.map { .init(id: $0.element.id, name: $0.element.name, cost: $0.element.cost) },
        withdrawn: profile.withdrawn.map { profile.candidates[$0].id }),
      seats: seats, budget: budget, moneyDecimals: profile.moneyDecimals > 0 ? profile.moneyDecimals : nil, tieBreak: .init(method: request.tieBreak, seed: request.seed),
      settings: counted.settings.mapValues(Self.settingText),
      winners: counted.record.winners, rounds: counted.record.rounds, tieBreaks: counted.record.tieBreaks)
  }

  /// The exact view of the ballots the rule would receive as `election` (its fields and
  /// `election:ballots()`), as JSON, for `coprod tally --dump-input`; nothing is counted.
  ///
  /// - Throws: as ``run(_:catalog:logger:)`` does before counting.
  public static func input(_ request: TallyRequest, catalog: PluginCatalog, logger: Logger) throws -> String {
    let (_, _, profile, budget, seats) = try read(request)
    let (plugin, _) = try catalog.resolve(request.rule, kind: .votingRule)
    let settings = try PluginLoader.settings(for: plugin.manifest, options: request.options)
    let sandbox = try PluginLoader.sandbox(for: plugin, catalog: catalog, limits: request.limits, seed: request.seed, logger: logger)
    return JSONLuaValue.write(try sandbox.electionView(ElectionInput(profile: profile, seats: seats, budget: budget, settings: settings)))
  }

  /// Reads and checks the ballot file, the budget and the seats of `request`.
  private static func read(_ request: TallyRequest) throws -> (BallotFormat, [UInt8], BallotProfile, Int64?, Int) {
    let format = try BallotFile.resolveFormat(path: request.file, format: request.format)
    let bytes = try BallotFile.read(request.file)
    var profile = try BallotFile.parse(bytes: bytes, file: request.file, format: format)
    var budget = profile.budget
    if let asked = request.budget {
      guard profile.useMoneyDecimals(max(asked.decimals, profile.moneyDecimals)),
        let units = asked.units(at: profile.moneyDecimals)
      else { throw TallyError("--budget \(asked) is too large for the costs in \(request.file)") }
      budget = units
    }
    let seats = request.seats ?? profile.seats ?? 1
    guard seats >= 1 else { throw TallyError("--seats must be at least 1") }
    let visible = profile.candidates.count - profile.withdrawn.count
    guard seats <= max(visible, 1) else {
      throw TallyError("\(request.file): \(seats) seats asked for, but there are only \(visible) candidates")
    }
    return (format, bytes, profile, budget, seats)
  }

  /// A count of ballots by a voting-rule plugin: which rule, with which settings, and its
  /// record.
  public struct Counted: Sendable {
    /// The rule's identity (id, name, version, content hash).
    public var rule: TallyResult.RuleInfo
    /// The settings used: the manifest's defaults overridden by the options given.
    public var settings: [String: LuaValue]
    /// Rounds, winners and tie-breaks.
    public var record: TallyRecord
  }

  /// Counts `profile` with the voting-rule plugin `rule` in its own sandbox: the one counting
  /// path of `coprod tally` and of session votes.
  ///
  /// - Parameters:
  ///   - options: `key=value` settings, checked against the rule's manifest.
  ///   - source: what the ballots came from, for messages (a file, a session stage).
  /// - Throws: ``PluginLookupError`` for an unknown rule or option, ``PluginRunError`` when
  ///   the rule fails or hits a limit, ``TallyError`` when the ballots do not suit the rule.
  public static func count(
    _ profile: BallotProfile, seats: Int, budget: Int64?, rule reference: String, options: [String],
    tieBreak: TieBreakMethod, seed: Int64, limits: LuaLimits, source: String, catalog: PluginCatalog, logger: Logger
  ) throws -> Counted {
    let (plugin, provision, sandbox, rule) = try loadRule(reference, catalog: catalog, limits: limits, seed: seed, logger: logger)
    let settings = try PluginLoader.settings(for: plugin.manifest, options: options)
    guard rule.ballotKinds.contains(profile.kind) else {
      throw TallyError("\(source) holds \(profile.kind.rawValue) ballots, but \(provision.name) counts \(rule.ballotKinds.map(\.rawValue).joined(separator: " or ")) ballots; choose a rule for \(profile.kind.rawValue) ballots (see docs/rules/)")
    }
    let input = ElectionInput(profile: profile, seats: seats, budget: budget, settings: settings)
    let record = try sandbox.count(rule, input: input, tieBreak: tieBreak)
    return Counted(
      rule: .init(
        id: plugin.manifest.id, name: rule.name, version: plugin.manifest.version.description, sha256: PluginLoader.runHash(of: plugin, catalog: catalog),
        shadows: catalog.shadowingNotice(for: plugin), signer: PluginProvenance.signer(of: plugin).citation),
      settings: settings, record: record)
  }

  /// The ballot kinds the voting rule `reference` counts, in its own order.
  public static func ballotKinds(of reference: String, catalog: PluginCatalog, limits: LuaLimits, logger: Logger) throws -> [BallotKind] {
    try loadRule(reference, catalog: catalog, limits: limits, seed: 0, logger: logger).rule.ballotKinds
  }

  private static func loadRule(
    _ reference: String, catalog: PluginCatalog, limits: LuaLimits, seed: Int64, logger: Logger
  ) throws -> (plugin: DiscoveredPlugin, provision: PluginManifest.Provision, sandbox: LuaSandbox, rule: VotingRuleDefinition) {
    let (plugin, provision) = try catalog.resolve(reference, kind: .votingRule)
    let sandbox = try PluginLoader.sandbox(for: plugin, catalog: catalog, limits: limits, seed: seed, logger: logger)
    guard case .votingRule(let rule) = try sandbox.loadDefinition(entry: provision.entry, kind: .votingRule) else {
      throw TallyError("plugin \(plugin.manifest.id) did not define a voting rule")
    }
    return (plugin, provision, sandbox, rule)
  }

  /// A setting value as text, as shown in results and `plugins info`.
  public static func settingText(_ value: LuaValue) -> String {
    switch value {
    case .string(let text): text
    case .integer(let number): String(number)
    case .number(let number): String(number)
    case .boolean(let flag): String(flag)
    default: value.typeName
    }
  }
}

/// Ballots that do not suit the rule or the request.
public struct TallyError: ReportableError, Equatable {
  /// What is wrong and what to do.
  public var description: String
  init(_ description: String) { self.description = description }
}
