// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodStore
import Foundation
import Testing

@Suite struct ImportTests {
  @Test func participantsGoInWithPersonalDataApart() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    let file = try dir.write("people.csv", sampleParticipants)
    let summary = try ParticipantImport.run(path: file, mappings: [], workspace: ws, context: testContext(), dryRun: false)
    #expect(summary.rows == 7)
    #expect(summary.events == 14)
    let first = try #require(try ws.store.participants().first)
    #expect(first.participant == Participant(id: "p001", perspectives: [.resident, .livedExperience], accessNeeds: ["step-free access"], language: "en"))
    #expect(try ws.store.personalData(for: "p001")?.fields == ["name": "Amira Khan", "email": "amira@example.org", "ethnicity": "Asian"])
    #expect(try ws.store.verify().isConsistent)
  }

  @Test func everyBadRowIsReportedAndNothingIsWritten() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    let file = try dir.write(
      "bad.csv",
      """
      id,perspectives,language,email
      p1,resident,en,a@example.org
      p 2,resdent,english,not-an-email
      p1,staff,cy,
      p3,staff

      """)
    #expect(throws: ImportFailed.self) {
      try ParticipantImport.run(path: file, mappings: [], workspace: ws, context: testContext(), dryRun: false)
    }
    do {
      _ = try ParticipantImport.run(path: file, mappings: [], workspace: ws, context: testContext(), dryRun: false)
    } catch let error as ImportFailed {
      #expect(error.problems.map(\.description) == [
        "\(file):3: id: 'p 2' is not a valid id (use 1–64 letters, digits, '-', '_' or '.'; never a name or email)",
        "\(file):3: perspectives: unknown perspective 'resdent' (use resident, lived-experience, carer, staff, partner or other)",
        "\(file):3: language: 'english' is not a language code such as en or cy",
        "\(file):3: email: 'not-an-email' is not an email address",
        "\(file):4: id: 'p1' is already used (line 2)",
        "\(file):5: row: has 2 fields; the header has 4",
      ])
    }
    #expect(try ws.store.participants().isEmpty)
    #expect(try ws.store.eventCount() == 0)
  }

  @Test func dryRunReportsButWritesNothing() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    let file = try dir.write("people.csv", sampleParticipants)
    let summary = try ParticipantImport.run(path: file, mappings: [], workspace: ws, context: testContext(), dryRun: true)
    #expect(summary.dryRun && summary.rows == 7 && summary.events == 14)
    #expect(try ws.store.eventCount() == 0)
  }

  @Test func mappingsRenameAndSkipColumns() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    let file = try dir.write("people.csv", "Ref,Who are you,Shoe size,Notes\nr1,carer,9,private\n")
    let summary = try ParticipantImport.run(
      path: file, mappings: ["Ref=id", "Who are you=perspectives", "Notes=-"], workspace: ws, context: testContext(),
      dryRun: false)
    #expect(summary.notes.last == "kept as personal data (unrecognised columns): Shoe size")
    #expect(try ws.store.participants().map(\.participant) == [Participant(id: "r1", perspectives: [.carer])])
    #expect(try ws.store.personalData(for: "r1")?.fields == ["shoe_size": "9"])
  }

  @Test func contributionsCheckAuthorsAndProvenance() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    _ = try ParticipantImport.run(
      path: try dir.write("p.csv", sampleParticipants), mappings: [], workspace: ws, context: testContext(), dryRun: false)
    let bad = try dir.write("c.csv", "author,text,from\np999,hello,\np001,,\np001,an idea,C000009\n")
    do {
      _ = try ContributionImport.run(path: bad, mappings: [], defaultKind: .idea, workspace: ws, context: testContext(), dryRun: false)
      Issue.record("expected ImportFailed")
    } catch let error as ImportFailed {
      #expect(error.problems.map(\.description) == [
        "\(bad):2: author: no participant 'p999' in this workspace; import participants first",
        "\(bad):3: text: missing; a contribution needs its words",
        "\(bad):4: from: no contribution 'C000009' (it must be added before the contributions made from it)",
      ])
    }
    let good = try dir.write("g.csv", "author,text,from\np001,a story,\np002,an idea from it,C000001\n")
    _ = try ContributionImport.run(path: good, mappings: [], defaultKind: .story, workspace: ws, context: testContext(), dryRun: false)
    let listed = try ws.store.contributions(ContributionFilter()).contributions.map(\.contribution)
    #expect(listed.map(\.id) == ["C000001", "C000002"])
    #expect(listed[1].derivedFrom == ["C000001"])
  }

  @Test func multiLineFieldsKeepLineNumbersRight() throws {
    let dir = try TemporaryDirectory()
    let ws = try makeWorkspace(in: dir)
    let file = try dir.write("c.csv", "kind,text\nstory,\"first line\nsecond line\"\nstoree,third\n")
    do {
      _ = try ContributionImport.run(path: file, mappings: [], defaultKind: nil, workspace: ws, context: testContext(), dryRun: false)
      Issue.record("expected ImportFailed")
    } catch let error as ImportFailed {
      #expect(error.problems.map(\.description) == ["\(file):4: kind: unknown kind 'storee' (use story, idea, comment or objection)"])
    }
  }
}
