// coprod — co-production toolkit. Apache-2.0.

import CoprodModel

// MARK: - Vote sign detection

/// Which integer means "agree" in a Pol.is `votes.csv`.
///
/// Pol.is stores votes with agree = −1 and disagree = +1 (its database and vote API), while
/// `participants-votes.csv` flips the sign so that agree = +1. `votes.csv` has been written
/// both ways by different exporter versions. Detection compares the per-comment tallies of
/// `votes.csv` with the two references that have a known sign: the per-comment column sums
/// of `participants-votes.csv` (agree = +1) and the `agrees`/`disagrees` counts of
/// `comments.csv`.
public enum PolisVoteSign: String, Sendable, Hashable, CaseIterable {
  /// agree = +1, disagree = −1 (participants-votes.csv, newer votes.csv).
  case agreeIsPositive = "positive"
  /// agree = −1, disagree = +1 (Pol.is database, API, older votes.csv).
  case agreeIsNegative = "negative"

  /// The stance of a raw vote under this convention.
  public func stance(of raw: Int) -> ContributionVote.Stance? {
    switch raw {
    case 0: .pass
    case 1: self == .agreeIsPositive ? .agree : .disagree
    case -1: self == .agreeIsPositive ? .disagree : .agree
    default: nil
    }
  }

  /// Agree and disagree counts for one comment.
  public struct Tally: Sendable, Hashable {
    /// Agree votes (or +1 votes, for raw tallies).
    public var agree: Int
    /// Disagree votes (or −1 votes, for raw tallies).
    public var disagree: Int

    /// Creates a tally.
    public init(agree: Int, disagree: Int) {
      self.agree = agree
      self.disagree = disagree
    }
  }

  /// The outcome of detection, with the evidence.
  public struct Detection: Sendable, Hashable {
    /// The convention chosen, or nil when the data cannot tell.
    public var sign: PolisVoteSign?
    /// How far `votes.csv` read as written (+1 = agree) is from the references.
    public var distanceAsWritten: Int
    /// How far it is when read flipped (−1 = agree).
    public var distanceFlipped: Int
  }

  /// Decides the convention from `raw` per-comment tallies of `votes.csv` (`agree` counts
  /// +1 votes, `disagree` counts −1 votes) and `references` with agree = +1.
  ///
  /// For every comment in a reference, the distance as written is |plus − agree| +
  /// |minus − disagree| and the distance flipped is |plus − disagree| + |minus − agree|; the
  /// smaller total wins. Equal totals (for example, no agree or disagree votes at all) decide
  /// nothing.
  public static func detect(raw: [Int: Tally], references: [[Int: Tally]]) -> Detection {
    var asWritten = 0
    var flipped = 0
    for reference in references {
      for (comment, expected) in reference {
        let seen = raw[comment] ?? Tally(agree: 0, disagree: 0)
        asWritten += abs(seen.agree - expected.agree) + abs(seen.disagree - expected.disagree)
        flipped += abs(seen.agree - expected.disagree) + abs(seen.disagree - expected.agree)
      }
    }
    let sign: PolisVoteSign? =
      asWritten < flipped ? .agreeIsPositive : flipped < asWritten ? .agreeIsNegative : nil
    return Detection(sign: sign, distanceAsWritten: asWritten, distanceFlipped: flipped)
  }
}
