// coprod — co-production toolkit. Apache-2.0.

// MARK: - Candidates

/// A candidate, option or project that ballots refer to.
///
/// `id` is the input's own identifier: the PrefLib alternative number as a string (`"3"`),
/// the Pabulib `project_id`, the CSV name or the BLT position.
public struct Candidate: Sendable, Hashable, Codable {
  /// The identifier used by the input file.
  public var id: String
  /// A human-readable name (equal to `id` when the input gives none).
  public var name: String
  /// The cost of a participatory-budgeting project, in the budget's unit; nil elsewhere.
  public var cost: Int64?

  /// Creates a candidate.
  public init(id: String, name: String? = nil, cost: Int64? = nil) {
    self.id = id
    self.name = name ?? id
    self.cost = cost
  }
}

// MARK: - Ballot kinds

/// What a ballot expresses.
public enum BallotKind: String, Sendable, Codable, CaseIterable {
  /// An ordering of candidates, best first; several candidates may share a rank.
  case ranked
  /// A set of approved candidates.
  case approval
  /// Points or grades per candidate (score voting, majority judgment).
  case score
  /// Points per candidate out of a budget (dot voting, cumulative PB).
  case cumulative
}

// MARK: - Profile

/// All ballots of one election, aggregated: each distinct ballot is stored once with its count.
///
/// Storage is a struct of arrays so that a million ballots cost a handful of allocations:
/// ballot `i` owns `entries[offsets[i]..<offsets[i + 1]]` (candidate indices into
/// `candidates`), with `ranks` giving each entry's rank level (0 = best; equal levels are
/// ties) for ranked ballots and `points` giving each entry's points for score and cumulative
/// ballots. Ballots keep the order in which they first appear in the input, so every run
/// sees them in the same order.
public struct BallotProfile: Sendable, Equatable {
  /// What the ballots express.
  public var kind: BallotKind
  /// The candidates, in input order.
  public var candidates: [Candidate]
  /// Candidate indices withdrawn before the count (BLT files); they never receive votes.
  public var withdrawn: [Int]
  /// Number of seats or winners the input asks for, if it says.
  public var seats: Int?
  /// The participatory budget's total, if the input declares one.
  public var budget: Int64?
  /// Header metadata in input order (PrefLib `# KEY: value`, Pabulib `META`, BLT title).
  public var metadata: [Metadata]
  /// Multiplicity of each distinct ballot.
  public private(set) var counts: [Int64]
  /// Start of each ballot in `entries`; `offsets.count == counts.count + 1`.
  public private(set) var offsets: [Int]
  /// Candidate indices of every ballot, concatenated.
  public private(set) var entries: [Int32]
  /// Rank level of each entry for ranked ballots (0 = first); empty for other kinds.
  public private(set) var ranks: [UInt16]
  /// Points of each entry for score and cumulative ballots; empty for other kinds.
  public private(set) var points: [Int64]

  /// A key and value from the input's header.
  public struct Metadata: Sendable, Hashable, Codable {
    /// The header key, as written.
    public var key: String
    /// The header value, as written.
    public var value: String
    /// Creates a header entry.
    public init(key: String, value: String) {
      self.key = key
      self.value = value
    }
  }

  /// Creates an empty profile; add ballots with a ``BallotProfileBuilder``.
  public init(kind: BallotKind, candidates: [Candidate]) {
    self.kind = kind
    self.candidates = candidates
    self.withdrawn = []
    self.seats = nil
    self.budget = nil
    self.metadata = []
    self.counts = []
    self.offsets = [0]
    self.entries = []
    self.ranks = []
    self.points = []
  }

  /// Number of distinct ballots.
  public var distinctBallots: Int { counts.count }

  /// Total number of voters (the sum of all counts).
  public var voterCount: Int64 { counts.reduce(0, +) }

  /// The entry range of ballot `index`.
  public func range(of index: Int) -> Range<Int> { offsets[index]..<offsets[index + 1] }

  /// The index of the candidate with `id`, if any.
  public func candidateIndex(id: String) -> Int? { candidates.firstIndex { $0.id == id } }

  /// Appends one distinct ballot. Callers go through ``BallotProfileBuilder``, which merges
  /// duplicates; this keeps the arrays consistent.
  mutating func appendDistinct(count: Int64, entries newEntries: [Int32], ranks newRanks: [UInt16], points newPoints: [Int64]) {
    counts.append(count)
    entries.append(contentsOf: newEntries)
    ranks.append(contentsOf: newRanks)
    points.append(contentsOf: newPoints)
    offsets.append(entries.count)
  }

  /// Adds `extra` to the count of ballot `index`.
  mutating func addCount(_ extra: Int64, at index: Int) { counts[index] += extra }
}

// MARK: - Builder

/// Builds a ``BallotProfile`` from ballots one at a time, merging identical ballots.
///
/// Two ballots are identical when they have the same entries, rank levels and points in the
/// same order; the builder normalises nothing itself, so parsers pass ballots in canonical
/// form (ranked: best first; approval: ascending candidate index; points: ascending index).
public struct BallotProfileBuilder: Sendable {
  /// The profile built so far.
  public private(set) var profile: BallotProfile
  private var index: [BallotKey: Int] = [:]

  private struct BallotKey: Hashable, Sendable {
    var entries: [Int32]
    var ranks: [UInt16]
    var points: [Int64]
  }

  /// Starts a profile of `kind` over `candidates`.
  public init(kind: BallotKind, candidates: [Candidate]) {
    profile = BallotProfile(kind: kind, candidates: candidates)
  }

  /// Adds a ranked ballot: `groups` are candidate indices, best group first; candidates in
  /// one group share a rank.
  public mutating func addRanked(_ groups: [[Int]], count: Int64) {
    var entries: [Int32] = []
    var ranks: [UInt16] = []
    for (level, group) in groups.enumerated() {
      for candidate in group {
        entries.append(Int32(candidate))
        ranks.append(UInt16(level))
      }
    }
    add(BallotKey(entries: entries, ranks: ranks, points: []), count: count)
  }

  /// Adds an approval ballot (candidate indices in any order; duplicates are ignored).
  public mutating func addApproval(_ approved: [Int], count: Int64) {
    let sorted = Set(approved).sorted().map { Int32($0) }
    add(BallotKey(entries: sorted, ranks: [], points: []), count: count)
  }

  /// Adds a score or cumulative ballot: points per candidate index.
  public mutating func addPoints(_ points: [Int: Int64], count: Int64) {
    let keys = points.keys.sorted()
    add(
      BallotKey(entries: keys.map { Int32($0) }, ranks: [], points: keys.map { points[$0] ?? 0 }),
      count: count)
  }

  private mutating func add(_ key: BallotKey, count: Int64) {
    if let existing = index[key] {
      profile.addCount(count, at: existing)
    } else {
      index[key] = profile.distinctBallots
      profile.appendDistinct(count: count, entries: key.entries, ranks: key.ranks, points: key.points)
    }
  }
}
