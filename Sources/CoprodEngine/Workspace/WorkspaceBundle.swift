// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodStore
import Crypto
import Foundation

// MARK: - Bundle

/// A whole workspace as one portable JSON Lines file.
///
/// Line 1 is the manifest: format, the workspace manifest, counts and the sha256 of every
/// byte after line 1. Then, in log order, each command record (`"type":"command"`) before
/// its first event, and each event (`"type":"event"`) with its canonical payload. Importing
/// a bundle into an empty workspace and exporting it again gives the same bytes.
///
/// Privacy: personal data events are left out unless asked for, and so are the contributions,
/// votes and session ballots of anyone who withdrew participation consent.
public enum WorkspaceBundle {
  /// The bundle format name in the manifest line.
  public static let formatName = "coprod-bundle"

  /// The manifest line.
  public struct Manifest: Sendable, Hashable, Codable {
    /// Always ``WorkspaceBundle/formatName``.
    public var format: String
    /// Bundle format version (1).
    public var formatVersion: Int
    /// The workspace's manifest.
    public var workspace: WorkspaceManifest
    /// Number of command lines.
    public var commands: Int
    /// Number of event lines.
    public var events: Int
    /// True when personal data events are included.
    public var includesPersonalData: Bool
    /// sha256 (hex) of every byte after the manifest line.
    public var sha256: String
  }

  /// What an export wrote.
  public struct ExportResult: Sendable, Hashable {
    /// The manifest written.
    public var manifest: Manifest
    /// Events left out because their author withdrew or they hold personal data.
    public var leftOut: Int
  }

  /// Writes the bundle to `destination` (atomically: a partial file is never left behind).
  public static func export(
    _ workspace: Workspace, includePersonalData: Bool, to destination: URL
  ) throws -> ExportResult {
    let withdrawn = try workspace.store.withdrawnParticipantIDs()
    let body = destination.deletingLastPathComponent()
      .appendingPathComponent(".\(destination.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).body")
    let final = destination.deletingLastPathComponent()
      .appendingPathComponent(".\(destination.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
    defer {
      try? FileManager.default.removeItem(at: body)
      try? FileManager.default.removeItem(at: final)
    }
    guard FileManager.default.createFile(atPath: body.path, contents: nil), let out = try? FileHandle(forWritingTo: body) else {
      throw WorkspaceError.cannotCreate(destination.path, "cannot create a file there")
    }
    var hasher = SHA256()
    var buffer = Data()
    var commands = 0
    var events = 0
    var leftOut = 0
    var lastCommand: Int64 = 0
    func emit(_ line: String) throws {
      let data = Data((line + "\n").utf8)
      hasher.update(data: data)
      buffer.append(data)
      if buffer.count > 1 << 20 {
        try out.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
      }
    }
    try workspace.store.forEachStoredEvent { event in
      if event.kind == .personalDataRecorded && !includePersonalData {
        leftOut += 1
        return
      }
      if let who = event.participantID, withdrawn.contains(who),
        event.kind == .contributionAdded || event.kind == .voteCast || event.kind == .sessionBallotCast
      {
        leftOut += 1
        return
      }
      if event.command.id != lastCommand {
        lastCommand = event.command.id
        commands += 1
        try emit(
          "{\"actor\":\(json(event.command.actor)),\"at\":\(json(event.command.at.text)),\"command\":\(json(event.command.command)),\"id\":\(event.command.id),\"type\":\"command\"}"
        )
      }
      events += 1
      try emit(
        "{\"command\":\(event.command.id),\"kind\":\(json(event.kind.rawValue)),\"participant\":\(event.participantID.map(json) ?? "null"),\"payload\":\(event.payload),\"redacted\":\(event.redacted),\"seq\":\(event.sequence),\"type\":\"event\"}"
      )
    }
    try out.write(contentsOf: buffer)
    try out.close()
    let manifest = Manifest(
      format: formatName, formatVersion: 1, workspace: workspace.manifest, commands: commands, events: events,
      includesPersonalData: includePersonalData, sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined())
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var head = try encoder.encode(manifest)
    head.append(UInt8(ascii: "\n"))
    do {
      try head.write(to: final)
      let handle = try FileHandle(forWritingTo: final)
      try handle.seekToEnd()
      let input = try FileHandle(forReadingFrom: body)
      while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try handle.write(contentsOf: chunk) }
      try handle.close()
      if FileManager.default.fileExists(atPath: destination.path) { try FileManager.default.removeItem(at: destination) }
      try FileManager.default.moveItem(at: final, to: destination)
    } catch {
      throw WorkspaceError.cannotCreate(destination.path, error.localizedDescription)
    }
    return ExportResult(manifest: manifest, leftOut: leftOut)
  }

  /// Restores a bundle into `workspace`, which must have no events, and adopts the bundle's
  /// workspace manifest. Checks the hash and every line; on any problem nothing is written.
  public static func `import`(from path: String, into workspace: Workspace) throws -> (Workspace, Manifest) {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw WorkspaceError.unreadable(path, "no such file")
    }
    guard !isFolder.boolValue else {
      throw WorkspaceError.unreadable(path, "is a folder; give the bundle file that coprod export wrote")
    }
    guard let handle = FileHandle(forReadingAtPath: path) else { throw WorkspaceError.unreadable(path, "not readable") }
    defer { try? handle.close() }
    var reader = LineReader(path: path, handle: handle)
    let decoder = JSONDecoder()
    guard let first = try reader.next() else { throw bad(path, 1, "manifest", "the file is empty") }
    let manifest: Manifest
    do {
      manifest = try decoder.decode(Manifest.self, from: first)
    } catch {
      throw bad(path, 1, "manifest", "not a coprod bundle (\(DecodingProblem.describe(error)))")
    }
    guard manifest.format == formatName, manifest.formatVersion == 1 else {
      throw bad(path, 1, "format", "expected \(formatName) version 1")
    }
    let codec = EventCodec()
    var hasher = SHA256()
    var commands: [Int64: CommandRecord] = [:]
    var counts = (commands: 0, events: 0)
    var lastSequence: Int64 = 0
    try workspace.store.restore { restorer in
      var line = 1
      while let data = try reader.next() {
        line += 1
        hasher.update(data: data)
        hasher.update(data: Data([UInt8(ascii: "\n")]))
        let entry: BundleLine
        do {
          entry = try decoder.decode(BundleLine.self, from: data)
        } catch {
          throw bad(path, line, "line", DecodingProblem.describe(error))
        }
        switch entry {
        case .command(let record):
          guard commands[record.id] == nil else { throw bad(path, line, "id", "command \(record.id) appears twice") }
          commands[record.id] = record
          counts.commands += 1
          try restorer.restore(record)
        case .event(let sequence, let commandID, let kind, let participant, let change, let redacted):
          guard let command = commands[commandID] else {
            throw bad(path, line, "command", "event \(sequence) names command \(commandID), which has not appeared")
          }
          guard sequence > lastSequence else {
            throw bad(path, line, "seq", "event \(sequence) comes after event \(lastSequence); events must be in order, each once")
          }
          lastSequence = sequence
          counts.events += 1
          let event = StoredEvent(
            sequence: sequence, command: command, kind: kind, participantID: participant,
            payload: try codec.payload(of: change), redacted: redacted)
          do {
            try restorer.restore(event)
          } catch is EventConflict {
            throw bad(
              path, line, "event",
              "event \(sequence) (\(kind.rawValue)) contradicts the events before it, such as adding what already exists; the bundle was edited")
          }
        }
      }
      let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
      guard digest == manifest.sha256 else {
        throw bad(path, 1, "sha256", "the file does not match its manifest hash; it is damaged or was edited")
      }
      guard counts.commands == manifest.commands, counts.events == manifest.events else {
        throw bad(path, 1, "events", "the manifest promises \(manifest.events) events, the file has \(counts.events)")
      }
    }
    return (try workspace.replacingManifest(manifest.workspace), manifest)
  }

  private static func bad(_ path: String, _ line: Int, _ field: String, _ problem: String) -> ImportFailed {
    ImportFailed(problems: [ImportProblem(file: path, line: line, field: field, problem: problem)])
  }

  /// A JSON string literal.
  public static func json(_ text: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
  }
}

// MARK: - Lines

/// One body line of a bundle.
enum BundleLine: Decodable {
  case command(CommandRecord)
  case event(sequence: Int64, command: Int64, kind: WorkspaceChange.Kind, participant: String?, change: WorkspaceChange, redacted: Bool)

  private enum Keys: String, CodingKey { case type, actor, at, command, id, kind, participant, payload, redacted, seq }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Keys.self)
    switch try c.decode(String.self, forKey: .type) {
    case "command":
      self = .command(
        CommandRecord(
          id: try c.decode(Int64.self, forKey: .id), actor: try c.decode(String.self, forKey: .actor),
          at: try c.decode(Timestamp.self, forKey: .at), command: try c.decode(String.self, forKey: .command)))
    case "event":
      let kind = try c.decode(WorkspaceChange.Kind.self, forKey: .kind)
      let change = try EventCodec.change(kind: kind, from: KeyedPayload(container: c, key: .payload))
      self = .event(
        sequence: try c.decode(Int64.self, forKey: .seq), command: try c.decode(Int64.self, forKey: .command), kind: kind,
        participant: try c.decodeIfPresent(String.self, forKey: .participant), change: change,
        redacted: try c.decode(Bool.self, forKey: .redacted))
    case let other:
      throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown line type '\(other)'")
    }
  }
}

/// The `payload` field of a bundle line.
private struct KeyedPayload<Key: CodingKey>: PayloadSource {
  let container: KeyedDecodingContainer<Key>
  let key: Key

  func payload<T: Decodable>(_ type: T.Type) throws -> T { try container.decode(type, forKey: key) }
}

/// Reads a file line by line (without the newline) in 1 MiB chunks.
struct LineReader {
  /// The file's path, for errors.
  let path: String
  let handle: FileHandle
  private var buffer = Data()
  private var finished = false

  init(path: String, handle: FileHandle) {
    self.path = path
    self.handle = handle
  }

  mutating func next() throws -> Data? {
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        let line = buffer[buffer.startIndex..<newline]
        buffer = buffer[buffer.index(after: newline)...]
        return Data(line)
      }
      if finished {
        if buffer.isEmpty { return nil }
        defer { buffer = Data() }
        return Data(buffer)
      }
      let chunk: Data?
      do {
        chunk = try handle.read(upToCount: 1 << 20)
      } catch {
        throw WorkspaceError.unreadable(path, "reading stopped part way; check the file and try again")
      }
      if let chunk, !chunk.isEmpty {
        buffer = Data(buffer) + chunk
      } else {
        finished = true
      }
    }
  }
}
