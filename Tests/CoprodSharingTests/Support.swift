// coprod — co-production toolkit. Apache-2.0.

import CoprodPlugins
import CoprodSharing
import Foundation
import ZIPFoundation

/// A scratch folder with its own configuration folder (keys, trust store, catalogues).
struct Scratch {
  let root: URL
  var config: URL { root.appendingPathComponent("config") }
  var keys: KeyStore { KeyStore(configFolder: config) }
  var trust: TrustStore { .user(configFolder: config) }

  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-sharing-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  func remove() { try? FileManager.default.removeItem(at: root) }

  /// Writes a small voting-rule plugin folder and returns it.
  func plugin(
    _ id: String = "org.example.first", version: String = "1.0.0", api: Int = 1, dependencies: [String: String] = [:],
    description: String = "Elects the first candidate.", in folder: String? = nil
  ) throws -> URL {
    let url = root.appendingPathComponent(folder ?? "\(id)-\(version)-src")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    var yaml = """
      id: \(id)
      name: \(id.split(separator: ".").last!.capitalized)
      version: \(version)
      description: \(description)
      authors: [Example Council]
      license: Apache-2.0
      api_version: \(api)
      provides:
        - { kind: voting-rule, name: \(id.split(separator: ".").last!), entry: rule.lua }

      """
    if !dependencies.isEmpty {
      yaml += "dependencies:\n" + dependencies.keys.sorted().map { "  \($0): \"\(dependencies[$0]!)\"\n" }.joined()
    }
    try yaml.write(to: url.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)
    try "return coprod.voting_rule { name = 'First', count = function(e) return {} end }\n"
      .write(to: url.appendingPathComponent("rule.lua"), atomically: true, encoding: .utf8)
    return url
  }

  /// Packs `folder` (and signs it with `key`, if given) into `name` in the scratch root.
  func archive(_ folder: URL, key: SigningSecretKey?, name: String? = nil) throws -> URL {
    let plugin = try PluginLoader.readManifest(in: folder)
    let url = root.appendingPathComponent(name ?? "\(plugin.id)-\(plugin.version).coprod.zip")
    _ = try PluginArchive.pack(folder: folder, to: url)
    if let key { _ = try PluginArchive.sign(url, key: key) }
    return url
  }

  /// A key that is trusted in the user's store.
  func trustedKey(_ name: String = "leeds") throws -> SigningSecretKey {
    let key = try keys.create(name: name, owner: "Leeds City Council")
    try trust.trust(key.publicKey)
    return key
  }

  /// An install request into `plugins/` of the workspace folder `ws` (made if missing).
  func request(_ ws: String = "ws", allowUnsigned: Bool = false, trust: Bool = false, upgrade: Bool = false) -> PluginInstaller.Request {
    let workspace = root.appendingPathComponent(ws)
    return .init(
      destination: workspace.appendingPathComponent("plugins"), workspace: workspace, configFolder: config,
      allowUnsigned: allowUnsigned, trustSigner: trust, upgrade: upgrade)
  }

  /// Names in `folder`, hidden ones included, sorted.
  func names(_ folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
  }
}

/// Rewrites the zip at `url`, letting `change` edit its entries (path → bytes).
func rewrite(_ url: URL, _ change: (inout [String: Data]) -> Void) throws {
  let archive = try Archive(url: url, accessMode: .read)
  var entries: [String: Data] = [:]
  for entry in archive {
    var data = Data()
    _ = try archive.extract(entry) { data.append($0) }
    entries[entry.path] = data
  }
  change(&entries)
  try FileManager.default.removeItem(at: url)
  let output = try Archive(url: url, accessMode: .create)
  for path in entries.keys.sorted() {
    let data = entries[path]!
    try output.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
      data.subdata(in: Int(position)..<Int(position) + size)
    }
  }
}

extension Data {
  /// These bytes as UTF-8 text with `old` replaced by `new`.
  func replacing(_ old: String, with new: String) -> Data {
    Data(String(decoding: self, as: UTF8.self).replacingOccurrences(of: old, with: new).utf8)
  }
}

/// The error's one line, or "no error".
func message(_ body: () throws -> Any) -> String {
  do {
    _ = try body()
    return "no error"
  } catch {
    return "\(error)"
  }
}
