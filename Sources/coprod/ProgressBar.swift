// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation

// MARK: - Progress bar

/// A progress bar on standard error for long commands (imports, `verify`). It is drawn only
/// when standard error is a terminal, only once the work has run for a second, at most ten
/// times a second, and is wiped when the work ends, so that pipes, files and quick commands
/// see nothing of it.
final class ProgressBar: @unchecked Sendable {
  private let label: String
  private let started = Date()
  private let lock = NSLock()
  private var lastDrawn: Date?

  private init(_ label: String) { self.label = label }

  /// A bar labelled `label`, or nil when standard error is not a terminal.
  static func onTerminal(_ label: String) -> ProgressBar? { isatty(2) == 1 ? ProgressBar(label) : nil }

  /// Shows that `fraction` (0 to 1) of the work is done.
  func update(_ fraction: Double) {
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    guard now.timeIntervalSince(started) >= 1, lastDrawn.map({ now.timeIntervalSince($0) >= 0.1 }) ?? true else { return }
    lastDrawn = now
    let done = min(max(fraction, 0), 1)
    let width = 30
    let filled = Int(done * Double(width))
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(Int(done * 100))%".utf8))
  }

  /// Wipes the bar, if it was drawn.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if lastDrawn != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    lastDrawn = nil
  }
}

extension ProgressBar {
  /// Runs `body` with a progress callback that draws a bar labelled `label` when standard
  /// error is a terminal (nil otherwise), wiping the bar when `body` ends.
  static func run<T>(_ label: String, _ body: ((@Sendable (Double) -> Void)?) throws -> T) throws -> T {
    let bar = onTerminal(label)
    defer { bar?.finish() }
    var progress: (@Sendable (Double) -> Void)?
    if let bar { progress = { bar.update($0) } }
    return try body(progress)
  }

  /// Runs `body` with this process's command context, its progress drawn as a bar labelled
  /// `label` (see ``run(_:_:)``).
  static func withContext<T>(_ label: String, _ body: (CommandContext) throws -> T) throws -> T {
    try run(label) { progress in
      var context = try CommandContext.current()
      context.progress = progress
      return try body(context)
    }
  }
}
