// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// `coprod panel …`: a council drawing a citizens' panel from its registrants.
@Suite("coprod panel, end to end")
struct PanelCLITests {
  static let pool = """
    id,age,area
    P1,young,north
    P2,young,south
    P3,older,north
    P4,older,south
    P5,older,south
    P6,middle,north
    P7,middle,south
    P8,older,north

    """
  static let quotas = "feature,value,min,max\nage,young,1,1\nage,older,1,2\narea,north,1,2\narea,south,1,2\n"

  /// A fresh folder holding `pool.csv` and `quotas.csv` (and a workspace when asked); removed
  /// by the caller.
  static func folder(workspace: Bool = false) throws -> String {
    let folder =
      workspace
      ? try newWorkspace("panel") : FileManager.default.temporaryDirectory.appendingPathComponent("coprod-panel-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try pool.write(toFile: "\(folder)/pool.csv", atomically: true, encoding: .utf8)
    try quotas.write(toFile: "\(folder)/quotas.csv", atomically: true, encoding: .utf8)
    return folder
  }

  static let select = ["panel", "select", "--pool", "pool.csv", "--quotas", "quotas.csv", "--size", "3", "--seed", "-1"]

  static let drawn = """
    : 3 of 8 people, seed -1, maximin over 4 panels
    pool pool.csv (sha256 148054366a465ae10a8e71db0d5f178fc56ae1bf98aa26666897e1c089a673f4)
    quotas quotas.csv (sha256 97696b70d0f520da858ebd9d65b06d1655ccab658546d7e60a18c56ca29b6936)
    lowest selection probability in the pool: 0.3333

    selected:

    """
  static let quotaTable = """

    quotas:
    feature\tvalue\tmin\tmax\tin pool\tselected\tmet
    age\tyoung\t1\t1\t2\t1\tyes
    age\tolder\t1\t2\t4\t1\tyes
    area\tnorth\t1\t2\t4\t2\tyes
    area\tsouth\t1\t2\t4\t1\tyes

    """

  @Test func selectPrintsThePanelTheQuotasAndEveryonesProbability() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let printed = try ok(Self.select, in: folder)
    #expect(
      printed == "panel" + Self.drawn + """
        id\tprobability\tage\tarea
        P1\t0.5000\tyoung\tnorth
        P5\t0.3333\tolder\tsouth
        P6\t0.3333\tmiddle\tnorth

        """ + Self.quotaTable + """

        selection probability of everyone in the pool:
        id\tprobability\tselected
        P1\t0.5000\tyes
        P2\t0.5000\t-
        P3\t0.3333\t-
        P4\t0.3333\t-
        P5\t0.3333\tyes
        P6\t0.3333\tyes
        P7\t0.3333\t-
        P8\t0.3333\t-

        not recorded (no workspace here)

        """)
    // The same files and seed draw the same panel; the probabilities do not depend on the seed.
    #expect(try ok(Self.select, in: folder) == printed)
    let other = try ok(Array(Self.select.dropLast()) + ["7", "--json"], in: folder)
    #expect(other.contains("\"minimumProbability\" : 0.333333333"))
    #expect(other.contains("\"id\" : \"not recorded\""))
  }

  @Test func aDrawInAWorkspaceIsRecordedLoggedExportedAndVerified() throws {
    let ws = try Self.folder(workspace: true)
    let copy = try newWorkspace("panel-copy")
    defer { for folder in [ws, copy] { try? FileManager.default.removeItem(atPath: folder) } }
    #expect(try ok(["panel", "list"], in: ws) == "no panels drawn yet; draw one with `coprod panel select --pool FILE.csv --quotas FILE.csv --size N --seed S`\n")
    #expect(try ok(Self.select, in: ws).hasSuffix("\nrecorded as panel1; see `coprod panel show panel1`\n"))
    #expect(
      try ok(["panel", "list"], in: ws) == """
        id\tsize\tpool\tseed\talgorithm\tlowest probability\tpool sha256
        panel1\t3\t8\t-1\tmaximin\t0.3333\t148054366a465ae10a8e71db0d5f178fc56ae1bf98aa26666897e1c089a673f4

        """)
    let shown = try ok(["panel", "show", "panel1"], in: ws)
    #expect(shown == "panel panel1" + Self.drawn + "id\tprobability\nP1\t0.5000\nP5\t0.3333\nP6\t0.3333\n" + Self.quotaTable)
    #expect(try ok(["log", "--kind", "panel.drawn"], in: ws).contains("\tpanel.drawn\t-"))
    #expect(try ok(["verify"], in: ws).contains("panels: 1 rows match"))
    _ = try ok(["export", "--out", "\(ws)/b.jsonl"], in: ws)
    _ = try ok(["import", "\(ws)/b.jsonl"], in: copy)
    #expect(try ok(["panel", "show", "panel1", "--json"], in: copy) == ok(["panel", "show", "panel1", "--json"], in: ws))
    #expect(try ok(["verify"], in: copy).contains("panels: 1 rows match"))
    _ = try ok(Self.select, in: ws)
    #expect(try ok(["panel", "list"], in: ws).contains("\npanel2\t3\t8\t-1\t"))
    let missing = try run(["panel", "show", "panel9"], in: ws)
    #expect(missing.status == 1)
    #expect(missing.stderr == "coprod: ID: no panel 'panel9' in this workspace (panel1, panel2)\n")
  }

  @Test(arguments: [
    ("pool.csv", "name,age\nP1,young\n", "coprod: 1 problem; nothing was drawn\npool.csv:1: id: no id column; the first line names the columns: id, then one column per feature\n"),
    (
      "pool.csv", "id,age,area\nP1,young,north\nP1,older,south\nP3,older\n",
      "coprod: 2 problems; nothing was drawn\npool.csv:3: id: 'P1' is also on line 2\npool.csv:4: -: has 2 fields; the header has 3\n"
    ),
    (
      "quotas.csv", "feature,value,min,max\nage,young,one,1\nsize,big,0,1\narea,north,3,2\n",
      "coprod: 3 problems; nothing was drawn\nquotas.csv:2: min: 'one' is not a whole number of 0 or more\nquotas.csv:3: feature: 'size' is not a column of pool.csv (its features: age, area)\nquotas.csv:4: max: 2 is less than min 3\n"
    ),
    ("quotas.csv", "feature,value,minimum,max\n", "coprod: 1 problem; nothing was drawn\nquotas.csv:1: min: no min column; the first line names the columns: feature,value,min,max\n"),
    (
      "quotas.csv", "feature,value,min,max\nage,young,3,3\n",
      "coprod: quota age=young cannot be met: it asks for at least 3 but the pool has only 2 people with age young\n"
    ),
  ])
  func badFilesAreRefusedNamingFileLineAndFieldAndNothingIsRecorded(file: String, contents: String, stderr: String) throws {
    let ws = try Self.folder(workspace: true)
    defer { try? FileManager.default.removeItem(atPath: ws) }
    try contents.write(toFile: "\(ws)/\(file)", atomically: true, encoding: .utf8)
    try expectRefused(Self.select, stderr: stderr, in: ws)
  }

  @Test func aMissingFileIsNamed() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try run(["panel", "select", "--pool", "nope.csv", "--quotas", "quotas.csv", "--size", "3", "--seed", "1"], in: folder)
    #expect(result.status == 1)
    #expect(result.stderr == "coprod: nope.csv: cannot read (no such file)\n")
  }

  @Test func negativeSeedsNeedNoEqualsSign() throws {
    let result = try run(["run", "story-circle", "--dry-run", "--seed", "-3"])
    #expect(result.status == 0)
    #expect(result.stderr == "")
  }
}
