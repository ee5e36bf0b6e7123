// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodSharing
import Foundation

/// `coprod keys …`: signing keys and the trust store.
struct KeysCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "keys",
    abstract: "Make signing keys and decide whose plugin signatures you trust.",
    discussion: """
      Keys live in $XDG_CONFIG_HOME/coprod (else ~/.config/coprod): keys/NAME.key (only you \
      can read it) and keys/NAME.pub; trusted keys in trusted-keys/. A workspace with its own \
      trusted-keys/ folder (keys trust --pin) trusts only the keys pinned there.
      """,
    subcommands: [New.self, List.self, Export.self, Import.self, Trust.self, Untrust.self]
  )

  static var store: KeyStore { KeyStore(configFolder: KeyStore.configFolder()) }

  /// `--pin` and `--workspace DIR`: which trust store a command changes.
  struct TrustScopeOptions: ParsableArguments {
    @Flag(help: "Change the workspace's pinned keys (its trusted-keys/ folder) instead of your own trust store.") var pin = false
    @Option(help: ArgumentHelp("The workspace for --pin (default: the current directory).", valueName: "DIR")) var workspace: String?

    var store: TrustStore {
      pin
        ? .pinned(workspace: URL(fileURLWithPath: workspace ?? FileManager.default.currentDirectoryPath))
        : .user(configFolder: KeyStore.configFolder())
    }
  }

  struct New: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Make a new signing key (and trust it yourself).")

    @Argument(help: "A name for the key file, e.g. leeds-council.") var name: String
    @Option(help: "The name people see beside your key id (default: NAME).") var owner: String?

    func run() async throws {
      let store = KeysCommand.store
      let key = try store.create(name: name, owner: owner)
      try TrustStore.user(configFolder: store.configFolder).trust(key.publicKey)
      print("made key \(name): id \(key.publicKey.id) (\"\(key.publicKey.name)\")")
      print("  secret key \(store.configFolder.path)/keys/\(name).key (only you can read it; back it up, never share it)")
      print("  give others the public key: coprod keys export \(name) --out \(name).pub")
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List your signing keys and the keys you trust.")

    @Option(help: ArgumentHelp("Also list this workspace's pinned keys (default: the current directory).", valueName: "DIR")) var workspace: String?

    func run() async throws {
      let store = KeysCommand.store
      var rows = [["KIND", "KEY ID", "NAME", "FILE"]]
      rows += store.ownKeys().map { ["signing", $0.key.id, $0.key.name, "keys/\($0.name).key"] }
      let user = TrustStore.user(configFolder: store.configFolder)
      rows += user.keys().map { ["trusted", $0.id, $0.name, "trusted-keys/\($0.id).pub"] }
      let pinned = TrustStore.pinned(workspace: URL(fileURLWithPath: workspace ?? FileManager.default.currentDirectoryPath))
      rows += pinned.keys().map { ["pinned", $0.id, $0.name, pinned.folder.appendingPathComponent("\($0.id).pub").path] }
      print(formatTable(rows), terminator: "")
      if !pinned.keys().isEmpty { print("this workspace pins its keys: only the pinned keys are trusted for it") }
    }
  }

  struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a key's public half (minisign format) to give to others.")

    @Argument(help: "The key's name.") var name: String
    @Flag(help: "Print the secret key instead, to move it to another computer (keep it private).") var secret = false
    @Option(help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE")) var out: String?

    func run() async throws {
      let key = try KeysCommand.store.secretKey(name)
      try writeOutput(secret ? key.text : key.publicKey.text, to: out)
    }
  }

  struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add a secret key exported from another computer (keys export --secret).")

    @Argument(help: "The secret key file.") var file: String
    @Option(help: "The name to keep it under.") var name: String

    func run() async throws {
      let text = try String(contentsOfFile: file, encoding: .utf8)
      let key = try SigningSecretKey(text: text, source: file)
      try KeysCommand.store.importKey(key, as: name)
      print("imported key \(name): id \(key.publicKey.id) (\"\(key.publicKey.name)\")")
    }
  }

  struct Trust: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Trust the signatures of a public key file (check its key id with its owner first).")

    @Argument(help: "A public key file (from keys export, or minisign's .pub).") var file: String
    @Option(help: "A name to show beside the key id (default: the name in the file).") var name: String?
    @OptionGroup var scope: TrustScopeOptions

    func run() async throws {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw SharingError("\(file): no such public key file")
      }
      var key = try SigningPublicKey(text: String(decoding: data, as: UTF8.self), source: file)
      if let name { key.name = name }
      let store = scope.store
      try store.trust(key)
      print("trusted key \(key.id) (\"\(key.name)\") in \(store.scope == .user ? "your trust store" : "the workspace's pinned keys") \(store.folder.path)")
    }
  }

  struct Untrust: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop trusting a key. Plugins it signed stay installed; new installs are refused.")

    @Argument(help: "The key id (16 hex digits, see keys list).") var keyID: String
    @OptionGroup var scope: TrustScopeOptions

    func run() async throws {
      try scope.store.untrust(id: keyID)
      print("no longer trusted: key \(keyID.uppercased())")
    }
  }
}
