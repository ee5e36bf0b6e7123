// coprod — co-production toolkit. Apache-2.0.

import CoprodPlugins
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Installs, upgrades and removes plugins in a plugins folder (a workspace's `plugins/` or
/// the user's), atomically: a plugin is unpacked into a hidden temporary folder beside its
/// place and renamed into it, under a lock, so a reader sees the old plugin or the new one,
/// never half of one.
public enum PluginInstaller {
  /// Where a plugin goes and what the person installing allowed.
  public struct Request: Sendable {
    /// The plugins folder to install into.
    public var destination: URL
    /// The workspace, when installing into one: its `coprod.lock` records the plugin and
    /// its pinned keys (if any) decide trust.
    public var workspace: URL?
    /// The coprod configuration folder (keys and the user's trust store).
    public var configFolder: URL
    /// Install an unsigned plugin.
    public var allowUnsigned: Bool
    /// Trust the signer's key (added to the deciding trust store once installed).
    public var trustSigner: Bool
    /// Replace an older version (upgrade) instead of refusing.
    public var upgrade: Bool

    /// Creates a request.
    public init(destination: URL, workspace: URL?, configFolder: URL, allowUnsigned: Bool = false, trustSigner: Bool = false, upgrade: Bool = false) {
      self.destination = destination
      self.workspace = workspace
      self.configFolder = configFolder
      self.allowUnsigned = allowUnsigned
      self.trustSigner = trustSigner
      self.upgrade = upgrade
    }

    /// The trust store that decides: the workspace's pinned keys, else the user's.
    public var trust: TrustStore { TrustStore.effective(workspace: workspace, configFolder: configFolder) }
  }

  /// What was installed.
  public struct Outcome: Sendable {
    /// The plugin's manifest.
    public var manifest: PluginManifest
    /// Who signed it.
    public var signer: PluginSigner
    /// Where it now is.
    public var folder: URL
    /// The version it replaced, on an upgrade.
    public var replaced: SemanticVersion?
    /// True when the same version with the same files was already there (nothing changed).
    public var unchanged: Bool
    /// True when the signer's key was added to a trust store by this install.
    public var trustedNow: Bool
  }

  /// The hidden folder in an installed plugin that keeps its archive manifest and signature.
  public static let provenanceFolder = ".coprod-install"

  /// Installs the archive or plugin folder at `source`.
  ///
  /// - Throws: ``SharingError`` (one line) when the archive is unsafe, damaged, tampered
  ///   with, for another API, unsigned or untrusted without permission, a downgrade, or the
  ///   same version with other files; ``ManifestError`` for a broken manifest. Nothing is
  ///   left behind then.
  public static func install(_ source: URL, _ request: Request) throws -> Outcome {
    let contents = try load(source)
    let (manifest, signer) = try ArchiveVerifier.verify(contents, source: source.path, trust: request.trust)
    switch signer {
    case .unsigned where !request.allowUnsigned:
      throw SharingError(
        "\(source.path): refused: \(manifest.id) \(manifest.version) is not signed, so nobody vouches for it; install it only if you trust where it came from, with --allow-unsigned")
    case .key(let key, nil) where !request.trustSigner:
      throw SharingError(
        "\(source.path): refused: \(manifest.id) \(manifest.version) is signed by \(PluginSigner.key(key, trustedIn: nil).shown), which the \(request.trust.scope.rawValue) trust store does not trust; confirm the key id with its publisher, then run again with --trust")
    default: break
    }
    try SharingFiles.makeFolder(request.destination, private: false)
    let staged = request.destination.appendingPathComponent(".coprod-tmp-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: staged) }
    try stage(contents, in: staged)
    do {
      _ = try PluginLoader.readManifest(in: staged)  // entries exist, as at run time
    } catch {
      throw SharingError("\(source.path): refused: " + error.description.replacingOccurrences(of: staged.path, with: "plugin"))
    }

    let outcome = try withLock(on: request.destination) { () throws -> Outcome in
      let existing = installed(id: manifest.id, in: request.destination)
      var replaced: SemanticVersion?
      if let existing {
        let old = existing.manifest.version
        if old == manifest.version {
          guard PluginLoader.contentHash(of: existing.folder) == PluginLoader.contentHash(of: staged) else {
            throw SharingError(
              "\(source.path): refused: \(manifest.id) \(manifest.version) is installed with other files (\(existing.folder.path)); a changed plugin needs a new version number")
          }
          return Outcome(manifest: manifest, signer: signer, folder: existing.folder, replaced: nil, unchanged: true, trustedNow: false)
        }
        guard manifest.version > old else {
          throw SharingError(
            "\(source.path): refused: \(manifest.id) \(manifest.version) is older than the installed \(old) (a downgrade); remove the installed one first if you really mean to go back")
        }
        guard request.upgrade else {
          throw SharingError("\(manifest.id) \(old) is installed (\(existing.folder.path)); to replace it with \(manifest.version) use coprod plugins upgrade")
        }
        replaced = old
      }
      let target = existing?.folder ?? request.destination.appendingPathComponent(manifest.id)
      try move(staged, into: target, replacing: existing != nil)
      return Outcome(manifest: manifest, signer: signer, folder: target, replaced: replaced, unchanged: false, trustedNow: false)
    }
    var result = outcome
    if case .key(let key, nil) = signer, request.trustSigner {
      try request.trust.trust(key)
      result.trustedNow = true
      result.signer = .key(key, trustedIn: request.trust.scope)
    }
    if let workspace = request.workspace {
      try PluginLock.record(
        .init(id: manifest.id, version: manifest.version.description, sha256: PluginLoader.contentHash(of: result.folder), signer: result.signer.lockText),
        workspace: workspace)
    }
    return result
  }

  /// Removes the plugin `id` from `destination` (and from the workspace's lock).
  ///
  /// - Throws: ``SharingError`` when it is not installed there.
  public static func remove(id: String, destination: URL, workspace: URL?) throws -> PluginManifest {
    try withLock(on: destination) { () throws -> PluginManifest in
      guard let existing = installed(id: id, in: destination) else {
        throw SharingError("\(id) is not installed in \(destination.path); see coprod plugins list")
      }
      let trash = destination.appendingPathComponent(".coprod-old-\(UUID().uuidString)")
      try renameItem(existing.folder, to: trash)
      try? FileManager.default.removeItem(at: trash)
      if let workspace { try PluginLock.remove(id: id, workspace: workspace) }
      return existing.manifest
    }
  }

  /// The plugin with `id` installed directly in `folder`, if any.
  public static func installed(id: String, in folder: URL) -> (manifest: PluginManifest, folder: URL)? {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    for name in names.sorted() where !name.hasPrefix(".") {
      let candidate = folder.appendingPathComponent(name)
      if let manifest = try? PluginLoader.readManifest(in: candidate), manifest.id == id { return (manifest, candidate) }
    }
    return nil
  }

  // MARK: Steps

  /// Reads an archive, or a plugin folder as an unsigned archive.
  static func load(_ source: URL) throws -> PluginArchive.Contents {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isFolder) else {
      throw SharingError("\(source.path): no such archive or plugin folder")
    }
    guard isFolder.boolValue else { return try PluginArchive.read(source) }
    let plugin = try PluginLoader.readManifest(in: source)
    var files: [String: Data] = [:]
    for path in try PluginArchive.pluginFiles(in: source) {
      files[path] = FileManager.default.contents(atPath: source.appendingPathComponent(path).path) ?? Data()
    }
    let manifest = ArchiveManifest(id: plugin.id, version: plugin.version, apiVersion: plugin.apiVersion, files: files.mapValues(ArchiveManifest.sha256))
    return .init(manifestData: Data(manifest.text.utf8), manifest: manifest, files: files, signature: nil, signerKey: nil)
  }

  /// Writes the plugin's files and its provenance into the new folder `staged`.
  private static func stage(_ contents: PluginArchive.Contents, in staged: URL) throws(SharingError) {
    let provenance = staged.appendingPathComponent(provenanceFolder)
    try SharingFiles.makeFolder(provenance, private: false)
    for (path, data) in contents.files {
      let url = staged.appendingPathComponent(path)
      try SharingFiles.makeFolder(url.deletingLastPathComponent(), private: false)
      try SharingFiles.save(data, to: url)
    }
    try SharingFiles.save(contents.manifestData, to: provenance.appendingPathComponent("MANIFEST"))
    if let signature = contents.signature {
      try SharingFiles.save(Data(signature.text.utf8), to: provenance.appendingPathComponent("MANIFEST.minisig"))
    }
    if let key = contents.signerKey {
      try SharingFiles.save(Data(key.text.utf8), to: provenance.appendingPathComponent("signer.pub"))
    }
  }

  /// Renames `staged` to `target`; an old plugin there is first renamed aside and removed
  /// once the new one is in place (put back if the rename fails).
  private static func move(_ staged: URL, into target: URL, replacing: Bool) throws(SharingError) {
    guard replacing else { return try renameItem(staged, to: target) }
    let trash = target.deletingLastPathComponent().appendingPathComponent(".coprod-old-\(UUID().uuidString)")
    try renameItem(target, to: trash)
    do {
      try renameItem(staged, to: target)
    } catch {
      try? renameItem(trash, to: target)
      throw error
    }
    try? FileManager.default.removeItem(at: trash)
  }

  private static func renameItem(_ from: URL, to: URL) throws(SharingError) {
    guard rename(from.path, to.path) == 0 else {
      throw SharingError("\(to.path): cannot move the plugin into place (\(String(cString: strerror(errno))))")
    }
  }

  /// Runs `body` holding an exclusive lock on the file `name` in `folder`, so two installs
  /// (or two lock file updates) at once take turns.
  static func withLock<T>(on folder: URL, name: String = ".coprod-install.lock", _ body: () throws -> T) throws -> T {
    try SharingFiles.makeFolder(folder, private: false)
    let path = folder.appendingPathComponent(name).path
    let descriptor = open(path, O_RDWR | O_CREAT, 0o644)
    guard descriptor >= 0 else { throw SharingError("\(path): cannot open the install lock (\(String(cString: strerror(errno))))") }
    defer { close(descriptor) }
    guard flock(descriptor, LOCK_EX) == 0 else { throw SharingError("\(path): cannot lock (\(String(cString: strerror(errno))))") }
    defer { flock(descriptor, LOCK_UN) }
    return try body()
  }
}

// MARK: - By reference

extension PluginInstaller {
  /// Installs what `reference` names: an archive or plugin folder when such a path exists,
  /// else `ID` or `ID@RANGE` from the user's catalogues, with the libraries it needs.
  ///
  /// - Parameters:
  ///   - installed: versions of the plugins in use now (dependencies that fit are kept).
  ///   - catalogues: the user's catalogues.
  /// - Returns: what was installed, libraries first.
  /// - Throws: ``SharingError`` when the reference names nothing, no version fits (saying
  ///   why), or an archive is refused.
  public static func install(reference: String, _ request: Request, installed: [String: SemanticVersion], catalogues: CatalogueRegistry) throws -> [Outcome] {
    if FileManager.default.fileExists(atPath: reference) {
      return [try install(URL(fileURLWithPath: reference), request)]
    }
    let (id, range) = reference.firstIndex(of: "@").map { (String(reference[..<$0]), String(reference[reference.index(after: $0)...])) } ?? (reference, "")
    guard !id.isEmpty, !id.contains("/") else { throw SharingError("\(reference): no such archive or plugin folder") }
    var constraint: VersionConstraint?
    if !range.isEmpty {
      guard let parsed = VersionConstraint(range) else {
        throw SharingError("\(reference): '\(range)' is not a version range (e.g. 1.2.0, ^1.2, '>=1.2 <2')")
      }
      constraint = parsed
    }
    let offers = try catalogues.offers(trust: request.trust)
    guard !offers.isEmpty || !catalogues.all().isEmpty else {
      throw SharingError("\(reference): no such archive or plugin folder, and no catalogues to look in (coprod plugins catalogue add NAME PATH)")
    }
    var resolvedFrom = installed
    if request.upgrade { resolvedFrom[id] = nil }
    let plan = try PluginResolver.resolve(id: id, constraint: constraint, offers: offers, installed: resolvedFrom)
    var outcomes: [Outcome] = []
    for offer in plan {
      try offer.checkArchive()
      var step = request
      step.upgrade = request.upgrade || offer.entry.id != id
      outcomes.append(try install(offer.archive, step))
    }
    return outcomes
  }
}
