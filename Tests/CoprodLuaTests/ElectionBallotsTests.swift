// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import Foundation
import Testing

/// `election:ballots()` as a rule sees it: shape, order, ties and withdrawn candidates.
@Suite("election:ballots()")
struct ElectionBallotsTests {
  /// A rule that writes every ballot as text into one note, using `#` on every table so
  /// that a wrongly sized table would show.
  static let dump = """
    return coprod.voting_rule {
      name = "dump", ballot = { "ranked", "approval", "score" },
      count = function(election, count)
        local lines = {}
        for i, b in ipairs(election:ballots()) do
          local parts = {}
          if b.ranking then
            for g = 1, #b.ranking do parts[g] = table.concat(b.ranking[g], "=") end
            lines[i] = b.count .. ":" .. table.concat(parts, ">") .. "#" .. #b.ranking
          elseif b.approved then
            lines[i] = b.count .. ":" .. table.concat(b.approved, ";") .. "#" .. #b.approved
          else
            for id, p in coprod.sorted_pairs(b.points) do parts[#parts + 1] = id .. "=" .. p end
            lines[i] = b.count .. ":" .. table.concat(parts, ";")
          end
          if b.reason then lines[i] = lines[i] .. " (" .. b.reason .. ")" end
        end
        count:note(table.concat(lines, " | "))
      end,
    }

    """

  /// A rule that writes `counts()` and `top_choices` over a and c (ties exhaust).
  static let topChoices = """
    return coprod.voting_rule {
      name = "choices", ballot = "ranked",
      count = function(election, count)
        local top = election:top_choices({ "a", "c" }, "exhaust")
        for i = 1, #top do top[i] = tostring(top[i]) end
        count:note(table.concat(election:counts(), ",") .. " | " .. table.concat(top, ","))
      end,
    }

    """

  func dumped(_ profile: BallotProfile, rule source: String = Self.dump) throws -> String {
    let record = try runRule(source, on: profile).get()
    return try #require(record.rounds.first?.notes.first?.text)
  }

  @Test func rankedBallotsKeepGroupsAndDropWithdrawnCandidates() throws {
    var builder = BallotProfileBuilder(kind: .ranked, candidates: ["a", "b", "c", "d"].map { Candidate(id: $0) })
    builder.addRanked([[0], [1, 2], [3]], count: 3)
    builder.addRanked([[3], [1]], count: 2)
    builder.addRanked([[2, 3], [0]], count: 1)
    builder.addRanked([[3]], count: 4)
    builder.addRanked([[1], [2], [3]], count: 1)
    var profile = builder.profile
    #expect(try dumped(profile) == "3:a>b=c>d#3 | 2:d>b#2 | 1:c=d>a#2 | 4:d#1 | 1:b>c>d#3")
    profile.withdrawn = [3]
    #expect(try dumped(profile) == "3:a>b=c#2 | 2:b#1 | 1:c>a#2 | 4:#0 | 1:b>c#2")
  }

  /// A rule that writes `keep_value_totals` for the keep values `KEEP` at scale 100.
  static let keepValues = """
    return coprod.voting_rule {
      name = "meek pass", ballot = "ranked",
      count = function(election, count)
        local votes, excess = election:keep_value_totals(KEEP, 100)
        count:note(("%s,%s,%s,%s | %s"):format(votes.a, votes.b, votes.c, votes.d, excess))
      end,
    }

    """

  @Test func keepValueTotalsRoundDownSkipDeadAndEndAtAmbiguousRanks() throws {
    var builder = BallotProfileBuilder(kind: .ranked, candidates: ["a", "b", "c", "d"].map { Candidate(id: $0) })
    builder.addRanked([[0], [1, 2], [3]], count: 3)  // a keeps 33 of 100, c (b is out) the other 67
    builder.addRanked([[3], [1]], count: 2)  // d withdrawn, b out: all 100 is excess
    builder.addRanked([[2, 3], [0]], count: 1)  // c is the one live candidate of c=d: keeps 100
    builder.addRanked([[0, 2]], count: 5)  // a=c, both live: ambiguous, all excess
    builder.addRanked([[0]], count: 1)  // a keeps 33, 67 excess
    var profile = builder.profile
    profile.withdrawn = [3]
    let rule = Self.keepValues.replacingOccurrences(of: "KEEP", with: "{ a = 33, b = 0, c = 100 }")
    #expect(try dumped(profile, rule: rule) == "132,0,301,nil | 767")
    for keep in ["{ a = 101 }", "{ a = 0.5 }", "{ a = -1 }"] {
      #expect {
        try dumped(profile, rule: Self.keepValues.replacingOccurrences(of: "KEEP", with: keep))
      } throws: { error in
        "\(error)".contains("keep_value_totals: the keep value of 'a' must be an integer from 0 to 100")
      }
    }
  }

  @Test func countsAndTopChoicesWithTies() throws {
    var builder = BallotProfileBuilder(kind: .ranked, candidates: ["a", "b", "c"].map { Candidate(id: $0) })
    builder.addRanked([[1], [0], [2]], count: 4)
    builder.addRanked([[1, 2], [0]], count: 2)
    builder.addRanked([[0, 2]], count: 1)
    builder.addRanked([[1]], count: 3)
    #expect(try dumped(builder.profile, rule: Self.topChoices) == "4,2,1,3 | a,c,false,false")
    let strict = Self.topChoices.replacingOccurrences(of: ", \"exhaust\")", with: ")")
    #expect {
      try dumped(builder.profile, rule: strict)
    } throws: { error in
      "\(error)".hasSuffix("ballot 3 ranks several continuing candidates equal first; this rule needs strict rankings")
    }
  }

  @Test func approvalAndScoreBallots() throws {
    var approval = BallotProfileBuilder(kind: .approval, candidates: ["x", "y", "z"].map { Candidate(id: $0) })
    approval.addApproval([2, 0], count: 5)
    approval.addApproval([1], count: 2)
    var approvals = approval.profile
    approvals.withdrawn = [1]
    #expect(try dumped(approvals) == "5:x;z#2 | 2:#0")
    var score = BallotProfileBuilder(kind: .score, candidates: ["x", "y"].map { Candidate(id: $0) })
    score.addPoints([1: 4, 0: 2], count: 3)
    score.addCanonical(entries: [0, 1], ranks: [], points: [2, 4], count: 1, reason: "too dear")
    score.addCanonical(entries: [0, 1], ranks: [], points: [2, 4], count: 2, reason: "too dear")
    #expect(try dumped(score.profile) == "3:x=2;y=4 | 3:x=2;y=4 (too dear)")
  }
}
