// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodPlugins
import Foundation

// MARK: - Index

/// A catalogue: a folder (often a git clone) of signed plugin archives with a signed index,
/// `index.json` + `index.json.minisig` + the signer's `signer.pub`.
public struct CatalogueIndex: Sendable, Codable, Equatable {
  /// Index format, 1.
  public var format: Int
  /// The catalogue's name as its publisher calls it.
  public var name: String
  /// Every archive, sorted by id then version.
  public var plugins: [Entry]

  /// One archive in the catalogue.
  public struct Entry: Sendable, Codable, Equatable {
    /// Plugin id.
    public var id: String
    /// Version.
    public var version: String
    /// Display name.
    public var name: String
    /// What it does.
    public var description: String
    /// Lua API version.
    public var apiVersion: Int
    /// `kind:name` of each thing it provides.
    public var provides: [String]
    /// Other plugins it needs: id → version constraint.
    public var dependencies: [String: String]
    /// Permissions it asks for.
    public var permissions: [String]
    /// The archive's file name in the catalogue folder.
    public var file: String
    /// SHA-256 of the archive file.
    public var sha256: String
    /// The key that signed the archive (`key:KEYID`).
    public var signer: String

    enum CodingKeys: String, CodingKey {
      case id, version, name, description, provides, dependencies, permissions, file, sha256, signer
      case apiVersion = "api_version"
    }

    /// The version, parsed (the index was checked when read).
    public var semanticVersion: SemanticVersion { SemanticVersion(version) ?? SemanticVersion(0, 0, 0) }
  }

  /// The index file's name.
  public static let fileName = "index.json"
  static let signatureName = "index.json.minisig"
  static let signerName = "signer.pub"

  /// Builds and signs the index of the archives (`*.zip`) in `folder`. Every archive must be
  /// signed and intact.
  ///
  /// - Throws: ``SharingError`` naming an archive that is damaged or unsigned.
  public static func build(folder: URL, name: String, key: SigningSecretKey) throws -> CatalogueIndex {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".zip") }.sorted()
    var entries: [Entry] = []
    for file in names {
      let url = folder.appendingPathComponent(file)
      let contents = try PluginArchive.read(url)
      guard contents.signature != nil else {
        throw SharingError("\(url.path): not signed; a catalogue holds signed archives only (coprod plugins sign \(file) --key KEY)")
      }
      let (plugin, signer) = try ArchiveVerifier.verify(contents, source: url.path, trust: nil)
      guard let data = FileManager.default.contents(atPath: url.path) else { throw SharingError("\(url.path): cannot read") }
      entries.append(
        Entry(
          id: plugin.id, version: plugin.version.description, name: plugin.name, description: plugin.description,
          apiVersion: plugin.apiVersion, provides: plugin.provides.map { "\($0.kind.rawValue):\($0.name)" },
          dependencies: Dictionary(plugin.dependencies.map { ($0.id, $0.constraint.description) }, uniquingKeysWith: { first, _ in first }),
          permissions: plugin.permissions.map(\.rawValue), file: file, sha256: ArchiveManifest.sha256(data), signer: signer.lockText))
    }
    entries.sort { ($0.id, $0.semanticVersion) < ($1.id, $1.semanticVersion) }
    for (left, right) in zip(entries, entries.dropFirst()) where left.id == right.id && left.version == right.version {
      throw SharingError("\(folder.path): \(left.file) and \(right.file) are both \(left.id) \(left.version); keep one")
    }
    let index = CatalogueIndex(format: 1, name: name, plugins: entries)
    let data = index.json
    let signature = key.sign(data, trustedComment: "coprod-catalogue name=\(name) index=\(ArchiveManifest.sha256(data))")
    try SharingFiles.save(data, to: folder.appendingPathComponent(fileName))
    try SharingFiles.save(Data(signature.text.utf8), to: folder.appendingPathComponent(signatureName))
    try SharingFiles.save(Data(key.publicKey.text.utf8), to: folder.appendingPathComponent(signerName))
    return index
  }

  /// The index's file bytes: pretty, sorted keys, so a new archive is a small diff.
  var json: Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(self)).map { $0 + Data("\n".utf8) } ?? Data()
  }

  /// Reads and checks the signed index in `folder`.
  ///
  /// - Parameter trust: the keys trusted to sign catalogue indexes.
  /// - Returns: the index and its signer (``PluginSigner/key(_:trustedIn:)`` with nil trust
  ///   when the key is not trusted).
  /// - Throws: ``SharingError`` when the index is missing, unsigned or its signature does
  ///   not match.
  public static func read(folder: URL, trust: TrustStore) throws(SharingError) -> (CatalogueIndex, PluginSigner) {
    let manager = FileManager.default
    let file = folder.appendingPathComponent(fileName)
    guard let data = manager.contents(atPath: file.path) else {
      throw SharingError("\(folder.path): not a catalogue (no \(fileName); build one with coprod plugins catalogue build)")
    }
    guard let signatureData = manager.contents(atPath: folder.appendingPathComponent(signatureName).path) else {
      throw SharingError("\(file.path): refused: the index is not signed")
    }
    let signature = try MinisignSignature(text: String(decoding: signatureData, as: UTF8.self), source: folder.appendingPathComponent(signatureName).path)
    let shipped = manager.contents(atPath: folder.appendingPathComponent(signerName).path).flatMap {
      try? SigningPublicKey(text: String(decoding: $0, as: UTF8.self), source: signerName)
    }
    let trusted = trust.key(id: signature.keyID)
    guard let key = trusted ?? (shipped?.keyID == signature.keyID ? shipped : nil) else {
      throw SharingError("\(file.path): refused: signed by key \(signature.keyIDText), which you do not trust, and no \(signerName) is beside it")
    }
    guard signature.isValid(for: data, by: key), signature.trustedComment.hasSuffix(" index=\(ArchiveManifest.sha256(data))") else {
      throw SharingError("\(file.path): refused: the signature does not match (the index was changed after signing)")
    }
    let index: CatalogueIndex
    do {
      index = try JSONDecoder().decode(CatalogueIndex.self, from: data)
    } catch {
      throw SharingError("\(file.path): not a catalogue index (\(error))")
    }
    guard index.format == 1, index.plugins.allSatisfy({ SemanticVersion($0.version) != nil && !$0.file.contains("/") }) else {
      throw SharingError("\(file.path): unsupported index (format \(index.format)); upgrade coprod")
    }
    return (index, .key(key, trustedIn: trusted == nil ? nil : trust.scope))
  }
}

// MARK: - Registry

/// The catalogues the user has added: `catalogues` in the configuration folder, one
/// `NAME PATH` a line, sorted by name. A catalogue added from a git repository is cloned
/// into `clonesFolder/NAME` (in the user's data folder); its line names the clone.
public struct CatalogueRegistry: Sendable {
  /// The coprod configuration folder.
  public var configFolder: URL
  /// Where catalogues added from git repositories are cloned.
  public var clonesFolder: URL

  /// Creates the registry kept in `configFolder`, cloning git catalogues into `clonesFolder`
  /// (by default `$XDG_DATA_HOME/coprod/catalogues`, else `~/.local/share/coprod/catalogues`).
  public init(configFolder: URL, clonesFolder: URL? = nil) {
    self.configFolder = configFolder
    self.clonesFolder = clonesFolder ?? Self.defaultClonesFolder()
  }

  /// `$XDG_DATA_HOME/coprod/catalogues`, else `~/.local/share/coprod/catalogues`.
  public static func defaultClonesFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
    if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
      return URL(fileURLWithPath: data).appendingPathComponent("coprod/catalogues")
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return URL(fileURLWithPath: home).appendingPathComponent(".local/share/coprod/catalogues")
  }

  /// Whether `folder` is a clone this registry made (updated with git, deleted on remove).
  public func isClone(_ folder: URL) -> Bool {
    folder.standardizedFileURL.deletingLastPathComponent().path == clonesFolder.standardizedFileURL.path
  }

  var file: URL { configFolder.appendingPathComponent("catalogues") }

  /// The catalogues by name.
  public func all() -> [(name: String, folder: URL)] {
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { line -> (name: String, folder: URL)? in
      let parts = line.split(separator: " ", maxSplits: 1)
      guard parts.count == 2 else { return nil }
      return (String(parts[0]), URL(fileURLWithPath: String(parts[1])))
    }
  }

  /// Adds catalogue `name` from `source`: a git repository (a URL, `user@host:path`, or a
  /// path ending in `.git`), cloned into ``clonesFolder``, or else a folder. See
  /// ``add(name:folder:trust:trustSigner:)``; a clone whose index is refused is deleted.
  ///
  /// - Returns: the index and its signer.
  public func add(name: String, source: String, trust: TrustStore, trustSigner: Bool) throws -> (CatalogueIndex, PluginSigner) {
    guard GitCommand.isRepository(source) else {
      return try add(name: name, folder: URL(fileURLWithPath: source), trust: trust, trustSigner: trustSigner)
    }
    try checkNew(name)
    let git = try GitCommand.find()
    let clone = clonesFolder.appendingPathComponent(name)
    guard !FileManager.default.fileExists(atPath: clone.path) else {
      throw SharingError("\(clone.path) exists but is no catalogue of yours; move it away and add the catalogue again")
    }
    try SharingFiles.makeFolder(clonesFolder, private: false)
    let partial = clonesFolder.appendingPathComponent(".\(name).cloning-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: partial)
    defer { try? FileManager.default.removeItem(at: partial) }
    try git.clone(source, into: partial)
    do {
      try FileManager.default.moveItem(at: partial, to: clone)
    } catch {
      throw SharingError("\(clone.path): cannot place the clone (\(error.localizedDescription))")
    }
    do {
      return try add(name: name, folder: clone, trust: trust, trustSigner: trustSigner)
    } catch {
      try? FileManager.default.removeItem(at: clone)
      throw error
    }
  }

  /// Adds catalogue `name` at `folder` after checking its index is signed by a trusted key
  /// (or, with `trustSigner`, trusting the key that signed it).
  ///
  /// - Returns: the index and its signer.
  public func add(name: String, folder: URL, trust: TrustStore, trustSigner: Bool) throws -> (CatalogueIndex, PluginSigner) {
    try checkNew(name)
    let folder = folder.standardizedFileURL
    var (index, signer) = try CatalogueIndex.read(folder: folder, trust: trust)
    if case .key(let key, nil) = signer {
      guard trustSigner else {
        throw SharingError(
          "\(folder.path): refused: the index is signed by \(signer.shown), which you do not trust; confirm the key id with the catalogue's publisher, then run again with --trust")
      }
      try trust.trust(key)
      signer = .key(key, trustedIn: trust.scope)
    }
    try save(all() + [(name, folder)])
    return (index, signer)
  }

  /// Checks `name` is a valid name no catalogue has yet.
  private func checkNew(_ name: String) throws(SharingError) {
    guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }), !name.hasPrefix(".") else {
      throw SharingError("catalogue name '\(name)': use letters, digits, '.', '_' and '-' only")
    }
    guard !all().contains(where: { $0.name == name }) else {
      throw SharingError("a catalogue called '\(name)' exists; remove it first (coprod plugins catalogue remove \(name))")
    }
  }

  /// Removes catalogue `name`, deleting its clone if it was added from a git repository.
  public func remove(name: String) throws(SharingError) {
    let all = all()
    guard let removed = all.first(where: { $0.name == name }) else {
      throw SharingError("no catalogue called '\(name)'; see coprod plugins catalogue list")
    }
    try save(all.filter { $0.name != name })
    if isClone(removed.folder) { try? FileManager.default.removeItem(at: removed.folder) }
  }

  /// A catalogue after ``update(name:trust:)``.
  public struct Update: Sendable {
    /// The catalogue's name.
    public var name: String
    /// Whether it was pulled from its git repository (else a folder, only checked again).
    public var pulled: Bool
    /// Its index.
    public var index: CatalogueIndex
    /// Who signed the index.
    public var signer: PluginSigner
  }

  /// Refreshes catalogue `name` (every catalogue when nil): a git clone is fast-forwarded
  /// (`git pull --ff-only`) and its new index checked as when it was added; when the new
  /// index is refused, the clone goes back to the commit it was at. A folder's index is
  /// checked again.
  ///
  /// - Throws: ``SharingError`` naming the catalogue when git fails or an index is refused.
  public func update(name: String?, trust: TrustStore) throws(SharingError) -> [Update] {
    let chosen = all().filter { name == nil || $0.name == name }
    if let name, chosen.isEmpty { throw SharingError("no catalogue called '\(name)'; see coprod plugins catalogue list") }
    var updates: [Update] = []
    for (name, folder) in chosen {
      let pulled = isClone(folder)
      var previous: String?
      var git: GitCommand?
      if pulled {
        let command = try GitCommand.find()
        previous = try command.head(folder)
        try command.pull(folder)
        git = command
      }
      do throws(SharingError) {
        let (index, signer) = try CatalogueIndex.read(folder: folder, trust: trust)
        guard case .key(_, .some) = signer else {
          throw SharingError("\(folder.path): refused: the index is signed by \(signer.shown), which you do not trust; trust it again or remove the catalogue")
        }
        updates.append(Update(name: name, pulled: pulled, index: index, signer: signer))
      } catch {
        if let git, let previous { try? git.reset(folder, to: previous) }
        let kept = pulled ? " (left at the commit from before the pull)" : ""
        throw SharingError("catalogue '\(name)'\(kept): \(error.description)")
      }
    }
    return updates
  }

  private func save(_ catalogues: [(name: String, folder: URL)]) throws(SharingError) {
    try SharingFiles.makeFolder(configFolder, private: false)
    let lines = catalogues.sorted { $0.name < $1.name }.map { "\($0.name) \($0.folder.path)\n" }
    try SharingFiles.save(Data(lines.joined().utf8), to: file)
  }

  /// Every archive of every catalogue, with the folder it is in, read through `trust`.
  ///
  /// - Throws: ``SharingError`` when a catalogue's index is missing, tampered with, or no
  ///   longer signed by a trusted key.
  public func offers(trust: TrustStore) throws(SharingError) -> [CatalogueOffer] {
    var offers: [CatalogueOffer] = []
    for (name, folder) in all() {
      let (index, signer) = try CatalogueIndex.read(folder: folder, trust: trust)
      guard case .key(_, .some) = signer else {
        throw SharingError("catalogue '\(name)' (\(folder.path)): its index is signed by \(signer.shown), which is no longer trusted; trust it again or remove the catalogue")
      }
      offers += index.plugins.map { CatalogueOffer(catalogue: name, folder: folder, entry: $0) }
    }
    return offers
  }
}

/// An archive a catalogue offers.
public struct CatalogueOffer: Sendable, Equatable {
  /// The catalogue's name as added.
  public var catalogue: String
  /// The catalogue folder.
  public var folder: URL
  /// The index entry.
  public var entry: CatalogueIndex.Entry

  /// The archive file.
  public var archive: URL { folder.appendingPathComponent(entry.file) }

  /// Whether `text` (case-insensitive) occurs in the id, name, description or provides.
  public func matches(_ text: String) -> Bool {
    let needle = text.lowercased()
    return ([entry.id, entry.name, entry.description] + entry.provides).contains { $0.lowercased().contains(needle) }
  }

  /// Checks the archive file is the one the signed index lists.
  public func checkArchive() throws(SharingError) {
    guard let data = FileManager.default.contents(atPath: archive.path) else {
      throw SharingError("catalogue '\(catalogue)': \(archive.path) is listed in the index but missing")
    }
    guard ArchiveManifest.sha256(data) == entry.sha256 else {
      throw SharingError("catalogue '\(catalogue)': refused: \(archive.path) does not match the sha256 in the signed index (the archive was changed or replaced)")
    }
  }
}
