// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodPlugins
import Foundation

/// Seeded fuzzing of coprod's input readers: real example files mutated byte by byte and line
/// by line, each fed to the reader that `coprod` uses for that format. A reader passes when
/// every input is read or refused with one of coprod's own errors (a `ReportableError`); a
/// crash ends the process, so a finished run has none. Used by `coprod-bench fuzz` (10,000
/// inputs per format) and by the test suite (a few hundred).
public enum InputFuzzer {
  /// The input formats fuzzed.
  public enum Target: String, Sendable, CaseIterable {
    /// CSV ballots.
    case csv
    /// PrefLib (.soi .soc .toi .toc .cat).
    case preflib
    /// Pabulib (.pb).
    case pabulib
    /// BLT.
    case blt
    /// Workspace bundles (`coprod import`).
    case bundle
    /// Plugin manifests (`plugin.yaml`).
    case manifest = "plugin-yaml"
    /// Session inputs files (`coprod run --inputs`).
    case inputs
  }

  /// A seed file: its name (which gives the format) and bytes.
  public struct Seed: Sendable {
    /// The file name, e.g. `glasgow.soi`.
    public var name: String
    /// The content.
    public var bytes: [UInt8]

    /// Creates a seed.
    public init(name: String, bytes: [UInt8]) {
      self.name = name
      self.bytes = bytes
    }
  }

  /// What a run found.
  public struct Outcome: Sendable, Equatable {
    /// Inputs tried.
    public var inputs = 0
    /// Inputs read without an error.
    public var accepted = 0
    /// Inputs refused with one of coprod's errors.
    public var refused = 0
    /// Inputs refused with an error that is not one of coprod's (a raw Swift or library
    /// error): each as `case N: description`, at most 20.
    public var unexpected: [String] = []
    /// How many inputs gave an unexpected error.
    public var unexpectedCount = 0
  }

  /// Mutates `seeds` `count` times with a generator seeded by `seed` and reads each result.
  ///
  /// - Parameter scratch: a folder for the files readers need on disk (removed afterwards).
  public static func run(_ target: Target, seeds: [Seed], count: Int, seed: UInt64, scratch: URL) throws -> Outcome {
    precondition(!seeds.isEmpty, "fuzzing needs at least one seed file")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    var random = SeededRandom(seed: seed)
    var outcome = Outcome()
    var reader = try Reader(target: target, scratch: scratch)
    for number in 0..<count {
      let original = seeds[random.below(seeds.count)]
      let other = seeds[random.below(seeds.count)]
      let mutated = Mutator.mutate(original.bytes, splicing: other.bytes, random: &random)
      outcome.inputs += 1
      do {
        try reader.read(mutated, name: original.name)
        outcome.accepted += 1
      } catch is any ReportableError {
        outcome.refused += 1
      } catch {
        outcome.unexpectedCount += 1
        if outcome.unexpected.count < 20 { outcome.unexpected.append("case \(number) (\(original.name)): \(String(reflecting: error))") }
      }
    }
    return outcome
  }

  /// Feeds inputs to the reader of one format, the way `coprod` does.
  struct Reader {
    let target: Target
    let scratch: URL
    /// An empty workspace for bundles (replaced when an import succeeds).
    private var workspace: Workspace?
    private var workspaces = 0

    init(target: Target, scratch: URL) throws {
      self.target = target
      self.scratch = scratch
      if target == .bundle { workspace = try freshWorkspace() }
    }

    private mutating func freshWorkspace() throws -> Workspace {
      workspaces += 1
      let folder = scratch.appendingPathComponent("ws\(workspaces)")
      try? FileManager.default.removeItem(at: scratch.appendingPathComponent("ws\(workspaces - 1)"))
      guard let now = Timestamp("2026-03-01T09:00:00Z") else { preconditionFailure("a fixed, valid timestamp") }
      return try Workspace.create(at: folder, name: "Fuzz", now: now)
    }

    mutating func read(_ bytes: [UInt8], name: String) throws {
      switch target {
      case .csv, .preflib, .pabulib, .blt:
        let format = BallotFormat(path: name) ?? .csv
        _ = try BallotFile.parse(bytes: bytes, file: name, format: format)
      case .bundle:
        let file = scratch.appendingPathComponent("bundle.jsonl")
        try Data(bytes).write(to: file)
        guard let workspace else { return }
        _ = try WorkspaceBundle.import(from: file.path, into: workspace)
        self.workspace = try freshWorkspace()
      case .manifest:
        let folder = scratch.appendingPathComponent("plugin")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The entry files the bundled manifests name, so that a manifest can be accepted.
        for entry in ["rule.lua", "report.lua", "format.lua"] where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(entry).path) {
          try Data().write(to: folder.appendingPathComponent(entry))
        }
        try Data(bytes).write(to: folder.appendingPathComponent(PluginManifest.fileName))
        _ = try PluginLoader.readManifest(in: folder)
      case .inputs:
        let file = scratch.appendingPathComponent("inputs.yaml")
        try Data(bytes).write(to: file)
        _ = try SessionInputs.read(file.path)
      }
    }
  }
}

// MARK: - Mutations

/// Byte- and line-level mutations of the kind that break readers: flipped bits, dropped,
/// repeated and swapped lines, cut files, stray separators and quotes, huge and negative
/// numbers, invalid UTF-8, and splices of another file.
enum Mutator {
  /// Interesting fragments to insert.
  static let fragments: [[UInt8]] = [
    "\"", "\"\"", ",", ";", ":", ">", "=", "{", "}", "[", "]", "\n", "\r\n", "\t", " ", "0", "-1", "-", "#", "%",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551616", "1e308", "NaN",
    "0x7f", "00000000000000000001", "null", "~", "&a", "*a", "!!binary", "---", "...", "|", ">-", "? ", "- ", "id: ",
  ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF], [0x00]]

  static func mutate(_ bytes: [UInt8], splicing other: [UInt8], random: inout SeededRandom) -> [UInt8] {
    var result = bytes
    for _ in 0...random.below(3) { result = once(result, other: other, random: &random) }
    return result
  }

  private static func once(_ bytes: [UInt8], other: [UInt8], random: inout SeededRandom) -> [UInt8] {
    var result = bytes
    let at = { (random: inout SeededRandom) in result.isEmpty ? 0 : random.below(result.count + 1) }
    switch random.below(10) {
    case 0:  // flip a bit
      guard !result.isEmpty else { return result }
      let index = random.below(result.count)
      result[index] ^= UInt8(1) << UInt8(random.below(8))
    case 1:  // insert a fragment
      result.insert(contentsOf: fragments[random.below(fragments.count)], at: at(&random))
    case 2:  // delete a run
      guard !result.isEmpty else { return result }
      let start = random.below(result.count)
      result.removeSubrange(start..<min(result.count, start + 1 + random.below(16)))
    case 3:  // cut the file short
      result = Array(result.prefix(random.below(result.count + 1)))
    case 4, 5:  // drop, repeat or swap whole lines
      var lines = result.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
      guard lines.count > 1 else { return result }
      let i = random.below(lines.count)
      let j = random.below(lines.count)
      switch random.below(3) {
      case 0: lines.remove(at: i)
      case 1: lines.insert(lines[i], at: j)
      default: lines.swapAt(i, j)
      }
      result = Array(lines.joined(separator: [0x0A]))
    case 6:  // replace a number with an extreme one
      guard let digit = result.indices.filter({ (0x30...0x39).contains(result[$0]) }).randomElement(using: &random) else { return result }
      var end = digit
      while end < result.count, (0x30...0x39).contains(result[end]) { end += 1 }
      let extremes = ["9223372036854775807", "9223372036854775808", "0", "-1", "99999999999999999999", "4294967296"]
      result.replaceSubrange(digit..<end, with: Array(extremes[random.below(extremes.count)].utf8))
    case 7:  // splice in part of another file
      guard !other.isEmpty else { return result }
      let start = random.below(other.count)
      result.insert(contentsOf: other[start..<min(other.count, start + 1 + random.below(200))], at: at(&random))
    case 8:  // repeat a run many times
      guard !result.isEmpty else { return result }
      let start = random.below(result.count)
      let run = Array(result[start..<min(result.count, start + 1 + random.below(8))])
      result.insert(contentsOf: Array(repeating: run, count: 1 + random.below(64)).joined(), at: start)
    default:  // set a byte to a random value
      guard !result.isEmpty else { return result }
      result[random.below(result.count)] = UInt8(truncatingIfNeeded: random.next())
    }
    return result
  }
}
