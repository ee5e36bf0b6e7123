// coprod — co-production toolkit. Apache-2.0.

import Foundation

/// The `git` command, run for catalogues published as git repositories: clone, fast-forward
/// pull, and going back to the commit before a pull whose index does not verify.
///
/// git runs without a terminal prompt (`GIT_TERMINAL_PROMPT=0`), so a repository that asks
/// for a password fails instead of waiting.
struct GitCommand: Sendable {
  /// The git executable.
  let executable: URL

  /// The `git` on `PATH`.
  ///
  /// - Throws: ``SharingError`` when there is none.
  static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SharingError) -> GitCommand {
    let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
    for folder in folders where !folder.isEmpty {
      let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("git")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return GitCommand(executable: candidate) }
    }
    throw SharingError("git is not installed (no git on PATH); install git, or add the catalogue from a folder")
  }

  /// Whether `source` names a git repository rather than a folder: a URL (`https://`,
  /// `file://`, `ssh://`, `git://`), an scp-style `user@host:path`, or a path ending in `.git`.
  static func isRepository(_ source: String) -> Bool {
    if source.contains("://") { return true }
    if source.hasSuffix(".git") || source.hasSuffix(".git/") { return true }
    if let at = source.firstIndex(of: "@"), let colon = source.firstIndex(of: ":"), at < colon, !source.hasPrefix("/") { return true }
    return false
  }

  /// Clones `url` into `folder` (which must not exist).
  func clone(_ url: String, into folder: URL) throws(SharingError) {
    try run(["clone", "--quiet", "--", url, folder.path], doing: "cloning \(url)")
  }

  /// Fast-forwards the clone in `folder` to its remote's branch.
  func pull(_ folder: URL) throws(SharingError) {
    try run(["-C", folder.path, "pull", "--quiet", "--ff-only"], doing: "updating \(folder.path) (git pull --ff-only)")
  }

  /// The commit checked out in `folder`.
  func head(_ folder: URL) throws(SharingError) -> String {
    try run(["-C", folder.path, "rev-parse", "HEAD"], doing: "reading the commit of \(folder.path)")
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Puts the clone in `folder` back at `commit`.
  func reset(_ folder: URL, to commit: String) throws(SharingError) {
    try run(["-C", folder.path, "reset", "--quiet", "--hard", commit], doing: "going back to \(commit) in \(folder.path)")
  }

  /// Runs git with `arguments`; returns its standard output.
  ///
  /// - Throws: ``SharingError`` "`doing` failed: git's first error line" when git fails.
  @discardableResult
  private func run(_ arguments: [String], doing: String) throws(SharingError) -> String {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_TERMINAL_PROMPT"] = "0"
    environment["LC_ALL"] = "C"
    process.environment = environment
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw SharingError("\(doing) failed: cannot run \(executable.path) (\(error.localizedDescription))")
    }
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let reason = String(decoding: err, as: UTF8.self).split(separator: "\n")
        .map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? "git exited with status \(process.terminationStatus)"
      throw SharingError("\(doing) failed: \(reason)")
    }
    return String(decoding: out, as: UTF8.self)
  }
}
