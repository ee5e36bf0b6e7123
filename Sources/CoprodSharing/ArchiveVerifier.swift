// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodPlugins
import Foundation

/// Who signed a plugin, as far as this computer can tell.
public enum PluginSigner: Sendable, Equatable {
  /// Shipped with coprod.
  case bundled
  /// Not signed, or changed since it was installed from a signed archive.
  case unsigned
  /// Signed by `key`; `trustedIn` says which trust store holds the key, nil when none does.
  case key(SigningPublicKey, trustedIn: TrustStore.Scope?)

  /// The lock file's form: `unsigned` or `key:KEYID`.
  public var lockText: String {
    switch self {
    case .bundled: "bundled"
    case .unsigned: "unsigned"
    case .key(let key, _): "key:\(key.id)"
    }
  }

  /// What results and decisions cite: nil for a bundled plugin, else ``lockText``.
  public var citation: String? { self == .bundled ? nil : lockText }

  /// For people: `key 1A2B… (Leeds City Council)`.
  public var shown: String {
    switch self {
    case .bundled: "coprod (bundled)"
    case .unsigned: "nobody (unsigned)"
    case .key(let key, _): "key \(key.id) (\"\(key.name)\", a name the signer chose)"
    }
  }
}

/// Checks an archive's files against its manifest and its signature against a key.
public enum ArchiveVerifier {
  /// Refuses an archive whose files do not match its manifest exactly: a changed, missing or
  /// extra file.
  public static func checkFiles(_ contents: PluginArchive.Contents, source: String) throws(SharingError) {
    for path in ArchiveManifest.sortedPaths(contents.manifest.files.keys) {
      guard let data = contents.files[path] else {
        throw SharingError("\(source): refused: \(path) is listed in the manifest but missing from the archive")
      }
      guard ArchiveManifest.sha256(data) == contents.manifest.files[path] else {
        throw SharingError("\(source): refused: \(path) does not match its sha256 in the manifest (the file was changed)")
      }
    }
    if let extra = ArchiveManifest.sortedPaths(contents.files.keys).first(where: { contents.manifest.files[$0] == nil }) {
      throw SharingError("\(source): refused: \(extra) is in the archive but not in its manifest (a file was added)")
    }
  }

  /// Checks the files, the API version, the signature and `plugin.yaml`, and says who signed.
  ///
  /// - Parameter trust: the store whose keys are trusted (nil: none); a key it does not hold
  ///   is taken from the archive's `signer.pub` and reported as untrusted.
  /// - Throws: ``SharingError`` naming the archive and why it is refused.
  public static func verify(_ contents: PluginArchive.Contents, source: String, trust: TrustStore?) throws -> (PluginManifest, PluginSigner) {
    try checkFiles(contents, source: source)
    let manifest = contents.manifest
    guard (LuaAPI.oldestSupported...LuaAPI.version).contains(manifest.apiVersion) else {
      throw SharingError(
        "\(source): refused: \(manifest.id) \(manifest.version) is written for Lua API \(manifest.apiVersion); this coprod runs API \(LuaAPI.oldestSupported) to \(LuaAPI.version)")
    }
    let signer = try signer(of: contents, source: source, trust: trust)
    guard let yaml = contents.files[PluginManifest.fileName].flatMap({ String(data: $0, encoding: .utf8) }) else {
      throw SharingError("\(source): refused: \(PluginManifest.fileName) is not UTF-8 text")
    }
    let plugin = try ManifestParser.parse(yaml, file: "\(source)!plugin/\(PluginManifest.fileName)", folder: nil)
    guard plugin.id == manifest.id, plugin.version == manifest.version, plugin.apiVersion == manifest.apiVersion else {
      throw SharingError(
        "\(source): refused: plugin.yaml says \(plugin.id) \(plugin.version) (API \(plugin.apiVersion)) but the archive manifest says \(manifest.id) \(manifest.version) (API \(manifest.apiVersion))")
    }
    return (plugin, signer)
  }

  /// The signer, after checking the signature covers this manifest, id and version.
  static func signer(of contents: PluginArchive.Contents, source: String, trust: TrustStore?) throws(SharingError) -> PluginSigner {
    guard let signature = contents.signature else { return .unsigned }
    let trusted = trust?.key(id: signature.keyID)
    guard let key = trusted ?? contents.signerKey.flatMap({ $0.keyID == signature.keyID ? $0 : nil }) else {
      throw SharingError("\(source): refused: signed by key \(signature.keyIDText), which is not in your trust store and the archive holds no public key for it")
    }
    guard signature.isValid(for: contents.manifestData, by: key) else {
      throw SharingError("\(source): refused: the signature does not match (the manifest or the signature was changed after signing)")
    }
    guard signature.trustedComment == contents.manifest.trustedComment else {
      throw SharingError(
        "\(source): refused: the signature was made for '\(signature.trustedComment)', not for \(contents.manifest.id) \(contents.manifest.version) (a signature cannot be moved to another plugin or version)")
    }
    return .key(key, trustedIn: trusted == nil ? nil : trust?.scope)
  }
}
