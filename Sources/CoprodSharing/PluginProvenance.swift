// coprod — co-production toolkit. Apache-2.0.

import CoprodPlugins
import Foundation

/// Who signed an installed plugin: the archive manifest and signature kept in its
/// `.coprod-install/` folder, checked against the files as they are now.
public enum PluginProvenance {
  /// The signer of `plugin`: `bundled` for coprod's own, `key` when the kept signature
  /// verifies and every file still matches the signed manifest, else `unsigned`.
  public static func signer(of plugin: DiscoveredPlugin) -> PluginSigner {
    if plugin.source == .bundled { return .bundled }
    return signer(ofFolder: plugin.folder)
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
    guard signature.trustedComment == manifest.trustedComment, signature.isValid(for: manifestData, by: key) else { return .unsigned }
    return .key(key, trustedIn: nil)
  }
}
