// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation
import Testing

@Suite("PrefLib files")
struct PrefLibParserTests {
  // MARK: - Real files

  @Test func debianLeader2002() throws {
    let profile = try BallotFile.load(path: Fixture.path("preflib/00002-00000001.soi"))
    #expect(profile.kind == .ranked)
    #expect(profile.candidates.map(\.id) == ["1", "2", "3", "4"])
    #expect(
      profile.candidates.map(\.name)
        == ["Branden Robinson", "Raphael Hertzog", "Bdale Garbee", "None Of The Above"])
    #expect(profile.voterCount == 475)
    #expect(profile.distinctBallots == 41)
    #expect(profile.views.first == BallotView(count: 60, ids: ["3", "1", "2", "4"], ranks: [0, 1, 2, 3]))
    #expect(profile.views.last == BallotView(count: 1, ids: ["4"], ranks: [0]))
    #expect(profile.points.isEmpty)
    #expect(profile.metadata.first { $0.key == "TITLE" }?.value == "Debian 2002 Leader")
    #expect(profile.metadata.count == 16)
  }

  @Test(arguments: [
    ("00002-00000001.soi", 4, 475, 41), ("00002-00000002.soi", 5, 488, 109),
    ("00002-00000003.soi", 7, 504, 358), ("00002-00000004.soi", 8, 421, 340),
    ("00002-00000005.soi", 9, 482, 430), ("00002-00000006.soi", 5, 436, 101),
    ("00002-00000007.soi", 4, 403, 40), ("00002-00000008.soi", 8, 143, 125),
    ("00005-00000001.toi", 6, 9788, 483),
    ("00008-00000001.soi", 9, 6900, 2031), ("00008-00000002.soi", 11, 10376, 2522),
    ("00008-00000003.soi", 10, 5199, 1516), ("00008-00000004.soi", 11, 8624, 2335),
    ("00008-00000005.soi", 10, 11052, 2620), ("00008-00000006.soi", 10, 8680, 2103),
    ("00008-00000007.soi", 13, 9078, 2704),
    ("00026-00000001.cat", 16, 365, 216), ("00026-00000002.cat", 16, 409, 240),
  ])
  func realFileTotals(name: String, alternatives: Int, voters: Int64, distinct: Int) throws {
    let profile = try BallotFile.load(path: Fixture.path("preflib/" + name))
    #expect(profile.candidates.count == alternatives)
    #expect(profile.voterCount == voters)
    #expect(profile.distinctBallots == distinct)
    #expect(profile.offsets.count == distinct + 1)
  }

  @Test func burlingtonTies() throws {
    let profile = try BallotFile.load(path: Fixture.path("preflib/00005-00000001.toi"))
    let views = profile.views
    #expect(views[0] == BallotView(count: 1095, ids: ["3", "4"], ranks: [0, 1]))
    #expect(views.contains(BallotView(count: 3, ids: ["3", "4"], ranks: [0, 0])))
    #expect(views.contains(BallotView(count: 2, ids: ["2", "3", "5", "1", "4"], ranks: [0, 1, 2, 3, 3])))
    #expect(views.last == BallotView(count: 1, ids: ["1", "4"], ranks: [0, 0]))
  }

  @Test func frenchApprovalReadsTheFirstCategory() throws {
    let profile = try BallotFile.load(path: Fixture.path("preflib/00026-00000001.cat"))
    #expect(profile.kind == .approval)
    #expect(profile.candidates[5].name == "LePen")
    #expect(profile.views[0] == BallotView(count: 13, ids: ["6"]))
    #expect(profile.views[1] == BallotView(count: 13, ids: []))
    #expect(profile.views[2] == BallotView(count: 10, ids: ["9", "10"]))
    #expect(profile.ranks.isEmpty)
  }

  @Test func crlfAndByteOrderMarkReadTheSame() throws {
    let path = try Fixture.path("preflib/00002-00000001.soi")
    let plain = try #require(FileManager.default.contents(atPath: path))
    let windows = [0xEF, 0xBB, 0xBF] + Array(String(decoding: plain, as: UTF8.self)
      .replacingOccurrences(of: "\n", with: "\r\n").utf8)
    let converted = try BallotFile.parse(bytes: windows, file: "w.soi", format: .soi)
    #expect(converted == (try BallotFile.load(path: path)))
  }

  // MARK: - Small files

  @Test func repeatedLinesMerge() throws {
    let profile = try parse("# NUMBER ALTERNATIVES: 3\n2: 1,2\n1: 3\n3: 1 , 2\n", .soi)
    #expect(profile.views == [
      BallotView(count: 5, ids: ["1", "2"], ranks: [0, 1]),
      BallotView(count: 1, ids: ["3"], ranks: [0]),
    ])
  }

  @Test func tiesAreSortedWithinTheirLevel() throws {
    let profile = try parse("# NUMBER ALTERNATIVES: 4\n1: {3,1},4,{2}\n1: {1,3},4,2\n", .toi)
    #expect(profile.views == [BallotView(count: 2, ids: ["1", "3", "4", "2"], ranks: [0, 0, 1, 2])])
    #expect(profile.candidates.map(\.name) == ["1", "2", "3", "4"])
  }

  @Test func completeFilesAcceptCompleteBallots() throws {
    let profile = try parse("# NUMBER ALTERNATIVES: 3\n1: {1,2,3}\n2: 3,{1,2}\n", .toc)
    #expect(profile.voterCount == 3)
    #expect(profile.views[1] == BallotView(count: 2, ids: ["3", "1", "2"], ranks: [0, 1, 1]))
  }

  // MARK: - Errors

  @Test(arguments: [
    ("", BallotFormat.soi, "t.soi: the file is empty; it holds no ballots"),
    ("\u{FEFF}", .soi, "t.soi: the file is empty; it holds no ballots"),
    ("1: 1,2\n", .soi,
     "t.soi: missing `# NUMBER ALTERNATIVES: n` header line; PrefLib files must declare how many alternatives they rank"),
    ("# NUMBER ALTERNATIVES: 3\n", .soi,
     "t.soi: the file holds no ballots; add `count: ranking` lines after the header"),
    ("# NUMBER ALTERNATIVES: 3\n2: 1,4\n", .soi,
     "t.soi:2: alternative 4 is out of range; the header declares alternatives 1 to 3"),
    ("# NUMBER ALTERNATIVES: 3\n2: 0\n", .soi,
     "t.soi:2: alternative 0 is out of range; the header declares alternatives 1 to 3"),
    ("# NUMBER ALTERNATIVES: 3\n1: 99999999999999999999\n", .soi,
     "t.soi:2: alternative 99999999999999999999 is out of range; the header declares alternatives 1 to 3"),
    ("# NUMBER ALTERNATIVES: 3\n2: 1,2,1\n", .soi,
     "t.soi:2: alternative 1 appears twice in this ballot; list each alternative once"),
    ("# NUMBER ALTERNATIVES: 3\nx: 1\n", .soi,
     "t.soi:2: expected `count: ranking`, like `12: 3,1,2`, but found 'x'"),
    ("# NUMBER ALTERNATIVES: 3\n2 1,2\n", .soi,
     "t.soi:2: expected ':' after the count, like `12: 3,1,2`, but found '1'"),
    ("# NUMBER ALTERNATIVES: 3\n2: {1,2},3\n", .soi,
     "t.soi:2: ties `{…}` are not allowed in a .soi file; use .toi for rankings with ties"),
    ("# NUMBER ALTERNATIVES: 3\n2: {1,2},3\n", .soc,
     "t.soc:2: ties `{…}` are not allowed in a .soc file; use .toc for rankings with ties"),
    ("# NUMBER ALTERNATIVES: 3\n2: 1,2\n", .soc,
     "t.soc:2: ranks 2 of 3 alternatives; a .soc file must rank every alternative (use .soi for partial rankings)"),
    ("# NUMBER ALTERNATIVES: 3\n2: {1,2}\n", .toc,
     "t.toc:2: ranks 2 of 3 alternatives; a .toc file must rank every alternative (use .toi for partial rankings)"),
    ("# NUMBER ALTERNATIVES: 3\n# NUMBER VOTERS: 5\n2: 1\n", .soi,
     "t.soi:2: header says NUMBER VOTERS: 5 but the counts add up to 2; fix the header or the counts"),
    ("# NUMBER ALTERNATIVES: 3\n# NUMBER UNIQUE ORDERS: 2\n2: 1\n", .soi,
     "t.soi:2: header says NUMBER UNIQUE ORDERS: 2 but the file has 1 ballot lines; fix the header or the ballot lines"),
    ("# NUMBER ALTERNATIVES: 3\n0: 1\n", .soi, "t.soi:2: the count must be at least 1"),
    ("# NUMBER ALTERNATIVES: 3\n99999999999999999999: 1\n", .soi, "t.soi:2: the count is too large"),
    ("# NUMBER ALTERNATIVES: 3\n5: 1\n# NUMBER VOTERS: 5\n", .soi,
     "t.soi:3: header line after the first ballot line; move every `#` line to the top"),
    ("# NUMBER ALTERNATIVES: 3\n5: {1,2\n", .toi, "t.toi:2: missing '}' to close the tie"),
    ("# NUMBER ALTERNATIVES: 3\n5: {1;2}\n", .toi,
     "t.toi:2: expected ',' or '}' inside the tie but found ';'"),
    ("# NUMBER ALTERNATIVES: 3\n5: {},1\n", .toi,
     "t.toi:2: empty tie `{}`; only .cat files may have empty categories"),
    ("# NUMBER ALTERNATIVES: 3\n5: 1,\n", .soi,
     "t.soi:2: the ranking ends with ','; remove it or add an alternative"),
    ("# NUMBER ALTERNATIVES: 3\n5: 1;2\n", .soi,
     "t.soi:2: expected ',' between alternatives but found ';'"),
    ("# NUMBER ALTERNATIVES: 3\n5:\n", .soi,
     "t.soi:2: the ranking is empty; list at least one alternative after ':'"),
    ("# NUMBER ALTERNATIVES: 3\n5: a\n", .soi,
     "t.soi:2: expected an alternative number but found 'a'"),
    ("# NUMBER ALTERNATIVES: many\n", .soi,
     "t.soi:1: NUMBER ALTERNATIVES must be a whole number, found \"many\""),
    ("# NUMBER ALTERNATIVES: 0\n", .soi,
     "t.soi:1: NUMBER ALTERNATIVES must be between 1 and 65535, found 0"),
    ("# NUMBER ALTERNATIVES: 3\n# ALTERNATIVE NAME 4: D\n1: 1\n", .soi,
     "t.soi:2: `ALTERNATIVE NAME 4` is out of range; the header declares 3 alternatives"),
    ("# NUMBER ALTERNATIVES: 3\n# ALTERNATIVE NAME x: D\n", .soi,
     "t.soi:2: `ALTERNATIVE NAME x` must end with an alternative number, like `ALTERNATIVE NAME 3`"),
    ("# NUMBER ALTERNATIVES: 3\n# NUMBER ALTERNATIVES: 3\n", .soi,
     "t.soi:2: header `NUMBER ALTERNATIVES` appears twice; keep one"),
    ("# TITLE\n", .soi, "t.soi:1: a header line must look like `# KEY: value`"),
    ("# NUMBER ALTERNATIVES: 3\n# NUMBER CATEGORIES: 2\n1: 1,2,3\n", .cat,
     "t.cat:3: the ballot has 3 categories but the header says NUMBER CATEGORIES: 2"),
    ("# NUMBER ALTERNATIVES: 3\n1: {1,2},{2,3}\n", .cat,
     "t.cat:2: alternative 2 appears twice in this ballot; list each alternative once"),
  ])
  func malformed(text: String, format: BallotFormat, message: String) {
    #expect(parseError(text, format) == message)
  }

  @Test func binaryJunk() {
    #expect(
      parseError([0x00, 0xFF, 0x13, 0x0A], .soi) == "t.soi:1: the text is not valid UTF-8; save the file as UTF-8")
    #expect(
      parseError(Array("# NUMBER ALTERNATIVES: 3\n".utf8) + [0x00, 0x3A], .soi)
        == "t.soi:2: expected `count: ranking`, like `12: 3,1,2`, but found byte 0x00")
    #expect(
      parseError(Array("# TITLE: ".utf8) + [0xC3, 0x28, 0x0A], .soi)
        == "t.soi:1: the text is not valid UTF-8; save the file as UTF-8")
  }
}
