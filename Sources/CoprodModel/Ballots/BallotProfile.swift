// coprod — co-production toolkit. Apache-2.0.

import BigInt

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
  /// The cost of a participatory-budgeting project in money units (whole numbers of
  /// 10^-`BallotProfile.moneyDecimals`); nil elsewhere.
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
  /// The participatory budget's total, if the input declares one, in money units.
  public var budget: Int64?
  /// Decimal places of every cost and the budget: they are whole numbers of 10^-moneyDecimals
  /// (0 unless the input writes amounts such as `1000.50`; see ``MoneyAmount``).
  public var moneyDecimals: Int
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
  /// The reason written with a ballot (the CSV `reason` column), by ballot index; ballots
  /// without one are absent. Ballots with different reasons are kept distinct.
  public private(set) var reasons: [Int: String]

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
    self.moneyDecimals = 0
    self.metadata = []
    self.counts = []
    self.offsets = [0]
    self.entries = []
    self.ranks = []
    self.points = []
    self.reasons = [:]
  }

  /// Number of distinct ballots.
  public var distinctBallots: Int { counts.count }

  /// Total number of voters (the sum of all counts), exactly: it may exceed 64 bits.
  public var voterCount: BigInt {
    var total = ExactTotals(count: 1)
    for count in counts { total.add(count, at: 0) }
    return total.values[0]
  }

  /// The entry range of ballot `index`.
  public func range(of index: Int) -> Range<Int> { offsets[index]..<offsets[index + 1] }

  /// The index of the candidate with `id`, if any.
  public func candidateIndex(id: String) -> Int? { candidates.firstIndex { $0.id == id } }

  /// Appends one distinct ballot. Callers go through ``BallotProfileBuilder``, which merges
  /// duplicates; this keeps the arrays consistent.
  mutating func appendDistinct(
    count: Int64, entries newEntries: [Int32], ranks newRanks: [UInt16], points newPoints: [Int64],
    reason: String?
  ) {
    if let reason { reasons[counts.count] = reason }
    // Element-wise appends: `append(contentsOf:)` costs a retain/release pair per call,
    // which dominates when a million short ballots are added.
    counts.append(count)
    for entry in newEntries { entries.append(entry) }
    for rank in newRanks { ranks.append(rank) }
    for point in newPoints { points.append(point) }
    offsets.append(entries.count)
  }

  /// Reserves storage for `distinctBallots` ballots of `entries` entries in all.
  mutating func reserve(distinctBallots: Int, entries newEntries: Int) {
    counts.reserveCapacity(distinctBallots)
    offsets.reserveCapacity(distinctBallots + 1)
    entries.reserveCapacity(newEntries)
    if kind == .ranked { ranks.reserveCapacity(newEntries) }
  }

  /// Adds `extra` to the count of ballot `index`; false, changing nothing, when the sum
  /// would not fit in 64 bits.
  mutating func addCount(_ extra: Int64, at index: Int) -> Bool {
    let (sum, overflow) = counts[index].addingReportingOverflow(extra)
    guard !overflow else { return false }
    counts[index] = sum
    return true
  }
}

// MARK: - Builder

/// Builds a ``BallotProfile`` from ballots one at a time, merging identical ballots.
///
/// Two ballots are identical when they have the same entries, rank levels and points in the
/// same order; the builder normalises nothing itself, so parsers pass ballots in canonical
/// form (ranked: best first, ascending index within a tie; approval: ascending candidate
/// index; points: ascending index).
///
/// Duplicates are found through an open-addressing hash table over the profile's own flat
/// arrays, so adding a ballot allocates nothing once the arrays have grown.
public struct BallotProfileBuilder: Sendable {
  /// The profile built so far.
  public private(set) var profile: BallotProfile
  /// Per slot, 0 when empty, else the hash's high 32 bits above ballot index + 1, so a probe
  /// rejects most other ballots without touching `hashes` or the profile; the count is a
  /// power of two.
  private var slots: [UInt64] = Array(repeating: 0, count: 1024)
  /// The hash of each distinct ballot, by ballot index.
  private var hashes: [UInt64] = []

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
    addCanonical(entries: entries, ranks: ranks, points: [], count: count)
  }

  /// Adds an approval ballot (candidate indices in any order; duplicates are ignored).
  public mutating func addApproval(_ approved: [Int], count: Int64) {
    let sorted = Set(approved).sorted().map { Int32($0) }
    addCanonical(entries: sorted, ranks: [], points: [], count: count)
  }

  /// Adds a score or cumulative ballot: points per candidate index.
  public mutating func addPoints(_ points: [Int: Int64], count: Int64) {
    let keys = points.keys.sorted()
    addCanonical(
      entries: keys.map { Int32($0) }, ranks: [], points: keys.map { points[$0] ?? 0 },
      count: count)
  }

  /// Adds a ballot already in canonical form, merging it with an identical earlier ballot
  /// (same entries, levels, points and reason). When the merged count would not fit in 64
  /// bits, the ballot starts a new distinct entry instead, so counts never wrap: rules sum
  /// counts exactly.
  ///
  /// `reason` is the voter's stated reason, if any (consent rounds use it); `ranks` must have one level per entry for ranked profiles and be empty otherwise;
  /// `points` must have one value per entry for score and cumulative profiles and be empty
  /// otherwise. Parsers reuse the arrays they pass, so the call allocates nothing once the
  /// profile's storage has grown.
  public mutating func addCanonical(
    entries: [Int32], ranks: [UInt16], points: [Int64], count: Int64, reason: String? = nil
  ) {
    precondition(ranks.isEmpty || ranks.count == entries.count, "one rank level per entry")
    precondition(points.isEmpty || points.count == entries.count, "one point value per entry")
    let hash = Self.hash(entries, ranks, points, reason)
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    let tag = hash & 0xFFFF_FFFF_0000_0000
    while true {
      let stored = slots[slot]
      if stored == 0 { break }
      let ballot = Int(stored & 0xFFFF_FFFF) - 1
      // Most profiles have no reasons: skip the dictionary lookup then.
      if stored & 0xFFFF_FFFF_0000_0000 == tag && hashes[ballot] == hash && matches(ballot, entries, ranks, points)
        && (profile.reasons.isEmpty ? reason == nil : profile.reasons[ballot] == reason)
      {
        if profile.addCount(count, at: ballot) { return }
        break  // full: this slot now points at a new entry for the same ballot
      }
      slot = (slot + 1) & mask
    }
    let ballot = profile.distinctBallots
    slots[slot] = tag | UInt64(ballot + 1)
    hashes.append(hash)
    profile.appendDistinct(count: count, entries: entries, ranks: ranks, points: points, reason: reason)
    if hashes.count * 2 > slots.count { grow() }
  }

  // MARK: - Hash table

  private func matches(_ ballot: Int, _ entries: [Int32], _ ranks: [UInt16], _ points: [Int64])
    -> Bool
  {
    let start = profile.offsets[ballot]
    guard profile.offsets[ballot + 1] - start == entries.count else { return false }
    for k in entries.indices where profile.entries[start + k] != entries[k] { return false }
    for k in ranks.indices where profile.ranks[start + k] != ranks[k] { return false }
    for k in points.indices where profile.points[start + k] != points[k] { return false }
    return true
  }

  private mutating func grow() {
    rehash(slotCount: slots.count * 2)
  }

  private mutating func rehash(slotCount: Int) {
    var bigger = [UInt64](repeating: 0, count: slotCount)
    let mask = bigger.count - 1
    for (ballot, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash) & mask
      while bigger[slot] != 0 { slot = (slot + 1) & mask }
      bigger[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(ballot + 1)
    }
    slots = bigger
  }

  /// Makes room for `distinctBallots` distinct ballots of `entries` entries in all, so a
  /// parser that knows the sizes (a PrefLib header) adds them without regrowing.
  public mutating func reserve(distinctBallots: Int, entries: Int) {
    var slotCount = slots.count
    while slotCount < 2 * distinctBallots + 2 { slotCount *= 2 }
    if slotCount > slots.count { rehash(slotCount: slotCount) }
    hashes.reserveCapacity(distinctBallots)
    profile.reserve(distinctBallots: distinctBallots, entries: entries)
  }

  private static func hash(_ entries: [Int32], _ ranks: [UInt16], _ points: [Int64], _ reason: String?)
    -> UInt64
  {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(entries.count)
    for e in entries { h = mix(h, UInt64(UInt32(bitPattern: e))) }
    for r in ranks { h = mix(h, UInt64(r)) }
    for p in points { h = mix(h, UInt64(bitPattern: p)) }
    if let reason { for byte in reason.utf8 { h = mix(h, UInt64(byte)) } }
    // Final avalanche (MurmurHash3 fmix64) so the low bits pick well-spread slots.
    h ^= h >> 33
    h &*= 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    h &*= 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 33
    return h
  }

  private static func mix(_ h: UInt64, _ value: UInt64) -> UInt64 {
    let x = (h ^ value) &* 0x100_0000_01B3
    return x ^ (x >> 29)
  }
}
