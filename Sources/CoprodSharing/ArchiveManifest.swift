// coprod — co-production toolkit. Apache-2.0.

import CoprodPlugins
import Crypto
import Foundation

/// The manifest of a plugin archive: the plugin's id, version and API version, and the
/// sha256 of every file. It is what a signature signs, so one signature covers every byte of
/// the plugin and names the exact version.
///
/// ```text
/// coprod plugin archive 1
/// id org.example.irv
/// version 1.2.0
/// api_version 1
/// 9f86d081…  plugin.yaml
/// 60303ae2…  rule.lua
/// ```
///
/// The file lines are those of `sha256sum`, sorted by path (bytewise).
public struct ArchiveManifest: Sendable, Equatable {
  /// The plugin id.
  public var id: String
  /// The plugin version.
  public var version: SemanticVersion
  /// The Lua API version it was written for.
  public var apiVersion: Int
  /// Path (relative to the plugin folder) → sha256 hex.
  public var files: [String: String]

  static let header = "coprod plugin archive 1"

  /// Creates a manifest.
  public init(id: String, version: SemanticVersion, apiVersion: Int, files: [String: String]) {
    self.id = id
    self.version = version
    self.apiVersion = apiVersion
    self.files = files
  }

  /// The exact bytes signed.
  public var text: String {
    var lines = [Self.header, "id \(id)", "version \(version)", "api_version \(apiVersion)"]
    lines += Self.sortedPaths(files.keys).map { "\(files[$0]!)  \($0)" }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Paths in manifest order (bytewise, like `LC_ALL=C sort`).
  static func sortedPaths(_ paths: some Sequence<String>) -> [String] {
    paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  /// Reads a manifest.
  ///
  /// - Throws: ``SharingError`` naming `source` and the line when it is malformed.
  public init(text: String, source: String) throws(SharingError) {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    func fail(_ line: Int, _ problem: String) -> SharingError { SharingError("\(source):\(line): \(problem); the archive is damaged or was not made by coprod plugins pack") }
    guard lines.first == Self.header else { throw fail(1, "expected '\(Self.header)'") }
    func field(_ index: Int, _ name: String) throws(SharingError) -> String {
      guard index < lines.count, lines[index].hasPrefix(name + " ") else { throw fail(index + 1, "expected '\(name) …'") }
      return String(lines[index].dropFirst(name.count + 1))
    }
    id = try field(1, "id")
    guard let version = SemanticVersion(try field(2, "version")) else { throw fail(3, "the version is not SemVer") }
    self.version = version
    guard let api = Int(try field(3, "api_version")) else { throw fail(4, "api_version is not a whole number") }
    apiVersion = api
    files = [:]
    var previous: String?
    for (offset, line) in lines.enumerated().dropFirst(4) {
      let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
      guard parts.count == 3, parts[1].isEmpty, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit), !parts[2].isEmpty else {
        throw fail(offset + 1, "expected '<sha256>  <path>'")
      }
      let path = String(parts[2])
      if let previous, !previous.utf8.lexicographicallyPrecedes(path.utf8) { throw fail(offset + 1, "paths are not sorted or repeat") }
      previous = path
      files[path] = String(parts[0])
    }
    guard files[PluginManifest.fileName] != nil else { throw fail(lines.count, "no \(PluginManifest.fileName) listed") }
  }

  /// The trusted comment a coprod signature carries: the id, version and manifest hash, so
  /// a signature cannot be moved to another plugin or version.
  public var trustedComment: String {
    "coprod-plugin id=\(id) version=\(version) manifest=\(Self.sha256(Data(text.utf8)))"
  }

  /// SHA-256 as hex.
  static func sha256(_ data: Data) -> String {
    // Hex by table: `String(format:)` per byte was a tenth of `plugins list`.
    let digits = Array("0123456789abcdef".utf8)
    var hex: [UInt8] = []
    hex.reserveCapacity(64)
    for byte in SHA256.hash(data: data) {
      hex.append(digits[Int(byte >> 4)])
      hex.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: hex, as: UTF8.self)
  }
}
