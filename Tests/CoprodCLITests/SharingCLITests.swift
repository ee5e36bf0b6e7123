// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// Two councils on one machine, each with its own keys and trust store, exchange a signed
/// plugin through a catalogue as docs/plugin-guide.md ("Sharing a plugin") describes.
@Suite("Sharing plugins between councils")
struct SharingCLITests {
  let root = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-councils-\(UUID().uuidString)")

  /// The environment of `council`: its own configuration and data folders.
  func env(_ council: String) -> [String: String] {
    cliEnvironment([
      "XDG_CONFIG_HOME": root.appendingPathComponent("\(council)/config").path,
      "XDG_DATA_HOME": root.appendingPathComponent("\(council)/data").path,
    ])
  }

  /// Runs as `council` in `folder`, expecting success; returns standard output.
  @discardableResult
  func ok(_ council: String, _ arguments: [String], in folder: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let result = try run(arguments, env: env(council), in: folder.path)
    #expect(result.status == 0, sourceLocation: sourceLocation)
    #expect(result.stderr == "", sourceLocation: sourceLocation)
    return result.stdout
  }

  /// Runs as `council`, expecting exit 1 with exactly `stderr`.
  func refused(_ council: String, _ arguments: [String], in folder: URL, stderr: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let result = try run(arguments, env: env(council), in: folder.path)
    #expect(result.status == 1, sourceLocation: sourceLocation)
    #expect(result.stderr == stderr, sourceLocation: sourceLocation)
  }

  @Test("Leeds publishes a signed rule; York installs it from the catalogue, counts with it, and refuses a tampered copy")
  func twoCouncils() throws {
    let leeds = root.appendingPathComponent("leeds")
    let york = root.appendingPathComponent("york")
    try FileManager.default.createDirectory(at: leeds, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: york, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }

    // Leeds: a key, a plugin, an archive, a signature, a catalogue.
    let made = try ok("leeds", ["keys", "new", "leeds", "--owner", "Leeds City Council"], in: leeds)
    let keyID = String(made.split(separator: " ")[4])
    try FileManager.default.createDirectory(at: leeds.appendingPathComponent("catalogue"), withIntermediateDirectories: true)
    try ok("leeds", ["plugins", "new", "fair-share", "--kind", "voting-rule", "--id", "org.leeds.fair-share"], in: leeds)
    try ok("leeds", ["plugins", "pack", "fair-share", "--out", "catalogue/fair-share-0.1.0.zip"], in: leeds)
    let signed = try ok("leeds", ["plugins", "sign", "catalogue/fair-share-0.1.0.zip", "--key", "leeds"], in: leeds)
    #expect(signed.hasPrefix("signed catalogue/fair-share-0.1.0.zip with key \(keyID) (\"Leeds City Council\")\n  signed statement: coprod-plugin id=org.leeds.fair-share version=0.1.0 manifest="))
    #expect(try ok("leeds", ["plugins", "catalogue", "build", "catalogue", "--key", "leeds", "--name", "Leeds shared plugins"], in: leeds)
      == "wrote \(leeds.path)/catalogue/index.json: 1 archives, signed with key \(keyID)\n")
    try ok("leeds", ["keys", "export", "leeds", "--out", york.appendingPathComponent("leeds.pub").path], in: leeds)

    // York: trust Leeds's key (checked with Leeds by phone), add the catalogue, find, install.
    #expect(try ok("york", ["keys", "trust", "leeds.pub"], in: york).hasPrefix("trusted key \(keyID) (\"Leeds City Council\") in your trust store"))
    #expect(try ok("york", ["plugins", "catalogue", "add", "leeds", leeds.appendingPathComponent("catalogue").path], in: york)
      == "added catalogue leeds (\"Leeds shared plugins\", 1 archives), index signed by key \(keyID) (\"Leeds City Council\", a name the signer chose)\n")
    #expect(try ok("york", ["plugins", "search", "fair share"], in: york).contains("org.leeds.fair-share  0.1.0    voting-rule:fair-share  leeds"))
    try ok("york", ["init", "ws", "--name", "York budget"], in: york)
    let ws = york.appendingPathComponent("ws")
    let installed = try ok("york", ["plugins", "install", "org.leeds.fair-share@^0.1"], in: ws)
    #expect(installed == """
      org.leeds.fair-share 0.1.0 "Fair Share" (Lua API 1)
        signed by key \(keyID) ("Leeds City Council", a name the signer chose), trusted in your trust store
        asks for: no permissions
      installed in \(ws.path)/plugins/org.leeds.fair-share
      recorded in \(ws.path)/coprod.lock

      """)
    let ballots = repositoryRoot.appendingPathComponent("Tests/CoprodEngineTests/Fixtures/preflib/00002-00000002.soi").path
    let tally = try ok("york", ["tally", ballots, "--rule", "fair-share", "--format", "json"], in: ws)
    #expect(tally.contains("\"signer\" : \"key:\(keyID)\""))

    // A copy changed on the way (one byte of rule.lua's data in the archive) is refused with one line.
    let archive = leeds.appendingPathComponent("catalogue/fair-share-0.1.0.zip")
    var bytes = try Data(contentsOf: archive)
    let name = try #require(bytes.range(of: Data("plugin/rule.lua".utf8)))
    bytes[name.upperBound + 5] ^= 0x20
    let tampered = root.appendingPathComponent("tampered.zip")
    try bytes.write(to: tampered)
    try ok("york", ["init", "ws2", "--name", "York again"], in: york)
    let ws2 = york.appendingPathComponent("ws2")
    let damaged = try run(["plugins", "install", tampered.path], env: env("york"), in: ws2.path)
    #expect(damaged.status == 1)
    #expect(damaged.stderr.hasPrefix("coprod: \(tampered.path): "))
    #expect(damaged.stderr.split(separator: "\n").count == 1)
    #expect(!FileManager.default.fileExists(atPath: ws2.appendingPathComponent("plugins/org.leeds.fair-share").path))
    // An archive swapped in the catalogue (here: a changed, unsigned repack) is refused by the signed index.
    let rule = leeds.appendingPathComponent("fair-share/rule.lua")
    try (try String(contentsOf: rule, encoding: .utf8) + "-- changed on the way\n").write(to: rule, atomically: true, encoding: .utf8)
    try ok("leeds", ["plugins", "pack", "fair-share", "--out", archive.path], in: leeds)
    try refused("york", ["plugins", "install", "org.leeds.fair-share"], in: ws2,
      stderr: "coprod: catalogue 'leeds': refused: \(archive.path) does not match the sha256 in the signed index (the archive was changed or replaced)\n")

    // The plugin in York's workspace edited by hand: the count stops at the lock.
    let lock = try String(contentsOf: ws.appendingPathComponent("coprod.lock"), encoding: .utf8)
    let lockedHash = String(lock.split(separator: "\n")[2].split(separator: " ")[2])
    let local = ws.appendingPathComponent("plugins/org.leeds.fair-share/rule.lua")
    try (try String(contentsOf: local, encoding: .utf8) + "-- edited\n").write(to: local, atomically: true, encoding: .utf8)
    let result = try run(["tally", ballots, "--rule", "fair-share"], env: env("york"), in: ws.path)
    let folder = ws.appendingPathComponent("plugins/org.leeds.fair-share").path
    let newHash = String(try run(["plugins", "info", folder], env: env("york"), in: ws.path).stdout.split(separator: "\n").first { $0.hasPrefix("SHA-256:") }!.split(separator: " ").last!)
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr == "coprod: plugin org.leeds.fair-share does not match coprod.lock: the lock has 0.1.0 sha256 \(lockedHash.prefix(12))… signed by key:\(keyID), but \(folder) holds 0.1.0 sha256 \(newHash.prefix(12))… signed by unsigned; restore the locked plugin, or run again with --update-lock to use this one and record it\n")
    try ok("york", ["tally", ballots, "--rule", "fair-share", "--update-lock"], in: ws)
    #expect(try String(contentsOf: ws.appendingPathComponent("coprod.lock"), encoding: .utf8).contains("org.leeds.fair-share 0.1.0 \(newHash) unsigned\n"))
  }
}
