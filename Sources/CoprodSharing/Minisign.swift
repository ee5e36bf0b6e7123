// coprod — co-production toolkit. Apache-2.0.

import Crypto
import Foundation

// MARK: - Keys

/// An Ed25519 public key in minisign's format: a key id and 32 key bytes.
///
/// The file is two lines, `untrusted comment: …` and the base64 of `"Ed"`, the 8-byte key
/// id and the key — the same file `minisign -G` writes, so `minisign -V -p FILE` can check
/// coprod's signatures.
public struct SigningPublicKey: Sendable, Equatable {
  /// The 8-byte key id, as minisign stores it.
  public var keyID: Data
  /// The raw Ed25519 public key.
  public var key: Data
  /// A name for people (`Leeds City Council`), kept in the untrusted comment.
  public var name: String

  /// The key id as minisign prints it: 16 upper-case hex digits.
  public var id: String { Minisign.keyIDText(keyID) }

  /// Reads a public key file's text.
  ///
  /// - Throws: ``SharingError`` when the text is not a minisign Ed25519 public key.
  public init(text: String, source: String) throws(SharingError) {
    let lines = text.split(whereSeparator: \.isNewline).map(String.init)
    guard lines.count >= 2, let raw = Data(base64Encoded: lines[1].trimmingCharacters(in: .whitespaces)),
      raw.count == 42, raw.prefix(2) == Data("Ed".utf8)
    else { throw SharingError("\(source): not a public key (expected minisign's two-line Ed25519 public key file)") }
    keyID = raw.subdata(in: 2..<10)
    key = raw.subdata(in: 10..<42)
    name = Minisign.name(fromComment: lines[0], keyID: Minisign.keyIDText(raw.subdata(in: 2..<10)))
  }

  /// Creates a key from its parts.
  public init(keyID: Data, key: Data, name: String) {
    self.keyID = keyID
    self.key = key
    self.name = name
  }

  /// The file text.
  public var text: String {
    "untrusted comment: coprod public key \(id): \(name)\n" + (Data("Ed".utf8) + keyID + key).base64EncodedString() + "\n"
  }

  /// Whether `signature` is a valid Ed25519 signature of `message` by this key.
  func isValid(_ signature: Data, of message: Data) -> Bool {
    guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: key) else { return false }
    return key.isValidSignature(signature, for: message)
  }
}

/// An Ed25519 signing key. Stored unencrypted (unlike minisign's secret keys), in a file
/// only its owner can read.
public struct SigningSecretKey: Sendable {
  /// The public half.
  public var publicKey: SigningPublicKey
  /// The 32-byte seed.
  var seed: Data

  /// Makes a new random key called `name`.
  public static func generate(name: String) -> SigningSecretKey {
    let key = Curve25519.Signing.PrivateKey()
    var keyID = Data(count: 8)
    for index in 0..<8 { keyID[index] = UInt8.random(in: 0...255) }
    return SigningSecretKey(publicKey: .init(keyID: keyID, key: key.publicKey.rawRepresentation, name: name), seed: key.rawRepresentation)
  }

  init(publicKey: SigningPublicKey, seed: Data) {
    self.publicKey = publicKey
    self.seed = seed
  }

  /// Reads a secret key file's text.
  ///
  /// - Throws: ``SharingError`` when the text is not a coprod secret key.
  public init(text: String, source: String) throws(SharingError) {
    let lines = text.split(whereSeparator: \.isNewline).map(String.init)
    guard lines.count >= 2, lines[0].hasPrefix("untrusted comment: coprod secret key"),
      let raw = Data(base64Encoded: lines[1].trimmingCharacters(in: .whitespaces)), raw.count == 42,
      raw.prefix(2) == Data("Ed".utf8),
      let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw.subdata(in: 10..<42))
    else { throw SharingError("\(source): not a coprod secret key (make one with coprod keys new NAME)") }
    let keyID = raw.subdata(in: 2..<10)
    seed = key.rawRepresentation
    publicKey = .init(
      keyID: keyID, key: key.publicKey.rawRepresentation,
      name: Minisign.name(fromComment: lines[0], keyID: Minisign.keyIDText(keyID)))
  }

  /// The file text.
  public var text: String {
    "untrusted comment: coprod secret key \(publicKey.id): \(publicKey.name)\n"
      + (Data("Ed".utf8) + publicKey.keyID + seed).base64EncodedString() + "\n"
  }

  /// A minisign signature of `message` whose signed trusted comment is `trustedComment`.
  public func sign(_ message: Data, trustedComment: String) -> MinisignSignature {
    // The seed was checked when the key was made or read.
    let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    let signature = try! key.signature(for: message)
    let global = try! key.signature(for: signature + Data(trustedComment.utf8))
    return MinisignSignature(
      keyID: publicKey.keyID, signature: signature, trustedComment: trustedComment, globalSignature: global,
      untrustedComment: "signature from coprod key \(publicKey.id): \(publicKey.name)")
  }
}

// MARK: - Signatures

/// A detached signature in minisign's format (legacy `Ed` algorithm: the message itself is
/// signed): the signature of the message, and a second signature over that signature and
/// the trusted comment, so the comment cannot be changed either.
public struct MinisignSignature: Sendable, Equatable {
  /// The key id of the key that signed.
  public var keyID: Data
  /// Ed25519 signature of the message.
  public var signature: Data
  /// The signed comment (coprod puts the plugin's id and version there).
  public var trustedComment: String
  /// Ed25519 signature of `signature` followed by the trusted comment.
  public var globalSignature: Data
  /// Free text, not signed.
  public var untrustedComment: String

  /// The key id as 16 hex digits.
  public var keyIDText: String { Minisign.keyIDText(keyID) }

  /// Reads a `.minisig` file's text.
  ///
  /// - Throws: ``SharingError`` when the text is not an Ed25519 minisign signature.
  public init(text: String, source: String) throws(SharingError) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: ["\r"]) }
    guard lines.count >= 4, lines[0].hasPrefix("untrusted comment: "), lines[2].hasPrefix("trusted comment: "),
      let raw = Data(base64Encoded: lines[1]), raw.count == 74, raw.prefix(2) == Data("Ed".utf8),
      let global = Data(base64Encoded: lines[3]), global.count == 64
    else { throw SharingError("\(source): the signature is damaged (not a minisign Ed25519 signature)") }
    keyID = raw.subdata(in: 2..<10)
    signature = raw.subdata(in: 10..<74)
    untrustedComment = String(lines[0].dropFirst("untrusted comment: ".count))
    trustedComment = String(lines[2].dropFirst("trusted comment: ".count))
    globalSignature = global
  }

  init(keyID: Data, signature: Data, trustedComment: String, globalSignature: Data, untrustedComment: String) {
    self.keyID = keyID
    self.signature = signature
    self.trustedComment = trustedComment
    self.globalSignature = globalSignature
    self.untrustedComment = untrustedComment
  }

  /// The file text.
  public var text: String {
    "untrusted comment: \(untrustedComment)\n" + (Data("Ed".utf8) + keyID + signature).base64EncodedString() + "\n"
      + "trusted comment: \(trustedComment)\n" + globalSignature.base64EncodedString() + "\n"
  }

  /// Whether `key` made this signature of `message`, trusted comment included.
  public func isValid(for message: Data, by key: SigningPublicKey) -> Bool {
    key.keyID == keyID && key.isValid(signature, of: message)
      && key.isValid(globalSignature, of: signature + Data(trustedComment.utf8))
  }
}

/// Helpers shared by the key and signature formats.
enum Minisign {
  /// minisign prints a key id as the little-endian 64-bit number in hex.
  static func keyIDText(_ keyID: Data) -> String {
    keyID.reversed().map { String(format: "%02X", $0) }.joined()
  }

  /// The name in `untrusted comment: coprod public key ID: NAME`, or the comment itself
  /// for a key made elsewhere.
  static func name(fromComment line: String, keyID: String) -> String {
    let comment = line.hasPrefix("untrusted comment: ") ? String(line.dropFirst("untrusted comment: ".count)) : line
    if let range = comment.range(of: "\(keyID): ") { return String(comment[range.upperBound...]) }
    return comment
  }
}
