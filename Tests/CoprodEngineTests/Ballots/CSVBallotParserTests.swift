// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Testing

@Suite("CSV ballot files")
struct CSVBallotParserTests {
  // MARK: - Kinds

  @Test func rankedBallotsMergeInFirstAppearanceOrder() throws {
    let profile = try parse("A>B>C\nB > A\nA>B>C\n", .csv)
    #expect(profile.kind == .ranked)
    #expect(profile.candidates.map(\.id) == ["A", "B", "C"])
    #expect(profile.views == [
      BallotView(count: 2, ids: ["A", "B", "C"], ranks: [0, 1, 2]),
      BallotView(count: 1, ids: ["B", "A"], ranks: [0, 1]),
    ])
  }

  @Test func equalRanksAreOneLevel() throws {
    let profile = try parse("# candidates: A,B,C\nA>B=C\nC=B>A\nB=C>A\n", .csv)
    #expect(profile.views == [
      BallotView(count: 1, ids: ["A", "B", "C"], ranks: [0, 1, 1]),
      BallotView(count: 2, ids: ["B", "C", "A"], ranks: [0, 0, 1]),
    ])
  }

  @Test func approvalBallotsAreSets() throws {
    let profile = try parse("A;C\nC ; A\nB\n", .csv)
    #expect(profile.kind == .approval)
    #expect(profile.candidates.map(\.id) == ["A", "C", "B"])
    #expect(profile.views == [BallotView(count: 2, ids: ["A", "C"]), BallotView(count: 1, ids: ["B"])])
  }

  @Test func scoreBallots() throws {
    let profile = try parse("A:5;B:3\nB:3;A:5\nC:-2\n", .csv)
    #expect(profile.kind == .score)
    #expect(profile.views == [
      BallotView(count: 2, ids: ["A", "B"], points: [5, 3]),
      BallotView(count: 1, ids: ["C"], points: [-2]),
    ])
  }

  @Test func singleNamesAreRankedUnlessForced() throws {
    #expect(try parse("A\nB\nA\n", .csv).kind == .ranked)
    let approval = try parse("A\nB\nA\n", .csv, kind: .approval)
    #expect(approval.views == [BallotView(count: 2, ids: ["A"]), BallotView(count: 1, ids: ["B"])])
    let cumulative = try parse("A:3;B:2\n", .csv, kind: .cumulative)
    #expect(cumulative.kind == .cumulative)
    #expect(cumulative.views == [BallotView(count: 1, ids: ["A", "B"], points: [3, 2])])
  }

  // MARK: - Columns and directives

  @Test func headerWithCountColumnQuotesAndCRLF() throws {
    let text = "\u{FEFF}ballot,count\r\nA>B,3\r\n\"B>A\",2\r\n\"Ann Smith>B\", 1 \r\n"
    let profile = try parse(text, .csv)
    #expect(profile.candidates.map(\.id) == ["A", "B", "Ann Smith"])
    #expect(profile.views == [
      BallotView(count: 3, ids: ["A", "B"], ranks: [0, 1]),
      BallotView(count: 2, ids: ["B", "A"], ranks: [0, 1]),
      BallotView(count: 1, ids: ["Ann Smith", "B"], ranks: [0, 1]),
    ])
  }

  @Test func otherColumnsAreIgnoredAndWeightCounts() throws {
    let profile = try parse("voter,Ballot,Weight\n1,A;B,2\n2,\"B;A\",1\n3,,4\n", .csv)
    #expect(profile.views == [BallotView(count: 3, ids: ["A", "B"]), BallotView(count: 4, ids: [])])
  }

  @Test func reasonColumnKeepsBallotsWithDifferentReasonsApart() throws {
    let text = """
      ballot,count,Reason
      A:2;B:0,2,"Too close to homes, and no lighting"
      A:2;B:0,1,"  Too close to homes, and no lighting "
      A:2;B:0,1,
      A:2;B:0,3,Costs too much
      A:2;B:0,1,\u{20}
      """
    let profile = try parse(text, .csv)
    #expect(profile.views == [
      BallotView(count: 3, ids: ["A", "B"], points: [2, 0]),
      BallotView(count: 2, ids: ["A", "B"], points: [2, 0]),
      BallotView(count: 3, ids: ["A", "B"], points: [2, 0]),
    ])
    #expect(profile.reasons == [0: "Too close to homes, and no lighting", 2: "Costs too much"])
    #expect(
      parseError("ballot,reason,reason\nA,x,y\n", .csv)
        == "t.csv:1: the header names the `reason` column twice; keep one")
  }

  @Test func twoColumnsWithoutHeaderAreBallotAndCount() throws {
    let profile = try parse("A>B,4\nB,1\n\n", .csv)
    #expect(profile.voterCount == 5)
    #expect(profile.views[0] == BallotView(count: 4, ids: ["A", "B"], ranks: [0, 1]))
  }

  @Test func candidatesDirectiveFixesTheListAndSeats() throws {
    let profile = try parse("# candidates: A, B ,C,D\n# seats: 2\nB>A\n", .csv)
    #expect(profile.candidates.map(\.id) == ["A", "B", "C", "D"])
    #expect(profile.seats == 2)
    #expect(profile.metadata.map(\.key) == ["candidates", "seats"])
    #expect(profile.views == [BallotView(count: 1, ids: ["B", "A"], ranks: [0, 1])])
  }

  @Test func lineNumbersCountLineBreaksInsideQuotes() {
    #expect(
      parseError("note,ballot,count\n\"two\r\nlines\",A>B,1\nx,A>B,zz\n", .csv, file: "v.csv")
        == "v.csv:4: the count must be a whole number of at least 1, found \"zz\"")
  }

  // MARK: - Errors

  @Test(arguments: [
    ("A>B\nA;B\n", nil as BallotKind?,
     "v.csv:2: the ballot is written as approval (`A;C`) but line 1 is ranked (`A>B`); use one kind of ballot per file"),
    ("A\nA:4\nB>C\n", nil,
     "v.csv:3: the ballot is written as ranked (`A>B`) but line 2 is scores (`A:5;B:3`); use one kind of ballot per file"),
    ("A>B\n", .approval,
     "v.csv:1: the ballot is written as ranked (`A>B`) but the file is read as approval ballots; fix the ballot or the requested kind"),
    ("A>>B\n", nil, "v.csv:1: empty candidate name; check for a doubled or trailing '>' or '='"),
    ("A>B=\n", nil, "v.csv:1: empty candidate name; check for a doubled or trailing '>' or '='"),
    ("A;;B\n", nil, "v.csv:1: empty candidate name; check for a doubled or trailing ';'"),
    ("A>B>A\n", nil, "v.csv:1: candidate \"A\" appears twice in this ballot; list each candidate once"),
    ("A:1;A:2\n", nil, "v.csv:1: candidate \"A\" appears twice in this ballot; list each candidate once"),
    ("# candidates: A,B\nA>C\n", nil,
     "v.csv:2: unknown candidate \"C\"; add it to the `# candidates:` line or fix the spelling"),
    ("# candidates: A,B,A\nA\n", nil,
     "v.csv:1: candidate \"A\" is listed twice in `# candidates:`; list each candidate once"),
    ("# candidates: A,,B\nA\n", nil,
     "v.csv:1: empty candidate name in `# candidates:`; separate names with single commas"),
    ("# candidates: A>B\nA\n", nil,
     "v.csv:1: candidate name \"A>B\" contains '>', which is not allowed in names; check the ballot's punctuation"),
    ("# seats: none\nA\n", nil, "v.csv:1: `# seats:` must be a whole number of at least 1, found \"none\""),
    ("# seats: 1\n# seats: 2\nA\n", nil, "v.csv:2: the `# seats:` directive appears twice; keep one"),
    ("# foo: 1\nA\n", nil, "v.csv:1: unknown directive `# foo:`; the directives are `# candidates:` and `# seats:`"),
    ("# just a comment\nA\n", nil,
     "v.csv:1: a line starting with '#' must be a directive like `# candidates: A,B,C`"),
    ("ballot,count\nA>B,0\n", nil, "v.csv:2: the count must be a whole number of at least 1, found \"0\""),
    ("ballot,count\nA>B,-1\n", nil, "v.csv:2: the count must be a whole number of at least 1, found \"-1\""),
    ("ballot,count\nA>B,\n", nil, "v.csv:2: the count must be a whole number of at least 1, found \"\""),
    ("ballot,count\nA>B,1,2\n", nil, "v.csv:2: the row has 3 fields but the header has 2; quote fields that contain commas"),
    ("A>B,1\nC\n", nil, "v.csv:2: the row has 1 fields but the first row has 2; quote fields that contain commas"),
    ("ballot,ballot\nA,B\n", nil, "v.csv:1: the header names the `ballot` column twice; keep one"),
    ("ballot,count,weight\nA,1,1\n", nil,
     "v.csv:1: the header has more than one `count` or `weight` column; keep one"),
    ("A,B,C\n", nil,
     "v.csv:1: the row has 3 fields; add a header row naming the `ballot` column (and `count`), or quote ballots that contain commas"),
    ("A:x\n", nil, "v.csv:1: the points for \"A\" must be a whole number, found \"x\""),
    ("A:5;B\n", nil, "v.csv:1: \"B\" has no points; write `name:points`, like `A:5`"),
    ("A\n", .score, "v.csv:1: \"A\" has no points; write `name:points`, like `A:5`"),
    (":5\n", nil, "v.csv:1: empty candidate name before ':'; write `name:points`, like `A:5`"),
    ("A:-1\n", .cumulative,
     "v.csv:1: the points for \"A\" are negative; cumulative ballots give 0 or more points"),
    ("ballot\n", nil, "v.csv: the file holds no ballots; write one ballot per row after the header"),
    ("\n \n", nil, "v.csv: the file is blank (only spaces and empty lines); it holds no ballots"),
    ("\"A>B\nC\n", nil, "v.csv:1: a candidate name contains a line break; check for an unclosed '\"'"),
    ("A>B;C\n", nil,
     "v.csv:1: candidate name \"B;C\" contains ';', which is not allowed in names; check the ballot's punctuation"),
  ])
  func malformed(text: String, kind: BallotKind?, message: String) {
    #expect(parseError(text, .csv, file: "v.csv", kind: kind) == message)
  }

  @Test func invalidUTF8NamesItsLine() {
    #expect(
      parseError(Array("A>B\nC".utf8) + [0xFF, 0x0A], .csv, file: "v.csv")
        == "v.csv:2: the text is not valid UTF-8; save the file as UTF-8")
    #expect(
      parseError([0xED, 0xA0, 0x80], .csv, file: "v.csv")
        == "v.csv:1: the text is not valid UTF-8; save the file as UTF-8")
  }
}
