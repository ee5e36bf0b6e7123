// coprod — co-production toolkit. Apache-2.0.

import CoprodPlugins
import CoprodSharing
import Foundation
import Testing

@Suite("Catalogues, version ranges and the lock file")
struct CatalogueLockTests {
  /// A catalogue folder in `scratch` holding `plugins` (id, version, dependencies), signed by
  /// `key`, added to the registry as "partners".
  func catalogue(_ scratch: Scratch, key: SigningSecretKey, _ plugins: [(String, String, [String: String])]) throws -> URL {
    let folder = scratch.root.appendingPathComponent("catalogue")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (id, version, dependencies) in plugins {
      let source = try scratch.plugin(id, version: version, dependencies: dependencies)
      let archive = try scratch.archive(source, key: key)
      try FileManager.default.moveItem(at: archive, to: folder.appendingPathComponent(archive.lastPathComponent))
    }
    _ = try CatalogueIndex.build(folder: folder, name: "Partners", key: key)
    _ = try CatalogueRegistry(configFolder: scratch.config).add(name: "partners", folder: folder, trust: scratch.trust, trustSigner: false)
    return folder
  }

  @Test("constraints: spaces or commas, caret and tilde")
  func constraints() throws {
    let range = try #require(VersionConstraint(">=1.2 <2"))
    #expect(range.accepts(SemanticVersion(1, 2, 0)))
    #expect(range.accepts(SemanticVersion(1, 9, 3)))
    #expect(!range.accepts(SemanticVersion(2, 0, 0)))
    #expect(!range.accepts(SemanticVersion(1, 1, 9)))
    #expect(try #require(VersionConstraint(">= 1.2, < 2")).accepts(SemanticVersion(1, 5, 0)))
    #expect(try #require(VersionConstraint("^1.2")).accepts(SemanticVersion(1, 7, 0)))
    #expect(!(try #require(VersionConstraint("~1.2")).accepts(SemanticVersion(1, 3, 0))))
    #expect(VersionConstraint(">=1.2 <") == nil)
  }

  @Test("install ID@RANGE picks the newest fitting version and the library it needs")
  func resolution() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let key = try scratch.trustedKey()
    _ = try catalogue(scratch, key: key, [
      ("org.example.lib", "1.1.0", [:]), ("org.example.lib", "1.4.0", [:]), ("org.example.lib", "2.0.0", [:]),
      ("org.example.format", "1.0.0", ["org.example.lib": ">=1.2 <2"]), ("org.example.format", "2.0.0", ["org.example.lib": "^2"]),
    ])
    let outcomes = try PluginInstaller.install(
      reference: "org.example.format@^1", scratch.request(), installed: [:], catalogues: CatalogueRegistry(configFolder: scratch.config))
    #expect(outcomes.map { "\($0.manifest.id) \($0.manifest.version)" } == ["org.example.lib 1.4.0", "org.example.format 1.0.0"])
    let lock = try #require(try PluginLock.read(workspace: scratch.root.appendingPathComponent("ws")))
    #expect(lock.entries.keys.sorted() == ["org.example.format", "org.example.lib"])
    #expect(lock.entries.values.allSatisfy { $0.signer == "key:\(key.publicKey.id)" })
  }

  @Test("conflicts and missing versions are explained in plain words")
  func conflicts() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let key = try scratch.trustedKey()
    _ = try catalogue(scratch, key: key, [
      ("org.example.lib", "1.1.0", [:]), ("org.example.lib", "2.0.0", [:]),
      ("org.example.format", "1.0.0", ["org.example.lib": ">=1.2 <2"]),
      ("org.example.rule", "1.0.0", ["org.example.lib": "^2"]),
      ("org.example.bundle", "1.0.0", ["org.example.format": "^1", "org.example.rule": "^1"]),
    ])
    let registry = CatalogueRegistry(configFolder: scratch.config)
    #expect(message { try PluginInstaller.install(reference: "org.example.format", scratch.request(), installed: [:], catalogues: registry) }
      == "cannot install org.example.format: org.example.format 1.0.0 needs org.example.lib >=1.2 <2, but the catalogues offer only 1.1.0, 2.0.0")
    #expect(message { try PluginInstaller.install(reference: "org.example.rule", scratch.request(), installed: ["org.example.lib": SemanticVersion(1, 1, 0)], catalogues: registry) }
      == "cannot install org.example.rule: org.example.rule 1.0.0 needs org.example.lib ^2, but 1.1.0 is installed; upgrade it first (coprod plugins upgrade org.example.lib)")
    #expect(message { try PluginInstaller.install(reference: "org.example.format@>=3", scratch.request(), installed: [:], catalogues: registry) }
      == "cannot install org.example.format >=3: the catalogues offer only 1.0.0")
    #expect(message { try PluginInstaller.install(reference: "org.example.nothing", scratch.request(), installed: [:], catalogues: registry) }
      == "cannot install org.example.nothing: no catalogue offers it (see coprod plugins catalogue list)")
    let resolved = message {
      try PluginResolver.resolve(
        id: "org.example.bundle", constraint: nil, offers: try registry.offers(trust: scratch.trust), installed: ["org.example.lib": SemanticVersion(2, 0, 0)])
    }
    #expect(resolved == "cannot install org.example.bundle: org.example.format 1.0.0 needs org.example.lib >=1.2 <2, but 2.0.0 is installed; upgrade it first (coprod plugins upgrade org.example.lib)")
  }

  @Test("search finds by id, name, description and what a plugin provides; a replaced archive is refused")
  func searchAndTampering() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let key = try scratch.trustedKey()
    let folder = try catalogue(scratch, key: key, [("org.example.first", "1.0.0", [:]), ("org.example.second", "1.0.0", [:])])
    let offers = try CatalogueRegistry(configFolder: scratch.config).offers(trust: scratch.trust)
    #expect(offers.filter { $0.matches("SECOND") }.map(\.entry.id) == ["org.example.second"])
    #expect(offers.filter { $0.matches("voting-rule:first") }.map(\.entry.id) == ["org.example.first"])
    #expect(offers.filter { $0.matches("elects the first") }.count == 2)
    // A different (even validly signed) archive swapped in under the listed file name.
    let other = try scratch.archive(try scratch.plugin("org.example.first", version: "1.0.0", description: "Swapped.", in: "swapped"), key: key, name: "swapped.zip")
    try FileManager.default.removeItem(at: folder.appendingPathComponent("org.example.first-1.0.0.coprod.zip"))
    try FileManager.default.moveItem(at: other, to: folder.appendingPathComponent("org.example.first-1.0.0.coprod.zip"))
    #expect(message { try PluginInstaller.install(reference: "org.example.first", scratch.request(), installed: [:], catalogues: CatalogueRegistry(configFolder: scratch.config)) }
      == "catalogue 'partners': refused: \(folder.path)/org.example.first-1.0.0.coprod.zip does not match the sha256 in the signed index (the archive was changed or replaced)")
    // An edited index.
    let index = folder.appendingPathComponent("index.json")
    try Data(contentsOf: index).replacing("Partners", with: "Impostors").write(to: index)
    #expect(message { try CatalogueRegistry(configFolder: scratch.config).offers(trust: scratch.trust) }
      == "\(index.path): refused: the signature does not match (the index was changed after signing)")
  }

  @Test("a catalogue signed by an unknown key needs --trust")
  func untrustedCatalogue() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let stranger = SigningSecretKey.generate(name: "Stranger")
    let folder = scratch.root.appendingPathComponent("elsewhere")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    _ = try CatalogueIndex.build(folder: folder, name: "Elsewhere", key: stranger)
    let registry = CatalogueRegistry(configFolder: scratch.config)
    #expect(message { try registry.add(name: "elsewhere", folder: folder, trust: scratch.trust, trustSigner: false) }
      == "\(folder.path): refused: the index is signed by key \(stranger.publicKey.id) (\"Stranger\", a name the signer chose), which you do not trust; confirm the key id with the catalogue's publisher, then run again with --trust")
    #expect(registry.all().isEmpty)
    _ = try registry.add(name: "elsewhere", folder: folder, trust: scratch.trust, trustSigner: true)
    #expect(registry.all().map(\.name) == ["elsewhere"])
  }

  @Test("the lock stops a plugin that changed, with the exact message; --update-lock records it")
  func lockMismatch() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let ws = scratch.root.appendingPathComponent("ws")
    try FileManager.default.createDirectory(at: ws, withIntermediateDirectories: true)
    try "{}".write(to: ws.appendingPathComponent("coprod.json"), atomically: true, encoding: .utf8)
    _ = try PluginInstaller.install(try scratch.archive(try scratch.plugin(), key: nil), scratch.request(allowUnsigned: true))
    let folder = ws.appendingPathComponent("plugins/org.example.first")
    let plugin = DiscoveredPlugin(manifest: try PluginLoader.readManifest(in: folder), folder: folder, source: .workspace)
    let guardrail = PluginLockGuard(workspace: ws, update: false)
    try guardrail.check(plugin)
    let before = PluginLoader.contentHash(of: folder)
    try "return nil -- edited\n".write(to: folder.appendingPathComponent("rule.lua"), atomically: true, encoding: .utf8)
    let after = PluginLoader.contentHash(of: folder)
    #expect(message { try guardrail.check(plugin) }
      == "plugin org.example.first does not match coprod.lock: the lock has 1.0.0 sha256 \(before.prefix(12))… signed by unsigned, but \(folder.path) holds 1.0.0 sha256 \(after.prefix(12))… signed by unsigned; restore the locked plugin, or run again with --update-lock to use this one and record it")
    let updating = PluginLockGuard(workspace: ws, update: true)
    try updating.check(plugin)
    #expect(try PluginLock.read(workspace: ws)?.entries["org.example.first"]?.sha256 == before)  // not before the command succeeds
    try updating.commit()
    #expect(try PluginLock.read(workspace: ws)?.entries["org.example.first"]?.sha256 == after)
    try guardrail.check(plugin)
  }

  @Test("the lock file is sorted, one plugin a line, and reads back")
  func lockText() throws {
    var lock = PluginLock()
    let hash = String(repeating: "a", count: 64)
    lock.entries["org.b"] = .init(id: "org.b", version: "2.0.0", sha256: hash, signer: "unsigned")
    lock.entries["org.a"] = .init(id: "org.a", version: "1.0.0", sha256: hash, signer: "bundled")
    #expect(lock.text.split(separator: "\n").dropFirst(2) == ["org.a 1.0.0 \(hash) bundled", "org.b 2.0.0 \(hash) unsigned"])
    #expect(try PluginLock(text: lock.text, source: "coprod.lock") == lock)
    #expect(message { try PluginLock(text: "org.a 1.0\n", source: "coprod.lock") }
      == "coprod.lock:1: expected 'id version sha256 signer'; fix the line or delete it and run again with --update-lock")
  }

  @Test("keys: secret key files are private, public keys are minisign's format")
  func keys() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let key = try scratch.keys.create(name: "leeds", owner: "Leeds City Council")
    let secret = scratch.config.appendingPathComponent("keys/leeds.key")
    let mode = try FileManager.default.attributesOfItem(atPath: secret.path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    #expect(try scratch.keys.secretKey("leeds").publicKey == key.publicKey)
    let text = key.publicKey.text
    #expect(text.hasPrefix("untrusted comment: coprod public key \(key.publicKey.id): Leeds City Council\nRW"))
    #expect(try SigningPublicKey(text: text, source: "pub") == key.publicKey)
    #expect(message { try scratch.keys.create(name: "leeds") }
      == "a key called 'leeds' exists (\(secret.path)); choose another name")
    #expect(message { try scratch.keys.create(name: "../x") } == "key name '../x': use letters, digits, '.', '_' and '-' only")
  }
}
