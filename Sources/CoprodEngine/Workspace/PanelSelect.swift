// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodPlugins
import CoprodStore
import Foundation

// MARK: - Request

/// What `coprod panel select` was given.
public struct PanelSelectRequest: Sendable, Hashable {
  /// The pool: a CSV with an `id` column and one column per feature.
  public var pool: String
  /// The quotas: a CSV with columns `feature, value, min, max`.
  public var quotas: String
  /// Panel size.
  public var size: Int
  /// The seed.
  public var seed: Int64

  /// Creates a request.
  public init(pool: String, quotas: String, size: Int, seed: Int64) {
    self.pool = pool
    self.quotas = quotas
    self.size = size
    self.seed = seed
  }
}

/// A drawn panel as `coprod panel select` reports it.
public struct PanelReport: Sendable, Hashable, Encodable {
  /// The draw (its id is `not recorded` outside a workspace).
  public var draw: PanelDraw
  /// Whether the draw was recorded in a workspace.
  public var recorded: Bool
  /// Everyone in the pool, in pool order, with their features and probability of selection.
  public var pool: [Person]

  /// A person of the pool.
  public struct Person: Sendable, Hashable, Encodable {
    public var id: String
    public var features: [String: String]
    public var probability: Double
    public var selected: Bool
  }
}

/// Bad pool or quota files: every problem, by file, line and field. Nothing was drawn.
public struct PanelInputFailed: ReportableError, Equatable {
  /// Every problem found, in file order.
  public var problems: [ImportProblem]

  public var description: String {
    let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
    return "\(count); nothing was drawn\n" + problems.map(\.description).joined(separator: "\n")
  }
}

// MARK: - Operation

/// `coprod panel select`: reads the files, draws the panel (``Sortition``) and records the
/// draw as a `panel.drawn` event when given a workspace.
public enum PanelSelect {
  /// The prefix of draw ids (`panel1`, `panel2`, …).
  public static let idPrefix = "panel"
  /// The id of a draw not recorded in a workspace.
  public static let unrecorded = "not recorded"

  /// Reads the files, checks them and the quotas, draws, and records the draw in `workspace`.
  /// - Throws: ``PanelInputFailed`` for bad files, ``AssignmentError`` for quotas that cannot
  ///   be met; nothing is written then.
  public static func run(_ request: PanelSelectRequest, workspace: Workspace?, context: CommandContext) throws -> PanelReport {
    let (pool, features, poolData) = try readPool(request.pool)
    let (quotas, quotaData) = try readQuotas(request.quotas, features: features, poolName: request.pool)
    let selection = try Sortition.select(PanelRequest(pool: pool, quotas: quotas, size: request.size, seed: request.seed))
    let chosen = Set(selection.selected)
    var draw = PanelDraw(
      id: unrecorded, size: request.size, seed: request.seed, algorithm: selection.algorithm, poolFile: request.pool,
      poolSHA256: PluginLoader.sha256(of: poolData), quotasFile: request.quotas, quotasSHA256: PluginLoader.sha256(of: quotaData),
      poolSize: pool.count,
      quotas: selection.quotas.map {
        PanelDraw.Quota(feature: $0.quota.feature, value: $0.quota.value, min: $0.quota.min, max: $0.quota.max, inPool: $0.inPool, selected: $0.selected)
      },
      selected: selection.selected.map { PanelDraw.Member(id: $0, probability: rounded(selection.probabilities[$0] ?? 0)) },
      minimumProbability: rounded(selection.minimumProbability), panels: selection.panels)
    if let workspace {
      draw = try workspace.store.write(context.info, dryRun: false) { writer in
        var recorded = draw
        recorded.id = idPrefix + String((try writer.panels().count) + 1)
        try writer.record(.panelDrawn(recorded))
        return recorded
      }
    }
    return PanelReport(
      draw: draw, recorded: workspace != nil,
      pool: pool.map {
        PanelReport.Person(id: $0.id, features: $0.features, probability: rounded(selection.probabilities[$0.id] ?? 0), selected: chosen.contains($0.id))
      })
  }

  /// The recorded draw `id`.
  /// - Throws: ``WorkspaceError`` when there is none.
  public static func read(_ id: String, from workspace: Workspace) throws -> PanelDraw {
    let draws = try workspace.store.panels()
    guard let draw = draws.first(where: { $0.id == id }) else {
      throw WorkspaceError.invalidValue(
        field: "ID", problem: "no panel '\(id)' in this workspace (\(draws.isEmpty ? "none drawn yet" : draws.map(\.id).joined(separator: ", ")))")
    }
    return draw
  }

  /// Probabilities are kept to 9 decimals, so records are the same on every machine.
  static func rounded(_ p: Double) -> Double { (p * 1e9).rounded() / 1e9 }

  // MARK: Files

  private static func contents(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw WorkspaceError.unreadable(path, FileManager.default.fileExists(atPath: path) ? "not a readable file" : "no such file")
    }
    return data
  }

  /// The people of a pool file, its feature columns and its bytes.
  static func readPool(_ path: String) throws -> ([AssignablePerson], [String], Data) {
    let data = try contents(path)
    var table = try CSVTable(path: path)
    var problems: [ImportProblem] = []
    guard let idColumn = table.header.firstIndex(of: "id") else {
      throw PanelInputFailed(problems: [
        ImportProblem(file: path, line: 1, field: "id", problem: "no id column; the first line names the columns: id, then one column per feature")
      ])
    }
    let header = table.header
    let features = header.enumerated().filter { $0.offset != idColumn }.map(\.element)
    var people: [AssignablePerson] = []
    var lineOf: [String: Int] = [:]
    try table.forEachRow { line, fields in
      guard fields.count == header.count else {
        problems.append(ImportProblem(file: path, line: line, field: "-", problem: "has \(fields.count) fields; the header has \(header.count)"))
        return
      }
      let id = fields[idColumn].trimmingCharacters(in: .whitespaces)
      if id.isEmpty {
        problems.append(ImportProblem(file: path, line: line, field: "id", problem: "is empty"))
      } else if let earlier = lineOf[id] {
        problems.append(ImportProblem(file: path, line: line, field: "id", problem: "'\(id)' is also on line \(earlier)"))
      } else {
        lineOf[id] = line
      }
      var values: [String: String] = [:]
      for (column, name) in header.enumerated() where column != idColumn {
        values[name] = fields[column].trimmingCharacters(in: .whitespaces)
      }
      people.append(AssignablePerson(id: id, features: values))
    }
    if people.isEmpty, problems.isEmpty {
      problems.append(ImportProblem(file: path, line: 2, field: "-", problem: "no people; add one line per person after the header"))
    }
    guard problems.isEmpty else { throw PanelInputFailed(problems: problems) }
    return (people, features, data)
  }

  /// The quotas of a quota file (columns `feature, value, min, max`) and its bytes.
  static func readQuotas(_ path: String, features: [String], poolName: String) throws -> ([Quota], Data) {
    let data = try contents(path)
    var table = try CSVTable(path: path)
    let needed = ["feature", "value", "min", "max"]
    let missing = needed.filter { !table.header.contains($0) }
    guard missing.isEmpty else {
      throw PanelInputFailed(problems: [
        ImportProblem(
          file: path, line: 1, field: missing[0],
          problem: "no \(missing.joined(separator: ", ")) column; the first line names the columns: feature,value,min,max")
      ])
    }
    let header = table.header
    let column = Dictionary(uniqueKeysWithValues: needed.map { ($0, header.firstIndex(of: $0)!) })
    var problems: [ImportProblem] = []
    var quotas: [Quota] = []
    var lineOf: [String: Int] = [:]
    try table.forEachRow { line, fields in
      guard fields.count == header.count else {
        problems.append(ImportProblem(file: path, line: line, field: "-", problem: "has \(fields.count) fields; the header has \(header.count)"))
        return
      }
      func field(_ name: String) -> String { fields[column[name]!].trimmingCharacters(in: .whitespaces) }
      let feature = field("feature")
      let value = field("value")
      if !features.contains(feature) {
        problems.append(
          ImportProblem(
            file: path, line: line, field: "feature",
            problem: "'\(feature)' is not a column of \(poolName) (its features: \(features.joined(separator: ", ")))"))
      }
      var bounds: [Int] = []
      for name in ["min", "max"] {
        if let number = Int(field(name)), number >= 0 {
          bounds.append(number)
        } else {
          problems.append(ImportProblem(file: path, line: line, field: name, problem: "'\(field(name))' is not a whole number of 0 or more"))
        }
      }
      if bounds.count == 2, bounds[1] < bounds[0] {
        problems.append(ImportProblem(file: path, line: line, field: "max", problem: "\(bounds[1]) is less than min \(bounds[0])"))
      }
      if let earlier = lineOf[feature + "\u{0}" + value] {
        problems.append(ImportProblem(file: path, line: line, field: "value", problem: "\(feature)=\(value) is also on line \(earlier)"))
      } else {
        lineOf[feature + "\u{0}" + value] = line
      }
      if bounds.count == 2 { quotas.append(Quota(feature: feature, value: value, min: bounds[0], max: bounds[1])) }
    }
    guard problems.isEmpty else { throw PanelInputFailed(problems: problems) }
    return (quotas, data)
  }
}

// MARK: - Plain text

/// Panels as `coprod panel …` prints them.
public enum PanelText {
  /// `coprod panel select`: the panel, the quotas and everyone's probability.
  public static func report(_ report: PanelReport) -> String {
    var out = show(report.draw, people: report.pool)
    out += "\nselection probability of everyone in the pool:\n"
    out += FollowThroughText.table(["id", "probability", "selected"], report.pool.map { [$0.id, format($0.probability), $0.selected ? "yes" : "-"] })
    out += report.recorded ? "\nrecorded as \(report.draw.id); see `coprod panel show \(report.draw.id)`\n" : "\nnot recorded (no workspace here)\n"
    return out
  }

  /// `coprod panel show`: the draw, the panel and how each quota was met.
  public static func show(_ draw: PanelDraw, people: [PanelReport.Person]? = nil) -> String {
    let name = draw.id == PanelSelect.unrecorded ? "panel" : "panel \(draw.id)"
    var out = "\(name): \(draw.size) of \(draw.poolSize) people, seed \(draw.seed), \(draw.algorithm) over \(draw.panels) panel\(draw.panels == 1 ? "" : "s")\n"
    out += "pool \(draw.poolFile) (sha256 \(draw.poolSHA256))\nquotas \(draw.quotasFile) (sha256 \(draw.quotasSHA256))\n"
    out += "lowest selection probability in the pool: \(format(draw.minimumProbability))\n"
    out += "\nselected:\n"
    let features = people.map { Dictionary($0.map { ($0.id, $0.features) }, uniquingKeysWith: { a, _ in a }) }
    let names = draw.quotas.reduce(into: [String]()) { if !$0.contains($1.feature) { $0.append($1.feature) } }
    out += FollowThroughText.table(
      ["id", "probability"] + (features == nil ? [] : names),
      draw.selected.map { member in [member.id, format(member.probability)] + (features.map { f in names.map { f[member.id]?[$0] ?? "" } } ?? []) })
    out += "\nquotas:\n"
    out += FollowThroughText.table(
      ["feature", "value", "min", "max", "in pool", "selected", "met"],
      draw.quotas.map { q in
        [q.feature, q.value, "\(q.min)", "\(q.max)", "\(q.inPool)", "\(q.selected)", q.selected >= q.min && q.selected <= q.max ? "yes" : "NO"]
      })
    return out
  }

  /// `coprod panel list`.
  public static func list(_ draws: [PanelDraw]) -> String {
    guard !draws.isEmpty else { return "no panels drawn yet; draw one with `coprod panel select --pool FILE.csv --quotas FILE.csv --size N --seed S`\n" }
    return FollowThroughText.table(
      ["id", "size", "pool", "seed", "algorithm", "lowest probability", "pool sha256"],
      draws.map { [$0.id, "\($0.size)", "\($0.poolSize)", "\($0.seed)", $0.algorithm, format($0.minimumProbability), $0.poolSHA256] })
  }

  /// A probability with 4 decimals.
  public static func format(_ p: Double) -> String { String(format: "%.4f", p) }
}
