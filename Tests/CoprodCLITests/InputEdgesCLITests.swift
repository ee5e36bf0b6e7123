// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// Every input reader refuses empty and blank files, text that is not UTF-8 (at the right
/// line) and lines or fields over the limits, in plain words, before parsing.
@Suite("Input edges, end to end")
struct InputEdgesCLITests {
  /// A scratch folder, removed by the caller.
  static func scratch() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-edges-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }

  static func write(_ bytes: [UInt8], to path: String) throws {
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
  }

  /// `coprod ARGUMENTS` fails with exit 1 and exactly `message` on standard error.
  static func expectFailure(_ arguments: [String], _ message: String, env: [String: String] = [:], in folder: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let result = try run(arguments, env: cliEnvironment(env), in: folder)
    #expect(result.status == 1, sourceLocation: sourceLocation)
    #expect(result.stdout == "", sourceLocation: sourceLocation)
    #expect(result.stderr == "coprod: \(message)\n", sourceLocation: sourceLocation)
  }

  static let fieldLimit = "a field is longer than 64 KiB; check the file, or raise the limit with COPROD_MAX_FIELD_BYTES (bytes, or with K or M)"
  static let lineLimit = "a line is longer than 1 MiB; check the file, or raise the limit with COPROD_MAX_LINE_BYTES (bytes, or with K or M)"

  @Test func emptyAndBlankBallotFilesAreRefusedInEveryFormat() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for name in ["e.csv", "e.soi", "e.toc", "e.cat", "e.pb", "e.blt"] {
      try Self.write([], to: "\(folder)/\(name)")
      try Self.expectFailure(["tally", name, "--rule", "plurality"], "\(name): the file is empty; it holds no ballots", in: folder)
      try Self.write(Array(" \n\t\r\n\n".utf8), to: "\(folder)/\(name)")
      try Self.expectFailure(
        ["tally", name, "--rule", "plurality"], "\(name): the file is blank (only spaces and empty lines); it holds no ballots", in: folder)
    }
  }

  @Test func invalidUTF8IsReportedAtItsLineInEveryBallotFormat() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let files: [(String, String)] = [
      ("u.csv", "ballot,count\nA>B,1\nB>A,2\n"),
      ("u.soi", "# FILE NAME: u.soi\n# NUMBER ALTERNATIVES: 2\n2: 1,2\n"),
      ("u.blt", "2 1\n1 1 2 0\n1 2 0\n"),
      ("u.pb", "META\nkey;value\nvote_type;approval\n"),
    ]
    for (name, text) in files {
      var bytes = Array(text.utf8)
      let third = bytes.indices.filter { bytes[$0] == 0x0A }[1] + 1
      bytes.insert(contentsOf: [0xC3, 0x28], at: third + 1)  // a lead byte without its continuation
      try Self.write(bytes, to: "\(folder)/\(name)")
      try Self.expectFailure(["tally", name, "--rule", "plurality"], "\(name):3: the text is not valid UTF-8; save the file as UTF-8", in: folder)
    }
  }

  @Test func aFiftyMegabyteFieldIsRefusedByItsLimitNotParsed() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let huge = [UInt8](repeating: UInt8(ascii: "A"), count: 50 << 20)
    try Self.write(Array("ballot,count\n\"".utf8) + huge + Array("\",1\n".utf8), to: "\(folder)/big.csv")
    try Self.expectFailure(["tally", "big.csv", "--rule", "plurality"], "big.csv:2: \(Self.fieldLimit)", in: folder)
    try Self.write(Array("# FILE NAME: big.soi\n".utf8) + huge + [0x0A], to: "\(folder)/big.soi")
    try Self.expectFailure(["tally", "big.soi", "--rule", "plurality"], "big.soi:2: \(Self.lineLimit)", in: folder)
    try Self.write(Array("id,name\np001,\"".utf8) + huge + Array("\"\n".utf8), to: "\(folder)/people.csv")
    #expect(try run(["init", "ws", "--name", "Edges"], in: folder).status == 0)
    try Self.expectFailure(["participants", "import", "../people.csv"], "../people.csv:2: \(Self.fieldLimit)", in: "\(folder)/ws")
  }

  @Test func theLimitsCanBeChangedFromTheEnvironment() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Self.write(Array("ballot,count\nAlpha>Beta,1\n".utf8), to: "\(folder)/small.csv")
    try Self.expectFailure(
      ["tally", "small.csv", "--rule", "plurality"],
      "small.csv:2: a field is longer than 8 bytes; check the file, or raise the limit with COPROD_MAX_FIELD_BYTES (bytes, or with K or M)",
      env: ["COPROD_MAX_FIELD_BYTES": "8"], in: folder)
    let raised = try run(["tally", "small.csv", "--rule", "plurality"], env: cliEnvironment(["COPROD_MAX_FIELD_BYTES": "1K"]), in: folder)
    #expect(raised.status == 0)
  }

  @Test func workspaceImportsRefuseEmptyAndMalformedFiles() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(try run(["init", "ws", "--name", "Edges"], in: folder).status == 0)
    let ws = "\(folder)/ws"
    try Self.write([], to: "\(folder)/empty.csv")
    try Self.write(Array("\n\n".utf8), to: "\(folder)/blank.csv")
    try Self.write(Array("id,name\np001,Ann\np002,".utf8) + [0xFF] + Array("\n".utf8), to: "\(folder)/latin.csv")
    try Self.expectFailure(["participants", "import", "../empty.csv"], "../empty.csv: the file is empty; it holds no rows", in: ws)
    try Self.expectFailure(
      ["contributions", "import", "../blank.csv"], "../blank.csv: the file is blank (only spaces and empty lines); it holds no rows", in: ws)
    try Self.expectFailure(["participants", "import", "../latin.csv"], "../latin.csv:3: the text is not valid UTF-8; save the file as UTF-8", in: ws)
    try FileManager.default.createDirectory(atPath: "\(folder)/polis", withIntermediateDirectories: true)
    try Self.write([], to: "\(folder)/polis/comments.csv")
    try Self.write([], to: "\(folder)/polis/votes.csv")
    try Self.expectFailure(["polis", "import", "../polis"], "\(folder)/polis/comments.csv: the file is empty; it holds no rows", in: ws)
  }

  @Test func bundleErrorsAreInPlainWords() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(try run(["init", "ws", "--name", "Edges"], in: folder).status == 0)
    let ws = "\(folder)/ws"
    let cases: [([UInt8], String)] = [
      ([], "../b.jsonl:1: manifest: the file is empty; it holds no bundle; nothing was imported"),
      (Array("  \n".utf8), "../b.jsonl:1: manifest: the first line is blank; a bundle starts with its manifest, so this is not a bundle coprod wrote; nothing was imported"),
      ([0x7B, 0xC3, 0x28, 0x7D, 0x0A], "../b.jsonl:1: line: the text is not valid UTF-8; the bundle was damaged, so copy or export it again; nothing was imported"),
    ]
    for (bytes, message) in cases {
      try Self.write(bytes, to: "\(folder)/b.jsonl")
      try Self.expectFailure(["import", "../b.jsonl"], message, in: ws)
    }
    // A real bundle with a body line replaced by something that is not JSON.
    let source = "\(folder)/source"
    #expect(try run(["init", source, "--name", "Source"]).status == 0)
    #expect(try run(["participants", "import", repositoryRoot.appendingPathComponent("examples/workspace/participants.csv").path], in: source).status == 0)
    #expect(try run(["export", "--out", "\(folder)/real.jsonl"], in: source).status == 0)
    var lines = try String(contentsOfFile: "\(folder)/real.jsonl", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    lines[2] = "not json at all"
    try lines.joined(separator: "\n").write(toFile: "\(folder)/edited.jsonl", atomically: true, encoding: .utf8)
    try Self.expectFailure(
      ["import", "../edited.jsonl"],
      "../edited.jsonl:3: line: the line is not a JSON object; the bundle was damaged or edited, so copy or export it again; nothing was imported", in: ws)
    try Self.write(Array("{\"".utf8) + [UInt8](repeating: 0x61, count: 20 << 20), to: "\(folder)/long.jsonl")
    try Self.expectFailure(
      ["import", "../long.jsonl"],
      "../long.jsonl:1: line: the line is longer than 16 MiB; a bundle line holds one event, so the file is damaged or not a bundle (raise the limit with COPROD_MAX_DOCUMENT_BYTES if it is a real event); nothing was imported",
      in: ws)
  }

  @Test func pluginManifestsAndSessionInputsRefuseEmptyAndMalformedText() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: "\(folder)/p", withIntermediateDirectories: true)
    try Self.write([], to: "\(folder)/p/plugin.yaml")
    try Self.expectFailure(["plugins", "info", "./p"], "\(folder)/p/plugin.yaml: the file is empty; it holds no manifest", in: folder)
    try Self.write(Array("id: org.test.p\nname: \"".utf8) + [0xE2, 0x82] + Array("\"\n".utf8), to: "\(folder)/p/plugin.yaml")
    try Self.expectFailure(["plugins", "info", "./p"], "\(folder)/p/plugin.yaml:2: the text is not valid UTF-8; save the file as UTF-8", in: folder)
    #expect(try run(["init", "ws", "--name", "Edges"], in: folder).status == 0)
    try Self.write(Array("seed: 1\nattendance: [p001]\nstages:\n  ".utf8) + [0xC0, 0xAF] + Array(": x\n".utf8), to: "\(folder)/in.yaml")
    try Self.expectFailure(
      ["run", "story-circle", "--inputs", "../in.yaml"], "../in.yaml:4: file: the text is not valid UTF-8; save the file as UTF-8", in: "\(folder)/ws")
    try Self.write(Array("seed: 1\n".utf8) + [UInt8](repeating: 0x23, count: 17 << 20), to: "\(folder)/big.yaml")
    try Self.expectFailure(
      ["run", "story-circle", "--inputs", "../big.yaml"],
      "../big.yaml: file: the file is larger than 16 MiB; check the file, or raise the limit with COPROD_MAX_DOCUMENT_BYTES (bytes, or with K or M)", in: "\(folder)/ws")
  }
}
