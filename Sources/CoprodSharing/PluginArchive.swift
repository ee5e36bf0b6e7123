// coprod — co-production toolkit. Apache-2.0.

import CoprodPlugins
import Foundation
import ZIPFoundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A plugin archive (`ID-VERSION.coprod.zip`): the plugin's files under `plugin/`, its
/// manifest at `coprod-archive/MANIFEST`, and once signed the detached signature
/// `coprod-archive/MANIFEST.minisig` with the signer's public key `coprod-archive/signer.pub`
/// (shown to the person installing; never trusted because it is there).
public enum PluginArchive {
  /// The manifest entry.
  public static let manifestPath = "coprod-archive/MANIFEST"
  /// The signature entry.
  public static let signaturePath = "coprod-archive/MANIFEST.minisig"
  /// The signer's public key entry.
  public static let signerPath = "coprod-archive/signer.pub"
  static let pluginPrefix = "plugin/"

  /// What an archive may hold before it is refused unread.
  public struct Limits: Sendable {
    /// Entries in the archive.
    public var entries = 2_000
    /// Bytes of one file, uncompressed.
    public var fileBytes = 8 << 20
    /// Bytes of all files, uncompressed (a zip bomb stops here).
    public var totalBytes = 32 << 20
    /// Bytes of the archive file itself.
    public var archiveBytes = 64 << 20

    /// The standard limits.
    public static let standard = Limits()

    /// The standard limits, to change one by one.
    public init() {}
  }

  /// The contents of an archive, read within limits.
  public struct Contents: Sendable {
    /// The manifest's bytes, as signed.
    public var manifestData: Data
    /// The manifest.
    public var manifest: ArchiveManifest
    /// The plugin's files, by path relative to the plugin folder.
    public var files: [String: Data]
    /// The signature, if signed.
    public var signature: MinisignSignature?
    /// The public key the signer shipped, if any (untrusted).
    public var signerKey: SigningPublicKey?
  }

  // MARK: Pack

  /// Packs the plugin folder `folder` into a new archive at `output` (written atomically).
  /// The same files always give the same bytes.
  ///
  /// - Throws: ``ManifestError`` for a broken manifest, ``SharingError`` for a symbolic link
  ///   or a file the archive cannot hold.
  public static func pack(folder: URL, to output: URL) throws -> ArchiveManifest {
    let plugin = try PluginLoader.readManifest(in: folder)
    let files = try pluginFiles(in: folder)
    var hashes: [String: String] = [:]
    var contents: [String: Data] = [:]
    for path in files {
      let url = folder.appendingPathComponent(path)
      guard let data = FileManager.default.contents(atPath: url.path) else { throw SharingError("\(url.path): cannot read") }
      guard data.count <= Limits.standard.fileBytes else {
        throw SharingError("\(url.path): \(data.count) bytes is more than a plugin file may hold (\(Limits.standard.fileBytes)); keep data out of the plugin")
      }
      hashes[path] = ArchiveManifest.sha256(data)
      contents[path] = data
    }
    let manifest = ArchiveManifest(id: plugin.id, version: plugin.version, apiVersion: plugin.apiVersion, files: hashes)
    var entries = [(manifestPath, Data(manifest.text.utf8))]
    entries += ArchiveManifest.sortedPaths(files).map { (pluginPrefix + $0, contents[$0]!) }
    try writeZip(entries, to: output)
    return manifest
  }

  /// Adds (or replaces) the signature of the archive at `url` by `key`.
  ///
  /// - Throws: ``SharingError`` when the archive cannot be read or is damaged.
  public static func sign(_ url: URL, key: SigningSecretKey, limits: Limits = .standard) throws -> MinisignSignature {
    let contents = try read(url, limits: limits)
    try ArchiveVerifier.checkFiles(contents, source: url.path)
    let signature = key.sign(contents.manifestData, trustedComment: contents.manifest.trustedComment)
    var entries = [(manifestPath, contents.manifestData)]
    entries += [(signaturePath, Data(signature.text.utf8)), (signerPath, Data(key.publicKey.text.utf8))]
    entries += ArchiveManifest.sortedPaths(contents.files.keys).map { (pluginPrefix + $0, contents.files[$0]!) }
    try writeZip(entries, to: url)
    return signature
  }

  /// The plugin's files: regular, non-hidden files, relative paths.
  static func pluginFiles(in folder: URL) throws(SharingError) -> [String] {
    let manager = FileManager.default
    let base = folder.standardizedFileURL.path
    var files: [String] = []
    guard let walker = manager.enumerator(atPath: base) else { throw SharingError("\(base): cannot read the folder") }
    while let relative = walker.nextObject() as? String {
      if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
        walker.skipDescendants()  // a hidden folder (.coprod-install) is not walked at all
        continue
      }
      let attributes = try? manager.attributesOfItem(atPath: base + "/" + relative)
      switch attributes?[.type] as? FileAttributeType {
      case .typeRegular?: files.append(relative)
      case .typeDirectory?: continue
      default:
        throw SharingError("\(base)/\(relative): only plain files can be packed (no symbolic links or devices); copy the file into the plugin")
      }
    }
    return files
  }

  private static func writeZip(_ entries: [(String, Data)], to output: URL) throws(SharingError) {
    var isFolder: ObjCBool = false
    let parent = output.deletingLastPathComponent()
    guard FileManager.default.fileExists(atPath: parent.path, isDirectory: &isFolder), isFolder.boolValue else {
      throw SharingError("\(output.path): cannot write the archive: no folder \(parent.path); make it first")
    }
    let temporary = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      let archive = try Archive(url: temporary, accessMode: .create)
      let epoch = Date(timeIntervalSince1970: 315_532_800)  // 1980-01-01, the zip epoch: the same files give the same bytes
      for (path, data) in entries {
        try archive.addEntry(
          with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: epoch, permissions: 0o644,
          compressionMethod: .deflate
        ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
      }
      guard rename(temporary.path, output.path) == 0 else { throw SharingError(String(cString: strerror(errno))) }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw SharingError("\(output.path): cannot write the archive (\(error))")
    }
  }

  // MARK: Read

  /// Reads the archive at `url`, refusing anything unsafe before it is written anywhere:
  /// absolute paths, `..`, symbolic links, hidden files, duplicate or unexpected entries,
  /// and more entries or bytes than `limits` allow (sizes are counted as the bytes come, so a
  /// zip bomb that lies in its headers is stopped too).
  ///
  /// - Throws: ``SharingError`` with one line naming the archive and the entry.
  public static func read(_ url: URL, limits: Limits = .standard) throws(SharingError) -> Contents {
    let source = url.path
    let size = (try? FileManager.default.attributesOfItem(atPath: source)[.size] as? Int) ?? nil
    guard let size else { throw SharingError("\(source): no such archive") }
    guard size <= limits.archiveBytes else { throw SharingError("\(source): refused: the archive is \(size) bytes, more than \(limits.archiveBytes)") }
    let archive: Archive
    do {
      archive = try Archive(url: url, accessMode: .read)
    } catch {
      throw SharingError("\(source): not a plugin archive (not a readable zip file)")
    }
    var raw: [String: Data] = [:]
    var total = 0
    for (index, entry) in archive.enumerated() {
      guard index < limits.entries else { throw SharingError("\(source): refused: more than \(limits.entries) entries") }
      let path = entry.path
      try checkPath(path, source: source)
      switch entry.type {
      case .directory: continue
      case .symlink: throw SharingError("\(source): refused: entry '\(path)' is a symbolic link")
      case .file: break
      }
      guard raw[path] == nil else { throw SharingError("\(source): refused: entry '\(path)' appears twice") }
      guard entry.uncompressedSize <= UInt64(limits.fileBytes), total + Int(entry.uncompressedSize) <= limits.totalBytes else {
        throw SharingError("\(source): refused: entry '\(path)' is too large (limits: \(limits.fileBytes) bytes a file, \(limits.totalBytes) in all)")
      }
      var data = Data()
      let declared = Int(entry.uncompressedSize)
      do {
        _ = try archive.extract(entry) { chunk in
          guard data.count + chunk.count <= declared else { throw SharingError("\(source): refused: entry '\(path)' holds more than its header says") }
          data.append(chunk)
        }
      } catch let error as SharingError {
        throw error
      } catch {
        throw SharingError("\(source): the archive is damaged (entry '\(path)': \(error))")
      }
      total += data.count
      raw[path] = data
    }
    guard let manifestData = raw.removeValue(forKey: manifestPath), let manifestText = String(data: manifestData, encoding: .utf8) else {
      throw SharingError("\(source): not a plugin archive (no \(manifestPath); make one with coprod plugins pack)")
    }
    let manifest = try ArchiveManifest(text: manifestText, source: "\(source)!\(manifestPath)")
    let signature = try raw.removeValue(forKey: signaturePath).map { data throws(SharingError) in
      try MinisignSignature(text: String(decoding: data, as: UTF8.self), source: "\(source)!\(signaturePath)")
    }
    let signer = try raw.removeValue(forKey: signerPath).map { data throws(SharingError) in
      try SigningPublicKey(text: String(decoding: data, as: UTF8.self), source: "\(source)!\(signerPath)")
    }
    var files: [String: Data] = [:]
    for (path, data) in raw {
      guard path.hasPrefix(pluginPrefix) else { throw SharingError("\(source): refused: unexpected entry '\(path)'") }
      files[String(path.dropFirst(pluginPrefix.count))] = data
    }
    return Contents(manifestData: manifestData, manifest: manifest, files: files, signature: signature, signerKey: signer)
  }

  /// Refuses a path that could land outside the install folder or be hidden.
  private static func checkPath(_ path: String, source: String) throws(SharingError) {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    let trimmed = parts.last == "" ? parts.dropLast() : parts[...]
    guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0"),
      !trimmed.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }), !trimmed.contains(where: { $0.hasPrefix(".") })
    else { throw SharingError("\(source): refused: unsafe entry path '\(path)' (absolute, '..', hidden or empty part)") }
  }
}
