// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Testing

@Suite struct ModelTests {
  @Test func calendarDatesRejectImpossibleDays() {
    #expect(CalendarDate("2024-02-29")?.text == "2024-02-29")
    #expect(CalendarDate("2023-02-29") == nil)
    #expect(CalendarDate("2026-13-01") == nil)
    #expect(CalendarDate("26-01-01") == nil)
    #expect(Timestamp("2026-03-01T09:00:00Z")?.date.text == "2026-03-01")
    #expect(Timestamp("2026-03-01 09:00:00") == nil)
  }

  @Test func timestampsFromSecondsSince1970() {
    #expect(Timestamp(secondsSince1970: 0)?.text == "1970-01-01T00:00:00Z")
    #expect(Timestamp(secondsSince1970: -1)?.text == "1969-12-31T23:59:59Z")
    #expect(Timestamp(secondsSince1970: 951_827_696)?.text == "2000-02-29T12:34:56Z")
    #expect(Timestamp(secondsSince1970: 1_700_000_002)?.text == "2023-11-14T22:13:22Z")
    #expect(Timestamp(secondsSince1970: -62_167_219_200)?.text == "0000-01-01T00:00:00Z")
    #expect(Timestamp(secondsSince1970: 253_402_300_799)?.text == "9999-12-31T23:59:59Z")
    #expect(Timestamp(secondsSince1970: 253_402_300_800) == nil)
    #expect(Timestamp(secondsSince1970: -62_167_219_201) == nil)
    #expect(Timestamp(secondsSince1970: .max) == nil)
  }

  @Test func trimmingRemovesUnicodeWhitespaceAtBothEndsOnly() {
    #expect("Bins".trimmed == "Bins")
    #expect(" \u{00A0}the bins\t\r\n".trimmed == "the bins")
    #expect("\u{3000}déjà vu \u{2003}".trimmed == "déjà vu")
    #expect("a  b".trimmed == "a  b")
    #expect(" \n\t".trimmed == "")
    #expect("".trimmed == "")
    #expect("  x y  ".dropFirst().trimmed == "x y")
  }

  @Test func smallGroupsAreSuppressedWithTheNextSmallest() {
    let counts = GroupCount.suppressingSmallGroups(["a": 12, "b": 3, "c": 7, "d": 9], k: 5)
    #expect(counts == [
      GroupCount(group: "a", count: 12), GroupCount(group: "b", count: nil),
      GroupCount(group: "c", count: nil), GroupCount(group: "d", count: 9),
    ])
    let two = GroupCount.suppressingSmallGroups(["a": 2, "b": 1, "c": 6], k: 5)
    #expect(two.map(\.count) == [nil, nil, 6])
  }

  @Test func erasureRedactsOnlyThatPersonsContent() {
    let story = WorkspaceChange.contributionAdded(Contribution(id: "s1", kind: .story, authorID: "p1", text: "my words"))
    guard case .contributionAdded(let redacted)? = story.redacted(erasing: "p1") else {
      Issue.record("expected a redacted contribution")
      return
    }
    #expect(redacted.text == "")
    #expect(story.redacted(erasing: "p2") == nil)
    let personal = WorkspaceChange.personalDataRecorded(PersonalData(participantID: "p1", fields: ["name": "A"]))
    #expect(personal.redacted(erasing: "p1") == .personalDataRecorded(PersonalData(participantID: "p1", fields: [:])))
  }

  @Test func polisSignIsDetectedFromReferenceCounts() {
    // votes.csv tallies as written: comment 1 has 8 "+1" and 2 "-1".
    let raw = [1: PolisVoteSign.Tally(agree: 8, disagree: 2), 2: PolisVoteSign.Tally(agree: 1, disagree: 5)]
    // References (agree = +1) say comment 1 had 2 agrees, 8 disagrees: the file is flipped.
    let reference = [1: PolisVoteSign.Tally(agree: 2, disagree: 8), 2: PolisVoteSign.Tally(agree: 5, disagree: 1)]
    let flipped = PolisVoteSign.detect(raw: raw, references: [reference])
    #expect(flipped.sign == .agreeIsNegative)
    #expect(flipped.distanceAsWritten == 20)
    #expect(flipped.distanceFlipped == 0)
    #expect(PolisVoteSign.detect(raw: raw, references: [raw]).sign == .agreeIsPositive)
    #expect(PolisVoteSign.detect(raw: raw, references: []).sign == nil)
    #expect(PolisVoteSign.agreeIsNegative.stance(of: -1) == .agree)
    #expect(PolisVoteSign.agreeIsPositive.stance(of: -1) == .disagree)
  }
}
