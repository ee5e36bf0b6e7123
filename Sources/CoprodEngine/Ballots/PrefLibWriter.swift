// coprod — co-production toolkit. Apache-2.0.

// MARK: - Writer

/// Writes ranked profiles as PrefLib `.soc .soi .toc .toi` text.
public enum PrefLibWriter {
  /// The narrowest PrefLib data type that holds the ranked `profile`: `soc` when every
  /// ballot ranks every candidate without ties, `soi` without ties, `toc` when complete,
  /// `toi` otherwise.
  public static func dataType(of profile: BallotProfile) -> BallotFormat {
    var complete = true
    var strict = true
    let n = profile.candidates.count
    for ballot in 0..<profile.distinctBallots {
      let range = profile.range(of: ballot)
      if range.count != n { complete = false }
      if let last = range.last, Int(profile.ranks[last]) != range.count - 1 { strict = false }
    }
    switch (complete, strict) {
    case (true, true): return .soc
    case (false, true): return .soi
    case (true, false): return .toc
    case (false, false): return .toi
    }
  }

  /// The PrefLib text of the ranked `profile`, ballots in profile order.
  ///
  /// Alternative `i` is `profile.candidates[i - 1]`, named by its `name`. The header has
  /// `TITLE`, `DATA TYPE`, `NUMBER ALTERNATIVES`, `NUMBER VOTERS`, `NUMBER UNIQUE ORDERS` and
  /// one `ALTERNATIVE NAME` per candidate.
  ///
  /// - Parameters:
  ///   - profile: A ranked profile.
  ///   - format: `soc`, `soi`, `toc` or `toi`, able to hold the profile; nil for
  ///     ``dataType(of:)``.
  ///   - title: The `# TITLE:` value.
  public static func bytes(_ profile: BallotProfile, format: BallotFormat? = nil, title: String = "")
    -> [UInt8]
  {
    precondition(profile.kind == .ranked, "PrefLib orders hold ranked ballots")
    let needed = dataType(of: profile)
    let chosen = format ?? needed
    let fits: Set<BallotFormat> =
      switch needed {
      case .soc: [.soc, .soi, .toc, .toi]
      case .soi: [.soi, .toi]
      case .toc: [.toc, .toi]
      default: [.toi]
      }
    precondition(fits.contains(chosen), "a .\(chosen.rawValue) file cannot hold this profile")
    var out: [UInt8] = []
    out.reserveCapacity(64 + profile.entries.count * 3 + profile.distinctBallots * 8)
    var header = "# TITLE: \(title)\n# DATA TYPE: \(chosen.rawValue)\n"
    header += "# NUMBER ALTERNATIVES: \(profile.candidates.count)\n"
    header += "# NUMBER VOTERS: \(profile.voterCount)\n"
    header += "# NUMBER UNIQUE ORDERS: \(profile.distinctBallots)\n"
    for (index, candidate) in profile.candidates.enumerated() {
      header += "# ALTERNATIVE NAME \(index + 1): \(candidate.name)\n"
    }
    out.append(contentsOf: header.utf8)
    for ballot in 0..<profile.distinctBallots {
      appendNumber(profile.counts[ballot], to: &out)
      out.append(UInt8(ascii: ":"))
      out.append(UInt8(ascii: " "))
      let range = profile.range(of: ballot)
      var k = range.lowerBound
      while k < range.upperBound {
        if k > range.lowerBound { out.append(UInt8(ascii: ",")) }
        var end = k + 1
        while end < range.upperBound && profile.ranks[end] == profile.ranks[k] { end += 1 }
        if end - k > 1 { out.append(UInt8(ascii: "{")) }
        for item in k..<end {
          if item > k { out.append(UInt8(ascii: ",")) }
          appendNumber(Int64(profile.entries[item]) + 1, to: &out)
        }
        if end - k > 1 { out.append(UInt8(ascii: "}")) }
        k = end
      }
      out.append(BallotText.newline)
    }
    return out
  }

  /// Appends the decimal digits of a non-negative `value`.
  private static func appendNumber(_ value: Int64, to out: inout [UInt8]) {
    var divisor: Int64 = 1
    while divisor <= value / 10 { divisor *= 10 }
    while divisor > 0 {
      out.append(BallotText.zero + UInt8(value / divisor % 10))
      divisor /= 10
    }
  }
}
