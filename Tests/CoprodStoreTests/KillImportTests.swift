// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodTestSupport
import Foundation
import Testing

@testable import CoprodStore

/// `kill -9` in the middle of an import never leaves half of it: at seeded random moments
/// across the whole import, the workspace verifies and holds either every row or none.
///
/// Ten kills by default; `COPROD_KILL_POINTS=200` runs more (a bench-style run, see
/// docs/performance.md § "Workspace store").
@Suite(.serialized) struct KillImportTests {
  static let rows = 20_000

  @Test func sigkillAtSeededMomentsLeavesEveryRowOrNone() throws {
    let points = ProcessInfo.processInfo.environment["COPROD_KILL_POINTS"].flatMap(Int.init) ?? 10
    let dir = try TemporaryDirectory()
    var people = "id,name\n"
    for n in 1...100 { people += "p\(n),Person \(n)\n" }
    let participants = try dir.write("participants.csv", people)
    var lines = "id,author,kind,text,date\n"
    for n in 1...Self.rows { lines += "c\(n),p\(n % 100 + 1),story,\"Story \(n), with a comma\",2026-03-01\n" }
    let contributions = try dir.write("contributions.csv", lines)
    func prepared(_ name: String) throws -> (path: String, events: Int) {
      let ws = dir.path(name)
      #expect(try run(["init", ws]).status == 0)
      #expect(try run(["participants", "import", participants, "--workspace", ws]).status == 0)
      return (ws, try Workspace.open(at: URL(fileURLWithPath: ws)).store.eventCount())
    }

    // How long a whole import takes here, so that the kills spread across all of it.
    let reference = try prepared("reference")
    let started = Date()
    let finished = try run(["contributions", "import", contributions, "--workspace", reference.path])
    #expect(finished.status == 0, "\(finished.stderr)")
    let duration = Date().timeIntervalSince(started)

    var random = SeededRandom(seed: 9)
    var outcomes: [Int] = []
    for point in 0..<points {
      let victim = try prepared("victim\(point)")
      let (process, _, _) = try launch(["contributions", "import", contributions, "--workspace", victim.path])
      // One kill in each slice of the run, at a seeded moment inside it.
      let slice = duration * 1.5 / Double(points)
      Thread.sleep(forTimeInterval: slice * (Double(point) + Double.random(in: 0..<1, using: &random)))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()

      let verify = try run(["verify", "--workspace", victim.path])
      #expect(verify.status == 0, "verify after kill \(point): \(verify.stdout) \(verify.stderr)")
      #expect(verify.stdout.hasSuffix("ok: the stored tables are exactly what the event log produces\n"))
      let store = try Workspace.open(at: URL(fileURLWithPath: victim.path)).store
      let stored = try store.contributions(ContributionFilter()).contributions.count
      let events = try store.eventCount()
      #expect(
        (stored == 0 && events == victim.events) || (stored == Self.rows && events == victim.events + Self.rows),
        "kill \(point) left \(stored) contributions and \(events) events")
      outcomes.append(stored)
    }
    print("kill outcomes (contributions stored): \(outcomes)")
  }
}
