// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// Workspace commands given the wrong thing: one line naming it, exit 1, nothing written.
@Suite("workspace commands, bad input")
struct WorkspaceCLITests {
  /// A workspace holding the example participants; removed by the caller.
  static func workspace() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-ws-\(UUID().uuidString)").path
    #expect(try run(["init", folder]).status == 0)
    let people = repositoryRoot.appendingPathComponent("examples/workspace/participants.csv").path
    #expect(try run(["participants", "import", people, "--workspace", folder]).status == 0)
    return folder
  }

  @Test func countingByAFieldNoOneHasNamesTheFieldsThereAre() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let result = try run(["participants", "count", "--by", "postcode", "--workspace", ws])
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == "coprod: --by: no one has 'postcode' recorded; count by one of: perspective, language, age_band, email, ethnicity, name\n"
    )
    let counted = try run(["participants", "count", "--by", "ethnicity", "--workspace", ws])
    #expect(counted.status == 0)
    #expect(counted.stdout.hasPrefix("ethnicity\tcount\n"))
  }

  @Test func importingAFolderSaysWhatToGive() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let before = try run(["log", "--workspace", ws]).stdout
    let folder = FileManager.default.temporaryDirectory.path
    let result = try run(["import", folder, "--workspace", ws])
    #expect(result.status == 1)
    #expect(result.stderr == "coprod: \(folder): cannot read (is a folder; give the bundle file that coprod export wrote)\n")
    #expect(try run(["log", "--workspace", ws]).stdout == before)
  }

  /// Issue 13 §5: a file with no participant column is refused, not kept whole as personal data.
  @Test func importingAFileWithNoParticipantColumnsSaysWhatItExpects() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let before = try run(["log", "--json", "--workspace", ws]).stdout
    try "Colour,Shoe size\nred,9\nblue,6\n".write(toFile: "\(ws)/things.csv", atomically: true, encoding: .utf8)
    let result = try run(["participants", "import", "things.csv", "--workspace", ws], in: ws)
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == "coprod: 1 problem; nothing was imported\nthings.csv:1: header: no participant columns: found Colour, Shoe size; "
        + "expected some of id, perspectives, access_needs, language, address, email, name, phone, postcode, age_band, disability, "
        + "ethnicity, gender, gender_identity, marital_status, pregnancy, religion, sex, sexual_orientation "
        + "(or read a column as one with --map \"Column name=field\")\n")
    #expect(try run(["log", "--json", "--workspace", ws]).stdout == before)
    try "Name,Colour\nAda,red\n".write(toFile: "\(ws)/named.csv", atomically: true, encoding: .utf8)
    let named = try run(["participants", "import", "named.csv", "--dry-run", "--workspace", ws], in: ws)
    #expect(named.status == 0)
    #expect(named.stderr == "")
  }

  @Test func aDamagedManifestSaysHowToRecover() throws {
    let ws = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: ws) }
    try "{\"format\": \"coprod-workspace\"".write(toFile: "\(ws)/coprod.json", atomically: true, encoding: .utf8)
    let result = try run(["participants", "list", "--workspace", ws])
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "coprod: \(ws)/coprod.json: not a workspace manifest (The given data was not valid JSON.); restore it from a backup, or import a `coprod export` bundle into a new workspace\n"
    )
  }
}
