// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Testing

@Suite("BLT files")
struct BLTParserTests {
  @Test func exampleWithWithdrawnCandidate() throws {
    let profile = try BallotFile.load(path: Fixture.path("example.blt"))
    #expect(profile.kind == .ranked)
    #expect(profile.candidates.map(\.id) == ["1", "2", "3", "4"])
    #expect(profile.candidates.map(\.name) == ["Alice", "Bob", "Carol Jones", "Dave"])
    #expect(profile.withdrawn == [3])
    #expect(profile.seats == 2)
    #expect(profile.metadata == [BallotProfile.Metadata(key: "title", value: "Example election")])
    #expect(profile.views == [
      BallotView(count: 4, ids: ["1", "2"], ranks: [0, 1]),
      BallotView(count: 2, ids: ["2", "3", "1"], ranks: [0, 0, 1]),
      BallotView(count: 1, ids: ["1"], ranks: [0]),
    ])
  }

  @Test func crlfNamesOnOneLineAndNoTitle() throws {
    let profile = try parse("2 1\r\n1 2 0\r\n\r\n1 1 0\r\n0\r\n\"A\" \"B\"\r\n", .blt)
    #expect(profile.candidates.map(\.name) == ["A", "B"])
    #expect(profile.metadata.isEmpty)
    #expect(profile.withdrawn.isEmpty)
    #expect(profile.voterCount == 2)
  }

  @Test(arguments: [
    ("4\n", "e.blt:1: the first line must be `candidates seats`, like `5 2`"),
    ("0 1\n", "e.blt:1: the number of candidates must be between 1 and 65535, found 0"),
    ("2 3\n", "e.blt:1: the number of seats must be between 1 and the number of candidates (2), found 3"),
    ("2 1\n1 1 2\n0\n\"A\"\n\"B\"\n", "e.blt:2: the ballot must end with 0, like `1 2 3 0`"),
    ("2 1\n1 1 3 0\n0\n", "e.blt:2: candidate 3 is out of range; the file declares candidates 1 to 2"),
    ("2 1\n1 1 1 0\n0\n", "e.blt:2: candidate 1 appears twice in this ballot; list each candidate once"),
    ("2 1\n1 1=1 0\n0\n", "e.blt:2: candidate 1 appears twice in this ballot; list each candidate once"),
    ("2 1\n1 0 1 0\n0\n", "e.blt:2: 0 must come last on a ballot line; it ends the ballot"),
    ("2 1\n1 1 x 0\n0\n", "e.blt:2: expected a candidate number but found \"x\""),
    ("2 1\n1 1 2 0\n", "e.blt: the file ends before the `0` line that closes the ballots"),
    ("2 1\n0\n", "e.blt: the file holds no ballots"),
    ("2 1\n1 1 2 0\n0\n\"A\"\n", "e.blt: expected 2 quoted candidate names after the ballots, found 1"),
    ("2 1\n1.5 1 2 0\n0\n",
     "e.blt:2: a ballot line must start with a whole-number weight of at least 1, like `1 2 3 0`, found \"1.5\""),
    ("2 1\n0 1 2 0\n0\n",
     "e.blt:2: a ballot line must start with a whole-number weight of at least 1, like `1 2 3 0`, found \"0\""),
    ("2 1\n-3\n", "e.blt:2: candidate 3 is out of range; the file declares candidates 1 to 2"),
    ("2 1\n-1 -1\n", "e.blt:2: candidate 1 is withdrawn twice; list it once"),
    ("2 1\n-1 2\n", "e.blt:2: the withdrawn line must hold only negative candidate numbers, like `-2 -5`, found \"2\""),
    ("2 1\n1 1 2 0\n0\nAlice\n", "e.blt:4: expected a quoted name like \"Alice\" but found \"Alice\""),
    ("2 1\n1 1 2 0\n0\n\"Alice\n", "e.blt:4: the name has no closing '\"'"),
    ("2 1\n1 1 2 0\n0\n\"A\"\n\"B\"\n\"Title\"\n\"extra\"\n",
     "e.blt:7: unexpected text after the title; a BLT file ends with 2 candidate names and one title"),
  ])
  func malformed(text: String, message: String) {
    #expect(parseError(text, .blt, file: "e.blt") == message)
  }
}
