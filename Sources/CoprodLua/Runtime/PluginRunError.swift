// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation

/// A plugin failed: it did not load, raised an error, returned something malformed, or hit a
/// limit. The description is one line naming the plugin, file and line, and what happened:
///
///     plugin org.example.irv (rules/irv.lua:42): attempt to index a nil value (field 'ballots')
public struct PluginRunError: ReportableError, Equatable {
  /// What went wrong.
  public enum Kind: String, Sendable, Equatable {
    /// A Lua syntax error or a missing file.
    case load
    /// A Lua error while running.
    case runtime
    /// The plugin returned a value of the wrong shape.
    case invalidResult
    /// The memory cap was reached.
    case memoryLimit
    /// The instruction budget was used up.
    case instructionLimit
    /// The wall-clock deadline passed.
    case timeLimit
    /// The host could not hand its input to the plugin (e.g. data nested too deep).
    case input
  }

  /// The failure's kind.
  public var kind: Kind
  /// The plugin's id.
  public var pluginID: String
  /// `file:line` inside the plugin folder, when known.
  public var location: String?
  /// What happened, without the location.
  public var message: String
  /// The plugin's own Lua frames, innermost first (`file:line: in function 'name'`), kept
  /// only when the error happened in another file than the one that was run, e.g. in a
  /// library module the entry file requires; empty otherwise.
  public var traceback: [String]

  /// Creates an error.
  public init(kind: Kind, pluginID: String, location: String?, message: String, traceback: [String] = []) {
    self.kind = kind
    self.pluginID = pluginID
    self.location = location
    self.message = message
    self.traceback = traceback
  }

  /// The longest message a plugin's error shows (a plugin may raise a huge string).
  static let maxMessageLength = 500

  /// Whether a limit (rather than the plugin's own code) stopped the run.
  public var isLimit: Bool { [.memoryLimit, .instructionLimit, .timeLimit].contains(kind) }

  /// Exit status 2 for limits, 1 otherwise (docs/cli.md).
  public var exitStatus: Int32 { isLimit ? 2 : 1 }

  /// `plugin ID (file:line): message`, then the traceback's lines, if any, indented.
  public var description: String {
    let place = location.map { " (\($0))" } ?? ""
    let frames = traceback.isEmpty ? "" : "\n  Lua traceback, innermost first:" + traceback.map { "\n    \($0)" }.joined()
    return "plugin \(pluginID)\(place): \(message)\(frames)"
  }

  /// The frames the message handler recorded (each after a `\u{1}`), kept only when they
  /// cross from one file into another.
  static func plugin(frames recorded: String) -> [String] {
    let frames = recorded.split(separator: "\u{1}").map(String.init)
    let files = Set(frames.map { $0.prefix { $0 != ":" } })
    return files.count > 1 ? frames : []
  }

  /// Splits a Lua message `file.lua:12: text` into its location and text, keeping the first
  /// line and at most ``maxMessageLength`` characters of the text.
  static func splitLocation(_ message: String) -> (String?, String) {
    let (location, text) = locationAndText(message)
    guard text.count > maxMessageLength else { return (location, text) }
    return (location, "\(text.prefix(maxMessageLength))… (\(text.count - maxMessageLength) more characters)")
  }

  private static func locationAndText(_ message: String) -> (String?, String) {
    let line = message.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? message
    // "file.lua:12: text" — the file part has no spaces or colons.
    guard let first = line.firstIndex(of: ":") else { return (nil, line) }
    let file = line[..<first]
    let rest = line[line.index(after: first)...]
    guard !file.isEmpty, !file.contains(" "), let second = rest.firstIndex(of: ":") else { return (nil, line) }
    let number = rest[..<second]
    guard !number.isEmpty, number.allSatisfy(\.isNumber) else { return (nil, line) }
    var text = rest[rest.index(after: second)...]
    if text.first == " " { text = text.dropFirst() }
    return ("\(file):\(number)", String(text))
  }
}
