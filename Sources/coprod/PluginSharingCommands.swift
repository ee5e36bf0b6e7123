// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodPlugins
import CoprodSharing
import Foundation

/// `coprod plugins pack|sign|verify|install|upgrade|remove|search|catalogue`: sharing plugins
/// between organisations as signed archives.
enum PluginSharingCommands {
  static let all: [any ParsableCommand.Type] = [
    Pack.self, Sign.self, Verify.self, Install.self, Upgrade.self, Remove.self, Search.self, CatalogueCommand.self,
  ]

  // MARK: pack, sign, verify

  struct Pack: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Pack a plugin folder into one archive with a manifest of every file's sha256.")

    @Argument(help: "The plugin folder.") var dir: String
    @Option(help: ArgumentHelp("The archive to write (default: ID-VERSION.coprod.zip in the current directory).", valueName: "FILE")) var out: String?

    func run() async throws {
      let folder = URL(fileURLWithPath: dir).standardizedFileURL
      let plugin = try PluginLoader.readManifest(in: folder)
      let output = URL(fileURLWithPath: out ?? "\(plugin.id)-\(plugin.version).coprod.zip")
      let manifest = try PluginArchive.pack(folder: folder, to: output)
      print("packed \(manifest.id) \(manifest.version) (\(manifest.files.count) files) into \(output.path)")
      print("next: coprod plugins sign \(output.lastPathComponent) --key KEY")
    }
  }

  struct Sign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Sign an archive's manifest (and so every file, the id and the version) with your key.")

    @Argument(help: "The archive.") var file: String
    @Option(help: "Your key: a name from coprod keys list, or a secret key file.") var key: String

    func run() async throws {
      let secret = try KeysCommand.store.secretKey(key)
      let signature = try PluginArchive.sign(URL(fileURLWithPath: file), key: secret)
      print("signed \(file) with key \(secret.publicKey.id) (\"\(secret.publicKey.name)\")")
      print("  signed statement: \(signature.trustedComment)")
    }
  }

  struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check an archive without installing it: its files, signature, signer and permissions.")

    @Argument(help: "The archive.") var file: String
    @Option(help: ArgumentHelp("Decide trust as for this workspace (its pinned keys, if any).", valueName: "DIR")) var workspace: String?

    func run() async throws {
      let url = URL(fileURLWithPath: file)
      let trust = TrustStore.effective(workspace: URL(fileURLWithPath: workspace ?? FileManager.default.currentDirectoryPath), configFolder: KeyStore.configFolder())
      let (manifest, signer) = try ArchiveVerifier.verify(try PluginArchive.read(url), source: url.path, trust: trust)
      print(describe(manifest, signer: signer).joined(separator: "\n"))
    }
  }

  /// The lines shown before and after an install: what, who signed, what it asks for.
  static func describe(_ manifest: PluginManifest, signer: PluginSigner) -> [String] {
    var trust: String
    switch signer {
    case .key(_, .some(.user)): trust = ", trusted in your trust store"
    case .key(_, .some(.workspace)): trust = ", pinned by the workspace"
    case .key(_, nil): trust = ", NOT trusted"
    default: trust = ""
    }
    return [
      "\(manifest.id) \(manifest.version) \"\(manifest.name)\" (Lua API \(manifest.apiVersion))",
      "  signed by \(signer.shown)\(trust)",
      "  asks for: " + (manifest.permissions.isEmpty ? "no permissions" : manifest.permissions.map(\.rawValue).joined(separator: ", ") + " (given only when a command grants them)"),
    ]
  }

  // MARK: install, upgrade, remove

  /// Where an install goes: the workspace's plugins/ (default) or the user's plugin folder.
  struct DestinationOptions: ParsableArguments {
    @Flag(help: "Install for you in every workspace ($XDG_DATA_HOME/coprod/plugins) instead of into the workspace.") var user = false
    @OptionGroup var location: PluginLocationOptions

    var workspace: URL { URL(fileURLWithPath: location.workspace ?? FileManager.default.currentDirectoryPath).standardizedFileURL }

    func request(allowUnsigned: Bool = false, trust: Bool = false, upgrade: Bool = false) throws -> PluginInstaller.Request {
      let sources = PluginSource.standard(workspace: workspace, pluginDirectories: [])
      let destination: URL
      if user {
        guard let folder = sources.first(where: { $0.kind == .user })?.folder else {
          throw SharingError("--user: no user plugin folder (set XDG_DATA_HOME or HOME)")
        }
        destination = folder
      } else {
        destination = workspace.appendingPathComponent("plugins")
      }
      return .init(
        destination: destination, workspace: user ? nil : workspace, configFolder: KeyStore.configFolder(),
        allowUnsigned: allowUnsigned, trustSigner: trust, upgrade: upgrade)
    }

    /// Versions of the plugins in use now, by id.
    func installed() throws -> [String: SemanticVersion] {
      Dictionary(try location.catalog().active.map { ($0.manifest.id, $0.manifest.version) }, uniquingKeysWith: { _, last in last })
    }
  }

  struct Install: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Install a plugin archive, folder or ID[@RANGE] from your catalogues, after checking it.",
      discussion: """
        Checks every file's sha256 and the signature, shows who signed it and the permissions \
        it asks for, then installs it atomically into the workspace's plugins/ (recorded in \
        its coprod.lock) or, with --user, for you. Unsigned plugins need --allow-unsigned; a \
        signer you do not trust yet needs --trust. Tampered archives, downgrades and plugins \
        for another Lua API are refused.
        """)

    @Argument(help: "An archive, a plugin folder, or ID[@RANGE] (e.g. org.example.format@'>=1.2 <2').") var source: String
    @Flag(help: "Install an unsigned plugin (nobody vouches for it).") var allowUnsigned = false
    @Flag(help: "Trust the key that signed it (the workspace's pinned keys if it pins any, else yours).") var trust = false
    @OptionGroup var destination: DestinationOptions

    func run() async throws {
      try PluginSharingCommands.install(source, destination: destination, allowUnsigned: allowUnsigned, trust: trust, upgrade: false)
    }
  }

  struct Upgrade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Replace an installed plugin with a newer version (an archive, a folder or ID[@RANGE]).")

    @Argument(help: "An archive, a plugin folder, or ID[@RANGE] from your catalogues.") var source: String
    @Flag(help: "Install an unsigned plugin (nobody vouches for it).") var allowUnsigned = false
    @Flag(help: "Trust the key that signed it.") var trust = false
    @OptionGroup var destination: DestinationOptions

    func run() async throws {
      try PluginSharingCommands.install(source, destination: destination, allowUnsigned: allowUnsigned, trust: trust, upgrade: true)
    }
  }

  static func install(_ source: String, destination: DestinationOptions, allowUnsigned: Bool, trust: Bool, upgrade: Bool) throws {
    let request = try destination.request(allowUnsigned: allowUnsigned, trust: trust, upgrade: upgrade)
    let outcomes = try PluginInstaller.install(
      reference: source, request, installed: try destination.installed(), catalogues: CatalogueRegistry(configFolder: request.configFolder))
    for outcome in outcomes {
      print(describe(outcome.manifest, signer: outcome.signer).joined(separator: "\n"))
      if outcome.trustedNow { print("  now trusted: key added to \(request.trust.folder.path)") }
      if outcome.unchanged {
        print("already installed in \(outcome.folder.path); nothing changed")
      } else if let old = outcome.replaced {
        print("upgraded from \(old) in \(outcome.folder.path)")
      } else {
        print("installed in \(outcome.folder.path)")
      }
    }
    if let workspace = request.workspace { print("recorded in \(workspace.appendingPathComponent(PluginLock.fileName).path)") }
  }

  struct Remove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove an installed plugin (and its line in coprod.lock).")

    @Argument(help: "The plugin id.") var id: String
    @OptionGroup var destination: DestinationOptions

    func run() async throws {
      let request = try destination.request()
      let manifest = try PluginInstaller.remove(id: id, destination: request.destination, workspace: request.workspace)
      print("removed \(manifest.id) \(manifest.version) from \(request.destination.path)")
    }
  }

  // MARK: search, catalogue

  struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Search your catalogues by id, name, description or what a plugin provides.")

    @Argument(help: "Text to look for (case does not matter).") var text: String

    func run() async throws {
      let registry = CatalogueRegistry(configFolder: KeyStore.configFolder())
      guard !registry.all().isEmpty else { throw SharingError("no catalogues yet; add one with coprod plugins catalogue add NAME PATH") }
      let offers = try registry.offers(trust: .user(configFolder: registry.configFolder)).filter { $0.matches(text) }
      guard !offers.isEmpty else {
        print("nothing in your catalogues matches '\(text)'")
        return
      }
      var newest: [String: [CatalogueOffer]] = [:]
      for offer in offers { newest[offer.entry.id, default: []].append(offer) }
      var rows = [["ID", "VERSION", "PROVIDES", "CATALOGUE", "DESCRIPTION"]]
      for id in newest.keys.sorted() {
        let versions = newest[id]!.sorted { $0.entry.semanticVersion > $1.entry.semanticVersion }
        let top = versions[0]
        let older = versions.dropFirst().map(\.entry.version)
        rows.append([
          id, top.entry.version + (older.isEmpty ? "" : " (also \(older.joined(separator: ", ")))"),
          top.entry.provides.joined(separator: ","), top.catalogue, top.entry.description,
        ])
      }
      print(formatTable(rows), terminator: "")
    }
  }

  struct CatalogueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "catalogue",
      abstract: "Add, list, update and remove plugin catalogues, or build one from a folder of signed archives.",
      subcommands: [Add.self, List.self, Update.self, Remove.self, Build.self])

    static var registry: CatalogueRegistry { CatalogueRegistry(configFolder: KeyStore.configFolder()) }

    struct Add: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Add a catalogue whose signed index you trust: a folder, or a git repository to clone.")

      @Argument(help: "A short name for it.") var name: String
      @Argument(help: "The catalogue folder, or a git repository (a URL such as https://… or file://…, or a path ending in .git) to clone into your data folder.")
      var path: String
      @Flag(help: "Trust the key that signed its index (check the key id with the publisher first).") var trust = false

      func run() async throws {
        let registry = CatalogueCommand.registry
        let (index, signer) = try registry.add(
          name: name, source: path, trust: .user(configFolder: registry.configFolder), trustSigner: trust)
        print("added catalogue \(name) (\"\(index.name)\", \(index.plugins.count) archives), index signed by \(signer.shown)")
      }
    }

    struct Update: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Pull catalogues added from git (git pull --ff-only) and check every index again.")

      @Argument(help: "The catalogue's name (default: every catalogue).") var name: String?

      func run() async throws {
        let registry = CatalogueCommand.registry
        let updates = try registry.update(name: name, trust: .user(configFolder: registry.configFolder))
        if updates.isEmpty { print("no catalogues yet; add one with coprod plugins catalogue add NAME PATH") }
        for update in updates {
          let how = update.pulled ? "pulled" : "checked"
          print("\(how) catalogue \(update.name) (\"\(update.index.name)\", \(update.index.plugins.count) archives), index signed by \(update.signer.shown)")
        }
      }
    }

    struct List: AsyncParsableCommand {
      static let configuration = CommandConfiguration(abstract: "List your catalogues.")

      func run() async throws {
        let registry = CatalogueCommand.registry
        let trust = TrustStore.user(configFolder: registry.configFolder)
        var rows = [["NAME", "ARCHIVES", "SIGNER", "FOLDER"]]
        for (name, folder) in registry.all() {
          let state: (String, String)
          do {
            let (index, signer) = try CatalogueIndex.read(folder: folder, trust: trust)
            var shown = signer.lockText
            if case .key(_, nil) = signer { shown += " (not trusted)" }
            state = (String(index.plugins.count), shown)
          } catch {
            state = ("-", "problem: \(error)")
          }
          rows.append([name, state.0, state.1, folder.path])
        }
        print(formatTable(rows), terminator: "")
      }
    }

    struct Remove: AsyncParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Forget a catalogue (installed plugins stay).")

      @Argument(help: "The catalogue's name.") var name: String

      func run() async throws {
        try CatalogueCommand.registry.remove(name: name)
        print("removed catalogue \(name)")
      }
    }

    struct Build: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Write and sign the index of a folder of signed archives, making it a catalogue.")

      @Argument(help: "The folder of archives (*.zip).") var dir: String
      @Option(help: "Your key: a name from coprod keys list, or a secret key file.") var key: String
      @Option(help: "The catalogue's name (default: the folder's name).") var name: String?

      func run() async throws {
        let folder = URL(fileURLWithPath: dir).standardizedFileURL
        let secret = try KeysCommand.store.secretKey(key)
        let index = try CatalogueIndex.build(folder: folder, name: name ?? folder.lastPathComponent, key: secret)
        print("wrote \(folder.appendingPathComponent(CatalogueIndex.fileName).path): \(index.plugins.count) archives, signed with key \(secret.publicKey.id)")
      }
    }
  }
}

/// `--update-lock`: what a command that runs plugins in a workspace does about `coprod.lock`.
struct LockOptions: ParsableArguments {
  @Flag(help: "Use plugins that differ from the workspace's coprod.lock, and record them in it.") var updateLock = false

  /// Runs `body` with `catalog` checking every plugin against the lock of `workspace` (the
  /// current directory when nil) before it runs; when `body` succeeds and `record` is set,
  /// plugins the lock does not list yet are added.
  func guarded<T>(_ catalog: PluginCatalog, workspace: String?, record: Bool = true, _ body: (PluginCatalog) throws -> T) throws -> T {
    var catalog = catalog
    let guardrail = PluginLockGuard(workspace: URL(fileURLWithPath: workspace ?? FileManager.default.currentDirectoryPath), update: updateLock)
    catalog.loadCheck = guardrail.check
    let result = try body(catalog)
    if record { try guardrail.commit() }
    return result
  }
}
