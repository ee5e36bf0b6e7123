// coprod — co-production toolkit. Apache-2.0.

/// What the host enforces on a report's document about groups of people: a report may not
/// show a group smaller than the workspace's threshold.
///
/// Two checks run on every `doc:table`:
/// - **Declared counts are suppressed.** A table may declare which columns count people
///   (`counts = { "People" }`, by column name or number); a whole number from 1 to `k - 1` in
///   such a column is replaced by `fewer than k`, and the run's notes say how many were.
/// - **Undeclared small groups are refused.** In a table without `counts`, a row that names
///   a suppressed group (a cell equal to its label) beside a whole number from 1 to `k - 1` ends
///   the run with an error saying which row and what to do.
public struct DocumentPrivacy: Sendable, Equatable {
  /// The smallest group that may be shown (the workspace's `privacy.minimumGroupSize`).
  public var minimumGroupSize: Int
  /// The labels of the groups coprod suppresses anywhere in the report's data (perspectives,
  /// languages, session attendance groups): those smaller than `minimumGroupSize`, and the
  /// next smallest when only one would be hidden.
  public var smallGroups: Set<String>

  /// Creates the rules for a document about a workspace with threshold `minimumGroupSize`.
  public init(minimumGroupSize: Int, smallGroups: Set<String>) {
    self.minimumGroupSize = minimumGroupSize
    self.smallGroups = smallGroups
  }

  /// The text that stands for a suppressed count.
  public var suppressedText: String { suppressedText(in: "en") }

  /// The text that stands for a suppressed count in `language` (`llai na 5` in Welsh).
  public func suppressedText(in language: String) -> String {
    HostText.string("coprod.fewer_than", language, ["k": String(minimumGroupSize)])
  }

  /// Whether `value` is a count of people too small to show.
  func isSmallCount(_ value: LuaValue) -> Bool {
    let number: Int64
    switch value {
    case .integer(let whole): number = whole
    case .number(let real) where real.rounded() == real && abs(real) < 1e15: number = Int64(real)
    default: return false
    }
    return number >= 1 && number < Int64(minimumGroupSize)
  }

  /// Checks one row of a table (or one category of a chart) without declared counts; `place`
  /// names it in the error (e.g. `doc:table: rows[3]`), `declare` says how to declare counts.
  ///
  /// - Throws: ``LuaCallError`` when the row names a small group beside a small number.
  func checkUndeclared(
    _ cells: [LuaValue], at place: String, declare: String = "the columns that count people (counts = { \"COLUMN\" })"
  ) throws(LuaCallError) {
    guard let group = cells.lazy.compactMap(\.stringValue).first(where: smallGroups.contains),
      let number = cells.first(where: isSmallCount)
    else { return }
    throw LuaCallError(
      "\(place) names the group '\(group)', which has fewer than \(minimumGroupSize) people, beside the number \(Self.text(number)); coprod does not publish groups that small. Declare \(declare) so coprod suppresses small counts, or leave the group out")
  }

  private static func text(_ value: LuaValue) -> String {
    switch value {
    case .integer(let whole): String(whole)
    case .number(let real): String(real)
    default: value.typeName
    }
  }
}
