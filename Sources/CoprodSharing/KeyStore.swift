// coprod — co-production toolkit. Apache-2.0.

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - Signing keys

/// The user's signing keys, in `keys/` of the coprod configuration folder
/// (`$XDG_CONFIG_HOME/coprod`, else `~/.config/coprod`): `NAME.key` (readable by its owner
/// only) and `NAME.pub`.
public struct KeyStore: Sendable {
  /// The coprod configuration folder.
  public var configFolder: URL

  /// Creates a store in `configFolder`.
  public init(configFolder: URL) { self.configFolder = configFolder }

  /// The configuration folder for `environment`: `$XDG_CONFIG_HOME/coprod`, else
  /// `$HOME/.config/coprod`.
  public static func configFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
    if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
      return URL(fileURLWithPath: config).appendingPathComponent("coprod")
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return URL(fileURLWithPath: home).appendingPathComponent(".config/coprod")
  }

  var keysFolder: URL { configFolder.appendingPathComponent("keys") }

  /// Makes a new key, saves it as `name` and returns it.
  ///
  /// - Parameter owner: the name people see beside the key id (default: `name`).
  /// - Throws: ``SharingError`` when the name is not a plain file name or a key of that name
  ///   exists.
  public func create(name: String, owner: String? = nil) throws(SharingError) -> SigningSecretKey {
    let key = SigningSecretKey.generate(name: owner ?? name)
    try save(key, as: name)
    return key
  }

  /// Saves a secret key read from a file (moving a key to another computer).
  public func importKey(_ key: SigningSecretKey, as name: String) throws(SharingError) {
    try save(key, as: name)
  }

  private func save(_ key: SigningSecretKey, as name: String) throws(SharingError) {
    guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }), !name.hasPrefix(".") else {
      throw SharingError("key name '\(name)': use letters, digits, '.', '_' and '-' only")
    }
    let secret = keysFolder.appendingPathComponent("\(name).key")
    guard !FileManager.default.fileExists(atPath: secret.path) else {
      throw SharingError("a key called '\(name)' exists (\(secret.path)); choose another name")
    }
    try SharingFiles.makeFolder(keysFolder, private: true)
    try SharingFiles.writeNew(Data(key.text.utf8), to: secret, mode: 0o600)
    try SharingFiles.save(Data(key.publicKey.text.utf8), to: keysFolder.appendingPathComponent("\(name).pub"))
  }

  /// The secret key `reference`: the name of one of the user's keys, or a path to a key file.
  ///
  /// - Throws: ``SharingError`` when there is no such key or the file is not a secret key.
  public func secretKey(_ reference: String) throws(SharingError) -> SigningSecretKey {
    let named = keysFolder.appendingPathComponent("\(reference).key")
    let file = !reference.contains("/") && FileManager.default.fileExists(atPath: named.path) ? named : URL(fileURLWithPath: reference)
    guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
      throw SharingError("no signing key '\(reference)' (see coprod keys list, or make one with coprod keys new NAME)")
    }
    return try SigningSecretKey(text: text, source: file.path)
  }

  /// The user's own keys by file name, sorted by name.
  public func ownKeys() -> [(name: String, key: SigningPublicKey)] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: keysFolder.path)) ?? []
    return names.filter { $0.hasSuffix(".pub") }.sorted().compactMap { file in
      let url = keysFolder.appendingPathComponent(file)
      guard let text = try? String(contentsOf: url, encoding: .utf8), let key = try? SigningPublicKey(text: text, source: url.path) else { return nil }
      return (String(file.dropLast(4)), key)
    }
  }

  /// The public key of the user's key `name`, as a file's text.
  public func publicKeyText(_ name: String) throws(SharingError) -> String {
    try secretKey(name).publicKey.text
  }
}

// MARK: - Trust

/// Keys whose signatures are accepted: a folder of minisign public key files named
/// `KEYID.pub`. The user's is `trusted-keys/` in the configuration folder; a workspace that
/// has its own `trusted-keys/` folder trusts only the keys pinned there.
public struct TrustStore: Sendable {
  /// Whose store this is.
  public enum Scope: String, Sendable {
    /// The user's, for every workspace that pins none.
    case user
    /// One workspace's pinned keys.
    case workspace
  }

  /// The folder of `KEYID.pub` files.
  public var folder: URL
  /// Whose store it is.
  public var scope: Scope

  /// Creates a store in `folder`.
  public init(folder: URL, scope: Scope) {
    self.folder = folder
    self.scope = scope
  }

  /// The user's trust store.
  public static func user(configFolder: URL) -> TrustStore {
    TrustStore(folder: configFolder.appendingPathComponent("trusted-keys"), scope: .user)
  }

  /// The workspace's pinned keys (the folder may not exist).
  public static func pinned(workspace: URL) -> TrustStore {
    TrustStore(folder: workspace.appendingPathComponent("trusted-keys"), scope: .workspace)
  }

  /// The store that decides for `workspace`: its pinned keys if it pins any, else the user's.
  public static func effective(workspace: URL?, configFolder: URL) -> TrustStore {
    if let workspace {
      let pinned = TrustStore.pinned(workspace: workspace)
      if !pinned.keys().isEmpty { return pinned }
    }
    return .user(configFolder: configFolder)
  }

  /// The trusted keys, sorted by key id.
  public func keys() -> [SigningPublicKey] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".pub") }.sorted().compactMap { file in
      let url = folder.appendingPathComponent(file)
      guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
      return try? SigningPublicKey(text: text, source: url.path)
    }
  }

  /// The trusted key with id `keyID`, if any.
  public func key(id keyID: Data) -> SigningPublicKey? {
    let url = folder.appendingPathComponent("\(Minisign.keyIDText(keyID)).pub")
    guard let text = try? String(contentsOf: url, encoding: .utf8), let key = try? SigningPublicKey(text: text, source: url.path),
      key.keyID == keyID
    else { return nil }
    return key
  }

  /// Trusts `key`.
  public func trust(_ key: SigningPublicKey) throws(SharingError) {
    try SharingFiles.makeFolder(folder, private: false)
    try SharingFiles.save(Data(key.text.utf8), to: folder.appendingPathComponent("\(key.id).pub"))
  }

  /// Stops trusting the key with id `id` (16 hex digits).
  ///
  /// - Throws: ``SharingError`` when it is not trusted here.
  public func untrust(id: String) throws(SharingError) {
    let file = folder.appendingPathComponent("\(id.uppercased()).pub")
    guard FileManager.default.fileExists(atPath: file.path) else {
      throw SharingError("key \(id) is not in the \(scope == .user ? "user's" : "workspace's") trust store (\(folder.path)); see coprod keys list")
    }
    do {
      try FileManager.default.removeItem(at: file)
    } catch {
      throw SharingError("\(file.path): cannot remove (\(error.localizedDescription))")
    }
  }
}

// MARK: - Files

/// Small file helpers for keys, trust stores and installs.
enum SharingFiles {
  /// Makes `folder` (and its parents); a private one is readable by its owner only.
  static func makeFolder(_ folder: URL, private isPrivate: Bool) throws(SharingError) {
    do {
      try FileManager.default.createDirectory(
        at: folder, withIntermediateDirectories: true, attributes: isPrivate ? [.posixPermissions: 0o700] : nil)
    } catch {
      throw SharingError("\(folder.path): cannot make the folder (\(error.localizedDescription))")
    }
  }

  /// Writes `data` to `url` atomically.
  static func save(_ data: Data, to url: URL) throws(SharingError) {
    do {
      try data.write(to: url, options: .atomic)
    } catch {
      throw SharingError("\(url.path): cannot write (\(error.localizedDescription)); check the folder exists and is writable")
    }
  }

  /// Creates `url` with permissions `mode` from the start (never readable by others, even
  /// for a moment), then writes `data`; fails if the file exists.
  static func writeNew(_ data: Data, to url: URL, mode: mode_t) throws(SharingError) {
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, mode)
    guard descriptor >= 0 else {
      throw SharingError("\(url.path): cannot create (\(String(cString: strerror(errno))))")
    }
    defer { close(descriptor) }
    let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard written == data.count, fchmod(descriptor, mode) == 0 else {
      throw SharingError("\(url.path): cannot write (\(String(cString: strerror(errno))))")
    }
  }
}
