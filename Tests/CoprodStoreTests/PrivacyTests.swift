// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
@testable import CoprodStore
import Foundation
import GRDB
import Testing

@Suite struct PrivacyTests {
  @Test func withdrawalHidesContributionsButKeepsTheAuditEvent() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    let withheld = try WorkspaceOperations.withdrawConsent(
      participantID: "p004", purpose: nil, date: CalendarDate("2026-03-05")!, workspace: ws, context: testContext())
    #expect(withheld == 1)
    let listing = try ws.store.contributions(ContributionFilter())
    #expect(listing.contributions.map(\.contribution.id) == ["s001", "s003"])
    #expect(listing.withheld == 1)
    var kinds: [WorkspaceChange.Kind] = []
    try ws.store.forEachEvent(EventFilter(participantID: "p004")) { kinds.append($0.change.kind) }
    #expect(kinds == [.participantAdded, .personalDataRecorded, .contributionAdded, .consentWithdrawn])
    #expect(throws: WorkspaceError.self) {
      try WorkspaceOperations.addContribution(
        kind: .story, authorID: "p004", text: "again", id: nil, sessionID: nil, stage: nil, consentToQuote: false,
        anonymity: .anonymous, derivedFrom: [], made: nil, workspace: ws, context: testContext())
    }
    #expect(try ws.store.verify().isConsistent)
  }

  @Test func erasureRemovesPersonalDataEverywhereButKeepsCounts() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    try WorkspaceOperations.erase(participantID: "p004", workspace: ws, context: testContext())
    #expect(try ws.store.personalData(for: "p004") == nil)
    let story = try #require(try ws.store.contributions(ContributionFilter(authorID: "p004")).contributions.first)
    #expect(story.erased && story.contribution.text == "")
    var leaked: [String] = []
    try ws.store.forEachStoredEvent { event in
      if event.payload.contains("Joy") || event.payload.contains("tiny") || event.payload.contains("large print") {
        leaked.append(event.payload)
      }
    }
    #expect(leaked.isEmpty)
    #expect(try ws.store.rawGroupCounts(by: .perspective)["lived-experience"] == 2)
    #expect(try ws.store.verify().isConsistent)
  }

  @Test func theEventLogRefusesDeletesAndEdits() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    let store = try #require(ws.store as? SQLiteWorkspaceStore)
    #expect(throws: (any Error).self) { try store.queue.write { try $0.execute(sql: "DELETE FROM events") } }
    #expect(throws: (any Error).self) {
      try store.queue.write { try $0.execute(sql: "UPDATE events SET kind = 'vote.cast' WHERE seq = 1") }
    }
    #expect(try ws.store.eventCount() == 17)
  }

  @Test func verifyNoticesATamperedTable() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    let store = try #require(ws.store as? SQLiteWorkspaceStore)
    try store.queue.write { try $0.execute(sql: "UPDATE contributions SET text = 'edited' WHERE id = 's003'") }
    let report = try ws.store.verify()
    #expect(!report.isConsistent)
    let contributions = try #require(report.tables.first { $0.table == "contributions" })
    #expect(contributions.missing == 1 && contributions.unexpected == 1 && contributions.firstDifference == "s003")
  }

  @Test func aggregatesSuppressGroupsBelowK() throws {
    let dir = try TemporaryDirectory()
    let ws = try seededWorkspace(in: dir)
    #expect(try ws.store.suppressedCounts(by: .perspective, k: 5) == [
      GroupCount(group: "carer", count: nil), GroupCount(group: "lived-experience", count: nil),
      GroupCount(group: "resident", count: 5), GroupCount(group: "staff", count: nil),
    ])
    #expect(try ws.store.suppressedCounts(by: .personalField("ethnicity"), k: 5).map(\.count) == [nil, nil, 5])
  }
}
