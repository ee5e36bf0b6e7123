// coprod — co-production toolkit. Apache-2.0.

import CoprodPlugins
import Foundation

/// Who signed an installed plugin: the archive manifest and signature kept in its
/// `.coprod-install/` folder, checked against the files as they are now.
public enum PluginProvenance {
  /// The signer of `plugin`: `bundled` for coprod's own, `key` when the kept signature
  /// verifies and every file still matches the signed manifest, else `unsigned`.
  public static func signer(of plugin: DiscoveredPlugin) -> PluginSigner {
    if plugin.source == .bundled || isBundled(plugin.folder) { return .bundled }
    return signer(ofFolder: plugin.folder)
  }

  private static let bundledPath = PluginSource.bundledFolder()?.resolvingSymlinksInPath().standardizedFileURL.path

  /// Whether `folder` is one of coprod's bundled plugins, however it was named (a bundled
  /// rule given by its folder is still bundled).
  static func isBundled(_ folder: URL) -> Bool {
    guard let bundledPath else { return false }
    return folder.resolvingSymlinksInPath().standardizedFileURL.deletingLastPathComponent().path == bundledPath
  }

  /// The signer of the plugin installed in `folder` (see ``signer(of:)``).
  public static func signer(ofFolder folder: URL) -> PluginSigner {
    let kept = folder.appendingPathComponent(PluginInstaller.provenanceFolder)
    let manager = FileManager.default
    guard let manifestData = manager.contents(atPath: kept.appendingPathComponent("MANIFEST").path),
      let signatureData = manager.contents(atPath: kept.appendingPathComponent("MANIFEST.minisig").path),
      let keyData = manager.contents(atPath: kept.appendingPathComponent("signer.pub").path),
      let manifest = try? ArchiveManifest(text: String(decoding: manifestData, as: UTF8.self), source: kept.path),
      let signature = try? MinisignSignature(text: String(decoding: signatureData, as: UTF8.self), source: kept.path),
      let key = try? SigningPublicKey(text: String(decoding: keyData, as: UTF8.self), source: kept.path),
      let files = try? PluginArchive.pluginFiles(in: folder), Set(files) == Set(manifest.files.keys)
    else { return .unsigned }
    for path in files {
      guard let data = manager.contents(atPath: folder.appendingPathComponent(path).path),
        ArchiveManifest.sha256(data) == manifest.files[path]
      else { return .unsigned }
    }
    let cacheKey = ArchiveManifest.sha256(manifestData + signatureData + keyData)
    guard signature.trustedComment == manifest.trustedComment,
      VerificationCache.shared.verified(cacheKey, check: { signature.isValid(for: manifestData, by: key) })
    else { return .unsigned }
    return .key(key, trustedIn: nil)
  }
}

/// Signatures already checked on this computer, by the sha256 of manifest, signature and key
/// together: `$XDG_CACHE_HOME/coprod/verified-signatures` (else `~/.cache/coprod/…`), one
/// hash a line. A plugin's files are still hashed on every read; only the Ed25519 check is
/// skipped for a manifest, signature and key seen to match before.
final class VerificationCache: @unchecked Sendable {
  static let shared = VerificationCache(file: folder().appendingPathComponent("verified-signatures"))

  private let file: URL
  private let lock = NSLock()
  private var known: Set<String>?

  init(file: URL) { self.file = file }

  static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
    if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty { return URL(fileURLWithPath: cache).appendingPathComponent("coprod") }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return URL(fileURLWithPath: home).appendingPathComponent(".cache/coprod")
  }

  /// Whether `check` holds for `key`, asking it only when the cache does not know the key.
  func verified(_ key: String, check: () -> Bool) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    if known == nil {
      known = Set((try? String(contentsOf: file, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? [])
    }
    if known!.contains(key) { return true }
    guard check() else { return false }
    known!.insert(key)
    try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    if let handle = FileHandle(forWritingAtPath: file.path) ?? {
      FileManager.default.createFile(atPath: file.path, contents: nil)
      return FileHandle(forWritingAtPath: file.path)
    }() {
      handle.seekToEndOfFile()
      handle.write(Data((key + "\n").utf8))
      try? handle.close()
    }
    return true
  }
}
