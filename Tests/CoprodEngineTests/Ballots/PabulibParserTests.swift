// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation
import Testing

@Suite("Pabulib files")
struct PabulibParserTests {
  // MARK: - Real files

  @Test(arguments: [
    ("Netherlands_Assen_2024.pb", BallotKind.approval, "approval", "equalshares/add1", 100_000 as Int64, 14, 84 as Int64, 67),
    ("Poland_Gdansk_2020_Wyspa_Sobieszewska.pb", .cumulative, "cumulative", "greedy", 201_650, 7, 516, 93),
    ("Poland_Warszawa_2018_Niskie_Okecie.pb", .approval, "approval", "greedy-threshold", 372_500, 12, 229, 77),
    ("Poland_Zabrze_2021_Makoszowy.pb", .approval, "choose-1", "greedy", 155_000, 2, 272, 2),
    ("US_Stanford_Dataset_PB_Chicago_35th_Ward_2019_vote_approvals.pb", .approval, "approval", "unknown", 1_000_000, 5, 115, 14),
  ])
  func realFiles(
    name: String, kind: BallotKind, voteType: String, rule: String, budget: Int64, projects: Int,
    votes: Int64, distinct: Int
  ) throws {
    let file = try BallotFile.loadPabulib(path: Fixture.path("pabulib/" + name))
    #expect(file.profile.kind == kind)
    #expect(file.voteType == voteType)
    #expect(file.rule == rule)
    #expect(file.profile.budget == budget)
    #expect(file.profile.candidates.count == projects)
    #expect(file.profile.voterCount == votes)
    #expect(file.profile.distinctBallots == distinct)
    #expect(try BallotFile.load(path: Fixture.path("pabulib/" + name)) == file.profile)
  }

  @Test func assenProjectsAndOutcome() throws {
    let file = try BallotFile.loadPabulib(path: Fixture.path("pabulib/Netherlands_Assen_2024.pb"))
    let first = file.profile.candidates[0]
    #expect(first == Candidate(id: "3", name: "PopUp Podium", cost: 7200))
    #expect(file.selected == ["3", "9", "2", "11", "13", "14", "5", "6", "12"])
    #expect(file.profile.metadata.first == BallotProfile.Metadata(key: "description", value: "Assen Top Idee"))
    #expect(file.profile.metadata.count == 15)
    #expect(file.profile.views[0] == BallotView(count: 1, ids: ["1", "2", "6", "9", "13"].sorted { a, b in
      file.profile.candidateIndex(id: a) ?? 0 < file.profile.candidateIndex(id: b) ?? 0
    }))
  }

  @Test func gdanskCumulativePointsAndQuotedNames() throws {
    let file = try BallotFile.loadPabulib(path: Fixture.path("pabulib/Poland_Gdansk_2020_Wyspa_Sobieszewska.pb"))
    #expect(file.selected == nil)
    let views = file.profile.views
    #expect(views[0] == BallotView(count: 44, ids: ["5"], points: [5]))
    // Voter 97 wrote `6,2` with points `3,2`; project 2 comes first in PROJECTS.
    #expect(views[1] == BallotView(count: 20, ids: ["2", "6"], points: [2, 3]))
    let name = file.profile.candidates[0].name
    #expect(name.hasPrefix("\"BEZPIECZEŃSTWO STRAŻAKÓW - WIĘKSZYM"))
    #expect(name.hasSuffix("OSP Gdańsk-Sobieszewo"))
  }

  // MARK: - Small files

  static let head = "META\nkey;value\nvote_type;VOTETYPE\nbudget;100.0\nPROJECTS\nproject_id;cost;name;selected\n1;50;One;1\n2;60;;0\n"

  @Test func ordinalVotesAreRankings() throws {
    let text = Self.head.replacingOccurrences(of: "VOTETYPE", with: "ordinal") + "VOTES\nvoter_id;vote\na;2,1\nb;1\nc;2,1\n"
    let file = try BallotFile.parse(bytes: Array(text.utf8), file: "p.pb", format: .pb)
    #expect(file.kind == .ranked)
    #expect(file.budget == 100)
    #expect(file.candidates == [Candidate(id: "1", name: "One", cost: 50), Candidate(id: "2", cost: 60)])
    #expect(file.views == [
      BallotView(count: 2, ids: ["2", "1"], ranks: [0, 1]), BallotView(count: 1, ids: ["1"], ranks: [0]),
    ])
  }

  @Test func scoringVotesNeedPoints() throws {
    let text = Self.head.replacingOccurrences(of: "VOTETYPE", with: "scoring") + "VOTES\nvoter_id;vote;points\na;2,1;4,1\nb;;\n"
    let profile = try BallotFile.parse(bytes: Array(text.utf8), file: "p.pb", format: .pb)
    #expect(profile.kind == .score)
    #expect(profile.views == [
      BallotView(count: 1, ids: ["1", "2"], points: [1, 4]), BallotView(count: 1, ids: []),
    ])
  }

  // MARK: - Errors

  @Test(arguments: [
    ("approval", "voter_id;vote\nv1;1,3\n", "p.pb:11: unknown project \"3\"; it is not listed in PROJECTS"),
    ("approval", "voter_id;vote\nv1;1,\n", "p.pb:11: empty project id in the vote; check for doubled or trailing ','"),
    ("approval", "voter_id;vote\nv1;1,1\n", "p.pb:11: project \"1\" appears twice in this vote; list each project once"),
    ("approval", "voter_id;vote\nv1;1\nv1;2\n", "p.pb:12: voter_id \"v1\" appears twice; each voter votes once"),
    ("approval", "voter_id;vote\nv1;1;x\n",
     "p.pb:11: the row has 3 fields but the VOTES header on line 10 has 2; quote fields that contain ';'"),
    ("approval", "voter_id\nv1\n", "p.pb:10: the VOTES header has no `vote` column; it must name the columns `vote`"),
    ("approval", "voter_id;vote\n", "p.pb: the file holds no votes"),
    ("ranked", "voter_id;vote\nv1;1\n",
     "p.pb:3: unknown vote_type \"ranked\"; expected approval, choose-1, ordinal, cumulative or scoring"),
    ("cumulative", "voter_id;vote\nv1;1\n", "p.pb:10: the VOTES header has no `points` column, which cumulative votes need"),
    ("cumulative", "voter_id;vote;points\nv1;1,2;3\n",
     "p.pb:11: the vote lists 2 projects but `points` lists 1 values; give one value per project"),
    ("cumulative", "voter_id;vote;points\nv1;1;-3\n", "p.pb:11: points are negative; cumulative votes give 0 or more points"),
    ("scoring", "voter_id;vote;points\nv1;1;x\n", "p.pb:11: points must be whole numbers, found \"x\""),
  ])
  func malformedVotes(voteType: String, votes: String, message: String) {
    let text = Self.head.replacingOccurrences(of: "VOTETYPE", with: voteType) + "VOTES\n" + votes
    #expect(parseError(text, .pb, file: "p.pb") == message)
  }

  @Test(arguments: [
    ("PROJECTS\nproject_id;cost\n1;5\n",
     "p.pb:1: unexpected `PROJECTS` section; the sections must be META, PROJECTS and VOTES, in that order, each once"),
    ("key;value\n", "p.pb:1: expected the `META` section line first"),
    ("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n",
     "p.pb: the file has no `VOTES` section; a Pabulib file has META, PROJECTS and VOTES sections"),
    ("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;abc\n",
     "p.pb:6: the cost of project \"1\" must be an amount such as 1500 or 1500.50 (at most 6 decimals), found \"abc\""),
    ("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;-5\n",
     "p.pb:6: the cost of project \"1\" must be an amount such as 1500 or 1500.50 (at most 6 decimals), found \"-5\""),
    ("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;1.2345678\n",
     "p.pb:6: the cost of project \"1\" must be an amount such as 1500 or 1500.50 (at most 6 decimals), found \"1.2345678\""),
    ("META\nkey;value\nvote_type;approval\nbudget;9223372036854775807\nPROJECTS\nproject_id;cost\n1;0.5\nVOTES\nvoter_id;vote\na;1\n",
     "p.pb:4: META budget is too large"),
    ("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n1;6\n",
     "p.pb:7: project \"1\" is listed twice; give each project its own project_id"),
    ("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;name\n1;5\n",
     "p.pb:5: the PROJECTS header has no `cost` column; it must name the columns `project_id` and `cost`"),
    ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\na;1\n",
     "p.pb: META has no `vote_type`; add a line like `vote_type;approval`"),
    ("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\na;1\n",
     "p.pb: the PROJECTS section lists no projects"),
    ("META\nkey;value\nvote_type;approval\nnum_votes;2\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\na;1\n",
     "p.pb:4: META says num_votes;2 but VOTES has 1 votes; fix num_votes or the votes"),
    ("META\nkey;value\nvote_type;approval\nnum_projects;3\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\na;1\n",
     "p.pb:4: META says num_projects;3 but PROJECTS lists 1; fix num_projects or the project list"),
    ("META\nkey;value\nvote_type;approval\nbudget;1.5.0\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\na;1\n",
     "p.pb:4: META budget must be an amount such as 100000 or 100000.50 (at most 6 decimals), found \"1.5.0\""),
    ("META\nkey;value\nvote_type;approval\nvote_type;approval\n", "p.pb:4: META key `vote_type` appears twice; keep one"),
  ])
  func malformedSections(text: String, message: String) {
    #expect(parseError(text, .pb, file: "p.pb") == message)
  }

  @Test func decimalMoneyIsExactInTheSmallestUnitWritten() throws {
    let text = "META\nkey;value\nvote_type;approval\nbudget;1000,5\nPROJECTS\nproject_id;cost\n1;500.25\n2;400\n3;300.0\nVOTES\nvoter_id;vote\na;1,2\n"
    let profile = try parse(text, .pb, file: "p.pb")
    #expect(profile.moneyDecimals == 2)
    #expect(profile.budget == 100_050)
    #expect(profile.candidates.map(\.cost) == [50_025, 40_000, 30_000])
    let whole = try parse(text.replacingOccurrences(of: "500.25", with: "500").replacingOccurrences(of: "1000,5", with: "1000.00"), .pb)
    #expect(whole.moneyDecimals == 0)
    #expect(whole.budget == 1_000)
    #expect(whole.candidates.map(\.cost) == [500, 400, 300])
  }
}
