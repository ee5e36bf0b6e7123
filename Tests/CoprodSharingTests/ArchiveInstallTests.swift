// coprod — co-production toolkit. Apache-2.0.

import CoprodPlugins
import CoprodSharing
import Foundation
import Testing
import ZIPFoundation

@Suite("Pack, sign, install")
struct ArchiveInstallTests {
  @Test("pack → sign → install: files, provenance, signer and lock line")
  func roundTrip() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let key = try scratch.trustedKey()
    let archive = try scratch.archive(try scratch.plugin(), key: key)
    let outcome = try PluginInstaller.install(archive, scratch.request())
    let folder = scratch.root.appendingPathComponent("ws/plugins/org.example.first")
    #expect(outcome.folder.path == folder.path)
    #expect(outcome.signer == .key(key.publicKey, trustedIn: .user))
    #expect(scratch.names(folder) == [".coprod-install", "plugin.yaml", "rule.lua"])
    #expect(scratch.names(folder.appendingPathComponent(".coprod-install")) == ["MANIFEST", "MANIFEST.minisig", "signer.pub"])
    #expect(scratch.names(scratch.root.appendingPathComponent("ws/plugins")) == [".coprod-install.lock", "org.example.first"])
    #expect(PluginProvenance.signer(ofFolder: folder) == .key(key.publicKey, trustedIn: nil))
    let lock = try String(contentsOf: scratch.root.appendingPathComponent("ws/coprod.lock"), encoding: .utf8)
    #expect(lock == """
      # coprod.lock: the exact plugins this workspace uses. Written by coprod; keep it with the workspace.
      # id version sha256 signer
      org.example.first 1.0.0 \(PluginLoader.contentHash(of: folder)) key:\(key.publicKey.id)

      """)
    // Installing the same archive again changes nothing.
    #expect(try PluginInstaller.install(archive, scratch.request()).unchanged)
  }

  @Test("packing is reproducible and the signature is minisign's format with id and version signed")
  func reproducibleAndSigned() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let folder = try scratch.plugin()
    let first = try scratch.archive(folder, key: nil, name: "a.zip")
    let second = try scratch.archive(folder, key: nil, name: "b.zip")
    #expect(try Data(contentsOf: first) == Data(contentsOf: second))
    let key = try scratch.trustedKey()
    let signature = try PluginArchive.sign(first, key: key)
    let contents = try PluginArchive.read(first)
    #expect(signature.trustedComment == "coprod-plugin id=org.example.first version=1.0.0 manifest=\(PluginLoader.sha256(of: contents.manifestData))")
    #expect(try MinisignSignature(text: signature.text, source: "sig") == signature)
    #expect(signature.isValid(for: contents.manifestData, by: key.publicKey))
    #expect(String(decoding: contents.manifestData, as: UTF8.self).hasPrefix("coprod plugin archive 1\nid org.example.first\nversion 1.0.0\napi_version 1\n"))
  }

  @Test("a changed, added or removed file, a changed manifest, signature, id or version is refused")
  func tampering() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let key = try scratch.trustedKey()
    let original = try scratch.archive(try scratch.plugin(), key: key)
    let pristine = try Data(contentsOf: original)
    func tampered(_ change: (inout [String: Data]) -> Void) throws -> String {
      try pristine.write(to: original)
      try rewrite(original, change)
      let ws = "ws-\(UUID().uuidString)"
      let result = message { try PluginInstaller.install(original, scratch.request(ws)) }
      #expect(!FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent("\(ws)/plugins/org.example.first").path))
      return result
    }
    let source = original.path
    #expect(try tampered { $0["plugin/rule.lua"]!.append(Data(" ".utf8)) }
      == "\(source): refused: rule.lua does not match its sha256 in the manifest (the file was changed)")
    #expect(try tampered { $0["plugin/extra.lua"] = Data("os.exit()".utf8) }
      == "\(source): refused: extra.lua is in the archive but not in its manifest (a file was added)")
    #expect(try tampered { $0["plugin/rule.lua"] = nil }
      == "\(source): refused: rule.lua is listed in the manifest but missing from the archive")
    let badSignature = "\(source): refused: the signature does not match (the manifest or the signature was changed after signing)"
    // The manifest changed to match a changed file: the signature no longer covers it.
    #expect(try tampered { entries in
      let changed = entries["plugin/rule.lua"]! + Data("-- more\n".utf8)
      entries["coprod-archive/MANIFEST"] = entries["coprod-archive/MANIFEST"]!
        .replacing(PluginLoader.sha256(of: entries["plugin/rule.lua"]!), with: PluginLoader.sha256(of: changed))
      entries["plugin/rule.lua"] = changed
    } == badSignature)
    // The version raised in the manifest and plugin.yaml, the old signature kept.
    #expect(try tampered { entries in
      let yaml = entries["plugin/plugin.yaml"]!.replacing("version: 1.0.0", with: "version: 9.0.0")
      entries["coprod-archive/MANIFEST"] = entries["coprod-archive/MANIFEST"]!
        .replacing("version 1.0.0", with: "version 9.0.0")
        .replacing(PluginLoader.sha256(of: entries["plugin/plugin.yaml"]!), with: PluginLoader.sha256(of: yaml))
      entries["plugin/plugin.yaml"] = yaml
    } == badSignature)
    // The id changed in the manifest only.
    #expect(try tampered { $0["coprod-archive/MANIFEST"] = $0["coprod-archive/MANIFEST"]!.replacing("id org.example.first", with: "id org.example.firsu") }
      == badSignature)
    // One byte of the signature changed.
    #expect(try tampered { entries in
      var lines = String(decoding: entries["coprod-archive/MANIFEST.minisig"]!, as: UTF8.self).split(separator: "\n").map(String.init)
      var raw = Data(base64Encoded: lines[1])!
      raw[20] ^= 1
      lines[1] = raw.base64EncodedString()
      entries["coprod-archive/MANIFEST.minisig"] = Data((lines.joined(separator: "\n") + "\n").utf8)
    } == badSignature)
    // The trusted comment edited to claim another version.
    #expect(try tampered { $0["coprod-archive/MANIFEST.minisig"] = $0["coprod-archive/MANIFEST.minisig"]!.replacing("version=1.0.0", with: "version=9.0.0") }
      == badSignature)
  }

  @Test("a signer's plugin.yaml that disagrees with its own manifest is refused")
  func manifestDisagreement() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let key = try scratch.trustedKey()
    let archive = try scratch.archive(try scratch.plugin(), key: nil)
    try rewrite(archive) { entries in
      let yaml = entries["plugin/plugin.yaml"]!.replacing("version: 1.0.0", with: "version: 1.0.1")
      entries["coprod-archive/MANIFEST"] = entries["coprod-archive/MANIFEST"]!
        .replacing(PluginLoader.sha256(of: entries["plugin/plugin.yaml"]!), with: PluginLoader.sha256(of: yaml))
      entries["plugin/plugin.yaml"] = yaml
    }
    _ = try PluginArchive.sign(archive, key: key)
    #expect(message { try PluginInstaller.install(archive, scratch.request()) }
      == "\(archive.path): refused: plugin.yaml says org.example.first 1.0.1 (API 1) but the archive manifest says org.example.first 1.0.0 (API 1)")
  }

  @Test("a downgrade, or the same version with other files, is refused; an upgrade needs upgrade")
  func versions() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let key = try scratch.trustedKey()
    let old = try scratch.archive(try scratch.plugin(version: "1.0.0"), key: key)
    let new = try scratch.archive(try scratch.plugin(version: "1.1.0"), key: key)
    _ = try PluginInstaller.install(new, scratch.request())
    let folder = scratch.root.appendingPathComponent("ws/plugins/org.example.first")
    #expect(message { try PluginInstaller.install(old, scratch.request(upgrade: true)) }
      == "\(old.path): refused: org.example.first 1.0.0 is older than the installed 1.1.0 (a downgrade); remove the installed one first if you really mean to go back")
    let newer = try scratch.archive(try scratch.plugin(version: "1.2.0"), key: key)
    #expect(message { try PluginInstaller.install(newer, scratch.request()) }
      == "org.example.first 1.1.0 is installed (\(folder.path)); to replace it with 1.2.0 use coprod plugins upgrade")
    let upgraded = try PluginInstaller.install(newer, scratch.request(upgrade: true))
    #expect(upgraded.replaced == SemanticVersion(1, 1, 0))
    #expect(try PluginLoader.readManifest(in: folder).version == SemanticVersion(1, 2, 0))
    #expect(scratch.names(scratch.root.appendingPathComponent("ws/plugins")) == [".coprod-install.lock", "org.example.first"])
    let source = try scratch.plugin(version: "1.2.0", description: "Changed without a new version.", in: "changed")
    let changed = try scratch.archive(source, key: key, name: "changed.zip")
    #expect(message { try PluginInstaller.install(changed, scratch.request(upgrade: true)) }
      == "\(changed.path): refused: org.example.first 1.2.0 is installed with other files (\(folder.path)); a changed plugin needs a new version number")
  }

  @Test("unsigned needs --allow-unsigned, an untrusted signer --trust, another API is refused")
  func trustAndAPI() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let unsigned = try scratch.archive(try scratch.plugin(), key: nil)
    #expect(message { try PluginInstaller.install(unsigned, scratch.request()) }
      == "\(unsigned.path): refused: org.example.first 1.0.0 is not signed, so nobody vouches for it; install it only if you trust where it came from, with --allow-unsigned")
    #expect(try PluginInstaller.install(unsigned, scratch.request(allowUnsigned: true)).signer == .unsigned)

    let stranger = SigningSecretKey.generate(name: "Somewhere Else")
    let signed = try scratch.archive(try scratch.plugin("org.example.second"), key: stranger)
    #expect(message { try PluginInstaller.install(signed, scratch.request()) }
      == "\(signed.path): refused: org.example.second 1.0.0 is signed by key \(stranger.publicKey.id) (\"Somewhere Else\", a name the signer chose), which the user trust store does not trust; confirm the key id with its publisher, then run again with --trust")
    let trusted = try PluginInstaller.install(signed, scratch.request(trust: true))
    #expect(trusted.trustedNow)
    #expect(scratch.trust.keys() == [stranger.publicKey])

    let future = try scratch.archive(try scratch.plugin("org.example.future", api: 1), key: nil)
    try rewrite(future) { $0["coprod-archive/MANIFEST"] = $0["coprod-archive/MANIFEST"]!.replacing("api_version 1", with: "api_version 7") }
    #expect(message { try PluginInstaller.install(future, scratch.request(allowUnsigned: true)) }
      == "\(future.path): refused: org.example.future 1.0.0 is written for Lua API 7; this coprod runs API 1 to 1")
  }

  @Test("a workspace that pins keys trusts only those")
  func pinnedKeys() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let userKey = try scratch.trustedKey()
    let pinnedKey = SigningSecretKey.generate(name: "Partnership")
    try TrustStore.pinned(workspace: scratch.root.appendingPathComponent("ws")).trust(pinnedKey.publicKey)
    let byUser = try scratch.archive(try scratch.plugin(), key: userKey)
    #expect(message { try PluginInstaller.install(byUser, scratch.request()) }.contains("which the workspace trust store does not trust"))
    let byPartnership = try scratch.archive(try scratch.plugin("org.example.second"), key: pinnedKey)
    #expect(try PluginInstaller.install(byPartnership, scratch.request()).signer == .key(pinnedKey.publicKey, trustedIn: .workspace))
  }

  @Test("an install that fails late leaves nothing behind")
  func atomicFailure() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let archive = try scratch.archive(try scratch.plugin(), key: nil)
    // A consistent archive whose plugin.yaml names an entry file it does not hold: found
    // only once the files are unpacked.
    try rewrite(archive) { entries in
      let hash = PluginLoader.sha256(of: entries["plugin/rule.lua"]!)
      entries["coprod-archive/MANIFEST"] = entries["coprod-archive/MANIFEST"]!.replacing("\(hash)  rule.lua\n", with: "")
      entries["plugin/rule.lua"] = nil
    }
    let error = message { try PluginInstaller.install(archive, scratch.request(allowUnsigned: true)) }
    #expect(error == "\(archive.path): refused: plugin/plugin.yaml:9: provides[1].entry: no file 'rule.lua' in plugin")
    #expect(scratch.names(scratch.root.appendingPathComponent("ws/plugins")) == [])
    #expect(!FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent("ws/coprod.lock").path))
  }

  @Test("two installs at once leave one complete plugin and nothing else")
  func concurrentInstalls() async throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let key = try scratch.trustedKey()
    let archives = try (0..<6).map { try scratch.archive(try scratch.plugin(version: "1.\($0).0"), key: key) }
    await withTaskGroup(of: Void.self) { group in
      for archive in archives {
        group.addTask { _ = try? PluginInstaller.install(archive, scratch.request(upgrade: true)) }
      }
    }
    let plugins = scratch.root.appendingPathComponent("ws/plugins")
    #expect(scratch.names(plugins) == [".coprod-install.lock", "org.example.first"])
    let folder = plugins.appendingPathComponent("org.example.first")
    let installed = try PluginLoader.readManifest(in: folder)
    #expect(PluginProvenance.signer(ofFolder: folder) == .key(key.publicKey, trustedIn: nil))
    let lock = try #require(try PluginLock.read(workspace: scratch.root.appendingPathComponent("ws")))
    #expect(lock.entries["org.example.first"]?.version == installed.version.description)
  }

  @Test("unsafe archives are refused before anything is written")
  func unsafeArchives() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let archive = try scratch.archive(try scratch.plugin(), key: nil)
    let pristine = try Data(contentsOf: archive)
    func refusal(_ change: (inout [String: Data]) -> Void, limits: PluginArchive.Limits = .standard) throws -> String {
      try pristine.write(to: archive)
      try rewrite(archive, change)
      return message { try PluginArchive.read(archive, limits: limits) }
    }
    #expect(try refusal { $0["plugin/../../evil.lua"] = Data() }
      == "\(archive.path): refused: unsafe entry path 'plugin/../../evil.lua' (absolute, '..', hidden or empty part)")
    #expect(try refusal { $0["/etc/evil"] = Data() } == "\(archive.path): refused: unsafe entry path '/etc/evil' (absolute, '..', hidden or empty part)")
    #expect(try refusal { $0["plugin/.hidden"] = Data() } == "\(archive.path): refused: unsafe entry path 'plugin/.hidden' (absolute, '..', hidden or empty part)")
    #expect(try refusal { $0["elsewhere.txt"] = Data() } == "\(archive.path): refused: unexpected entry 'elsewhere.txt'")
    var small = PluginArchive.Limits()
    small.totalBytes = 1 << 20
    small.fileBytes = 1 << 20
    #expect(try refusal({ $0["plugin/bomb.bin"] = Data(count: 4 << 20) }, limits: small)
      == "\(archive.path): refused: entry 'plugin/bomb.bin' is too large (limits: 1048576 bytes a file, 1048576 in all)")

    try pristine.write(to: archive)
    let zip = try Archive(url: archive, accessMode: .update)
    try zip.addEntry(with: "plugin/link.lua", type: .symlink, uncompressedSize: Int64(11)) { (_: Int64, _: Int) in Data("/etc/passwd".utf8) }
    #expect(message { try PluginArchive.read(archive) } == "\(archive.path): refused: entry 'plugin/link.lua' is a symbolic link")
  }

  @Test("removing a plugin takes it out of the folder and the lock")
  func remove() throws {
    let scratch = try Scratch()
    defer { scratch.remove() }
    let archive = try scratch.archive(try scratch.plugin(), key: nil)
    _ = try PluginInstaller.install(archive, scratch.request(allowUnsigned: true))
    let ws = scratch.root.appendingPathComponent("ws")
    _ = try PluginInstaller.remove(id: "org.example.first", destination: ws.appendingPathComponent("plugins"), workspace: ws)
    #expect(scratch.names(ws.appendingPathComponent("plugins")) == [".coprod-install.lock"])
    #expect(try PluginLock.read(workspace: ws)?.entries == [:])
    #expect(message { try PluginInstaller.remove(id: "org.example.first", destination: ws.appendingPathComponent("plugins"), workspace: ws) }
      == "org.example.first is not installed in \(ws.appendingPathComponent("plugins").path); see coprod plugins list")
  }
}
