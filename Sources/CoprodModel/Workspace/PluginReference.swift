// coprod — co-production toolkit. Apache-2.0.

// MARK: - Plugin reference

/// The exact plugin that shaped a session or made a decision: id, version, content hash and
/// signer, so that anyone can re-run it and get the same result.
public struct PluginReference: Sendable, Hashable, Codable {
  /// The plugin id (`org.coprod.story-circle`, `org.coprod.irv`).
  public var id: String
  /// Its version as declared in its manifest.
  public var version: String
  /// The sha256 of its files, hex-encoded.
  public var hash: String
  /// Who signed it: `key:KEYID` or `unsigned`; nil for a plugin bundled with coprod (and in
  /// records made before coprod knew signers).
  public var signer: String?

  /// Creates a reference.
  public init(id: String, version: String, hash: String, signer: String? = nil) {
    self.id = id
    self.version = version
    self.hash = hash
    self.signer = signer
  }
}
