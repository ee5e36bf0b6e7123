// coprod — co-production toolkit. Apache-2.0.

@testable import CoprodSharing
import Foundation
import Testing

/// Catalogues published as git repositories: cloned on add, pulled on update, refused (and
/// rolled back) when the pulled index does not verify. The "remote" is a local bare
/// repository reached through a file:// URL or a path ending in .git (no network here).
@Suite("Catalogues from git repositories")
struct GitCatalogueTests {
  /// Runs git in `folder` with a fixed identity; returns its output.
  @discardableResult
  func git(_ arguments: [String], in folder: URL) throws -> String {
    let process = Process()
    process.executableURL = try GitCommand.find().executable
    process.arguments = ["-c", "user.name=Publisher", "-c", "user.email=publisher@example.org", "-c", "init.defaultBranch=main"] + arguments
    process.currentDirectoryURL = folder
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " "))")
    return String(decoding: data, as: UTF8.self)
  }

  /// A publisher's working copy `work` holding signed archives of `ids` and a signed index,
  /// committed and pushed to the bare repository `catalogue.git`; returns both.
  func publish(_ scratch: Scratch, key: SigningSecretKey, _ ids: [String]) throws -> (work: URL, bare: URL) {
    let work = scratch.root.appendingPathComponent("work")
    let bare = scratch.root.appendingPathComponent("catalogue.git")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    try git(["init", "--quiet"], in: work)
    try add(scratch, key: key, ids, to: work)
    try git(["clone", "--quiet", "--bare", work.path, bare.path], in: scratch.root)
    try git(["remote", "add", "origin", bare.path], in: work)
    return (work, bare)
  }

  /// Adds signed archives of `ids` to `work`, rebuilds the index and commits.
  func add(_ scratch: Scratch, key: SigningSecretKey, _ ids: [String], to work: URL) throws {
    for id in ids {
      let archive = try scratch.archive(try scratch.plugin(id), key: key)
      try FileManager.default.moveItem(at: archive, to: work.appendingPathComponent(archive.lastPathComponent))
    }
    _ = try CatalogueIndex.build(folder: work, name: "Partners", key: key)
    try git(["add", "-A"], in: work)
    try git(["commit", "--quiet", "-m", "publish"], in: work)
  }

  func registry(_ scratch: Scratch) -> CatalogueRegistry {
    CatalogueRegistry(configFolder: scratch.config, clonesFolder: scratch.root.appendingPathComponent("data/catalogues"))
  }

  @Test("add clones a file:// URL into the data folder; update pulls the new archives")
  func cloneAndUpdate() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let key = try scratch.trustedKey()
    let (work, bare) = try publish(scratch, key: key, ["org.example.first"])
    let registry = registry(scratch)
    let (index, _) = try registry.add(name: "partners", source: "file://\(bare.path)", trust: scratch.trust, trustSigner: false)
    #expect(index.plugins.map(\.id) == ["org.example.first"])
    let clone = registry.clonesFolder.appendingPathComponent("partners")
    #expect(registry.all().map(\.folder.path) == [clone.path])
    #expect(scratch.names(registry.clonesFolder) == ["partners"])
    #expect(try registry.offers(trust: scratch.trust).map(\.entry.id) == ["org.example.first"])

    try add(scratch, key: key, ["org.example.second"], to: work)
    try git(["push", "--quiet", "origin", "HEAD"], in: work)
    let updates = try registry.update(name: nil, trust: scratch.trust)
    #expect(updates.map(\.name) == ["partners"])
    #expect(updates.map(\.pulled) == [true])
    #expect(try registry.offers(trust: scratch.trust).map(\.entry.id) == ["org.example.first", "org.example.second"])

    try registry.remove(name: "partners")
    #expect(scratch.names(registry.clonesFolder) == [])
  }

  @Test("a pulled index that no longer verifies is refused and the clone goes back")
  func tamperedPull() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let key = try scratch.trustedKey()
    let (work, bare) = try publish(scratch, key: key, ["org.example.first"])
    let registry = registry(scratch)
    _ = try registry.add(name: "partners", source: bare.path, trust: scratch.trust, trustSigner: false)
    let clone = registry.clonesFolder.appendingPathComponent("partners")
    let before = try git(["rev-parse", "HEAD"], in: clone)

    let index = work.appendingPathComponent(CatalogueIndex.fileName)
    try Data(contentsOf: index).replacing("Partners", with: "Impostors").write(to: index)
    try git(["commit", "--quiet", "-am", "tamper"], in: work)
    try git(["push", "--quiet", "origin", "HEAD"], in: work)
    #expect(message { try registry.update(name: "partners", trust: scratch.trust) }
      == "catalogue 'partners' (left at the commit from before the pull): \(clone.appendingPathComponent(CatalogueIndex.fileName).path): refused: the signature does not match (the index was changed after signing)")
    #expect(try git(["rev-parse", "HEAD"], in: clone) == before)
    #expect(try registry.offers(trust: scratch.trust).map(\.entry.id) == ["org.example.first"])
  }

  @Test("a clone that fails, git missing, or an unknown name: one plain line, nothing added")
  func failures() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let registry = registry(scratch)
    let missing = scratch.root.appendingPathComponent("missing.git").path
    #expect(message { try registry.add(name: "partners", source: missing, trust: scratch.trust, trustSigner: false) }
      == "cloning \(missing) failed: fatal: repository '\(missing)' does not exist")
    #expect(registry.all().isEmpty)
    #expect(scratch.names(registry.clonesFolder) == [])
    #expect(message { try GitCommand.find(environment: ["PATH": scratch.root.path]) }
      == "git is not installed (no git on PATH); install git, or add the catalogue from a folder")
    #expect(message { try registry.update(name: "partners", trust: scratch.trust) }
      == "no catalogue called 'partners'; see coprod plugins catalogue list")
  }

  @Test("what counts as a git repository rather than a folder")
  func repositoryNames() {
    #expect(GitCommand.isRepository("https://example.org/council/catalogue"))
    #expect(GitCommand.isRepository("file:///srv/catalogue"))
    #expect(GitCommand.isRepository("git@example.org:council/catalogue"))
    #expect(GitCommand.isRepository("/srv/catalogue.git"))
    #expect(!GitCommand.isRepository("/srv/catalogue"))
    #expect(!GitCommand.isRepository("catalogues/partners"))
  }
}
