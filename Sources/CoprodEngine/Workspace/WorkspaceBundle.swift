// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodStore
import Crypto
import Foundation

// MARK: - Bundle

/// A whole workspace as one portable JSON Lines file.
///
/// Line 1 is the manifest: format, the workspace manifest, counts, the workspace state hash and
/// the sha256 of every byte after line 1. Then, in log order, each command record
/// (`"type":"command"`) before its first event, and each event: `"type":"event"` with its
/// canonical payload, salt (or, once erased, its original commitment) and hash, or
/// `"type":"withheld"` with only its commitment and hash when the export leaves its payload out.
/// So every event keeps its place in the hash chain, and importing checks the whole chain.
/// Importing a bundle into an empty workspace and exporting it again gives the same bytes.
///
/// Privacy: personal data events are withheld unless asked for, and so are the contributions,
/// votes and session ballots of anyone who withdrew participation consent.
public enum WorkspaceBundle {
  /// The bundle format name in the manifest line.
  public static let formatName = "coprod-bundle"
  /// The bundle format version written: 2, with the hash chain (1 had none).
  public static let formatVersion = 2

  /// The manifest line.
  public struct Manifest: Sendable, Hashable, Codable {
    /// Always ``WorkspaceBundle/formatName``.
    public var format: String
    /// Bundle format version (1 before the hash chain, 2 with it).
    public var formatVersion: Int
    /// The workspace's manifest.
    public var workspace: WorkspaceManifest
    /// Number of command lines.
    public var commands: Int
    /// Number of event lines with a payload.
    public var events: Int
    /// Number of events withheld (their place in the chain only); nil in version 1.
    public var withheld: Int?
    /// True when personal data events are included.
    public var includesPersonalData: Bool
    /// The workspace state hash: the hash of the last event (hex); nil in version 1.
    public var stateHash: String?
    /// sha256 (hex) of every byte after the manifest line.
    public var sha256: String
  }

  /// What an export wrote.
  public struct ExportResult: Sendable, Hashable {
    /// The manifest written.
    public var manifest: Manifest
    /// Events withheld because their author withdrew or they hold personal data.
    public var leftOut: Int
  }

  /// Writes the bundle to `destination` (atomically: a partial file is never left behind).
  /// Every event's hash is checked on the way; a damaged workspace is refused and nothing is
  /// written.
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
    var stateHash = EventChain.hex(EventChain.genesis)
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
      if event.command.id != lastCommand {
        lastCommand = event.command.id
        commands += 1
        try emit(
          "{\"actor\":\(json(event.command.actor)),\"at\":\(json(event.command.at.text)),\"command\":\(json(event.command.command)),\"id\":\(event.command.id),\"type\":\"command\"}"
        )
      }
      let hash = event.hash.map(EventChain.hex) ?? ""
      stateHash = hash
      let participant = event.participantID.map(json) ?? "null"
      let withheld =
        event.withheld || (event.kind == .personalDataRecorded && !includePersonalData)
        || (event.participantID.map(withdrawn.contains) == true && (event.kind == .contributionAdded || event.kind == .voteCast || event.kind == .sessionBallotCast))
      if withheld {
        leftOut += 1
        try emit(
          "{\"command\":\(event.command.id),\"commitment\":\"\(event.payloadCommitment.map(EventChain.hex) ?? "")\",\"hash\":\"\(hash)\",\"kind\":\(json(event.kind.rawValue)),\"participant\":\(participant),\"seq\":\(event.sequence),\"type\":\"withheld\"}"
        )
        return
      }
      events += 1
      let seal =
        event.salt.map { "\"salt\":\"\(EventChain.hex($0))\"" } ?? "\"commitment\":\"\(event.commitment.map(EventChain.hex) ?? "")\""
      let (before, after) = event.salt == nil ? (seal + ",", "") : ("", "," + seal)
      try emit(
        "{\"command\":\(event.command.id),\(before)\"hash\":\"\(hash)\",\"kind\":\(json(event.kind.rawValue)),\"participant\":\(participant),\"payload\":\(event.payload),\"redacted\":\(event.redacted)\(after),\"seq\":\(event.sequence),\"type\":\"event\"}"
      )
    }
    try out.write(contentsOf: buffer)
    try out.close()
    let manifest = Manifest(
      format: formatName, formatVersion: formatVersion, workspace: workspace.manifest, commands: commands, events: events,
      withheld: leftOut, includesPersonalData: includePersonalData, stateHash: stateHash,
      sha256: EventChain.hex(Data(hasher.finalize())))
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
  /// workspace manifest. Checks every line, every event's hash (version 2) and the file's
  /// sha256; on any problem nothing is written and the error names the file and line.
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
    guard let first = try reader.next() else { throw BundleProblem(path, 1, "manifest", "the file is empty; it holds no bundle") }
    if first.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
      throw BundleProblem(path, 1, "manifest", "the first line is blank; a bundle starts with its manifest, so this is not a bundle coprod wrote")
    }
    if let archive = archiveKind(first) {
      throw BundleProblem(path, 1, "manifest", "this is a \(archive), not a bundle; unpack it and import the .jsonl file inside")
    }
    try reader.checkUTF8(first)
    let manifest: Manifest
    do {
      manifest = try decoder.decode(Manifest.self, from: first)
    } catch where !((try? JSONSerialization.jsonObject(with: first)) is [String: Any]) {
      throw BundleProblem(path, 1, "manifest", "not a coprod bundle: its first line is not a JSON object, so it is not the manifest a bundle starts with")
    } catch {
      throw BundleProblem(path, 1, "manifest", "not a coprod bundle: the first line is not its manifest (\(DecodingProblem.describe(error)))")
    }
    guard manifest.format == formatName, (1...formatVersion).contains(manifest.formatVersion) else {
      throw BundleProblem(path, 1, "format", "expected \(formatName) version 1 or \(formatVersion); a newer coprod may have made it")
    }
    let chained = manifest.formatVersion >= 2
    let codec = EventCodec()
    var hasher = SHA256()
    var commands: [Int64: CommandRecord] = [:]
    var counts = (commands: 0, events: 0, withheld: 0)
    var chain = ChainVerifier()
    var line = 1
    var lastSequence: Int64 = 0
    /// Lines of events rewritten by erasure, which the chain checks only at the end.
    var rewrittenLines: [Int64: Int] = [:]
    try workspace.store.restore { restorer in
      while let data = try reader.next() {
        line += 1
        if reader.cutShort {
          throw BundleProblem(path, line, "line", "the file ends part way through this line; it was cut short, so copy or export it again")
        }
        try reader.checkUTF8(data)
        hasher.update(data: data)
        hasher.update(data: Data([UInt8(ascii: "\n")]))
        let entry: BundleLine
        do {
          entry = try decoder.decode(BundleLine.self, from: data)
        } catch {
          throw BundleProblem(path, line, "line", lineProblem(data, error))
        }
        let event: StoredEvent
        let change: WorkspaceChange?
        switch entry {
        case .command(var record):
          guard commands[record.id] == nil else { throw BundleProblem(path, line, "id", "command \(record.id) appears twice") }
          // Lines recorded in full before the chain are masked as the v6 migration masks them.
          if !chained { record.command = RecordedCommandLine.remasked(record.command) }
          commands[record.id] = record
          counts.commands += 1
          try restorer.restore(record)
          continue
        case .event(let line_, let decoded):
          guard let command = commands[line_.command] else {
            throw BundleProblem(path, line, "command", "event \(line_.sequence) names command \(line_.command), which has not appeared")
          }
          counts.events += 1
          change = decoded
          event = StoredEvent(
            sequence: line_.sequence, command: command, kind: line_.kind, participantID: line_.participant,
            payload: try codec.payload(of: decoded), redacted: line_.redacted, salt: line_.salt, commitment: line_.commitment,
            hash: line_.hash)
        case .withheld(let line_):
          guard chained else { throw BundleProblem(path, line, "type", "withheld events need a version 2 bundle") }
          guard let command = commands[line_.command] else {
            throw BundleProblem(path, line, "command", "event \(line_.sequence) names command \(line_.command), which has not appeared")
          }
          counts.withheld += 1
          change = nil
          event = StoredEvent(
            sequence: line_.sequence, command: command, kind: line_.kind, participantID: line_.participant, payload: "",
            redacted: false, commitment: line_.commitment, hash: line_.hash, withheld: true)
        }
        guard event.sequence > lastSequence else {
          throw BundleProblem(
            path, line, "seq", "event \(event.sequence) comes after event \(lastSequence); events must be in order, each once")
        }
        lastSequence = event.sequence
        if event.redacted && event.salt == nil { rewrittenLines[event.sequence] = line }
        if chained {
          do {
            try chain.check(ChainedEvent(event, change: change))
          } catch let problem as ChainProblem {
            throw BundleProblem(path, line, "event", chainText(problem))
          }
        }
        do {
          try restorer.restore(event)
        } catch is EventConflict {
          throw BundleProblem(
            path, line, "event",
            "event \(event.sequence) (\(event.kind.rawValue)) contradicts the events before it, such as adding what already exists; the bundle was edited")
        }
      }
      if chained {
        do {
          try chain.finish()
        } catch let problem as ChainProblem {
          throw BundleProblem(path, rewrittenLines[problem.sequence] ?? line, "event", chainText(problem))
        }
      }
      let digest = EventChain.hex(Data(hasher.finalize()))
      guard digest == manifest.sha256 else {
        throw BundleProblem(path, 1, "sha256", "the file does not match its manifest hash; it is damaged or was edited")
      }
      guard counts.commands == manifest.commands, counts.events == manifest.events, counts.withheld == (manifest.withheld ?? 0)
      else {
        throw BundleProblem(path, 1, "events", "the manifest promises \(manifest.events) events, the file has \(counts.events)")
      }
      if chained, manifest.stateHash != EventChain.hex(chain.head) {
        throw BundleProblem(
          path, 1, "stateHash", "the events hash to \(EventChain.hex(chain.head)), not to the state hash the manifest gives")
      }
    }
    return (try workspace.replacingManifest(manifest.workspace), manifest)
  }

  /// What is wrong with a body line that does not decode, in plain words.
  static func lineProblem(_ data: Data, _ error: any Error) -> String {
    if data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
      return "the line is blank; every line of a bundle holds a command or an event, so the file was edited"
    }
    guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
      return "the line is not a JSON object; the bundle was damaged or edited, so copy or export it again"
    }
    return "\(DecodingProblem.describe(error)); the line is not a command or event coprod can read, so the bundle was damaged or edited"
  }

  private static func chainText(_ problem: ChainProblem) -> String {
    "event \(problem.sequence) (\(problem.kind)): \(problem.detail); the bundle was edited or damaged"
  }

  /// The kind of archive `firstLine` starts, when it is one (a common mistake: importing the
  /// compressed file instead of the bundle inside).
  private static func archiveKind(_ firstLine: Data) -> String? {
    let bytes = Array(firstLine.prefix(4))
    if bytes.starts(with: [0x1f, 0x8b]) { return "gzip file" }
    if bytes.starts(with: [0x50, 0x4b, 0x03, 0x04]) { return "zip archive" }
    if bytes.starts(with: [0x28, 0xb5, 0x2f, 0xfd]) { return "zstd file" }
    if bytes.starts(with: [0x42, 0x5a, 0x68]) { return "bzip2 file" }
    if bytes.starts(with: [0xfd, 0x37, 0x7a, 0x58]) { return "xz file" }
    return nil
  }

  /// A JSON string literal.
  public static func json(_ text: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
  }
}

/// A problem with a bundle, in one line naming the file and line: nothing was imported.
public struct BundleProblem: ReportableError, Equatable {
  /// The bundle file.
  public var file: String
  /// The 1-based line.
  public var line: Int
  /// The field or part of the line concerned.
  public var field: String
  /// What is wrong and what to do.
  public var problem: String

  init(_ file: String, _ line: Int, _ field: String, _ problem: String) {
    self.file = file
    self.line = line
    self.field = field
    self.problem = problem
  }

  public var description: String { "\(file):\(line): \(field): \(problem); nothing was imported" }
}

// MARK: - Lines

/// One body line of a bundle.
enum BundleLine: Decodable {
  case command(CommandRecord)
  case event(EventFields, WorkspaceChange)
  case withheld(EventFields)

  /// What event and withheld lines share.
  struct EventFields {
    var sequence: Int64
    var command: Int64
    var kind: WorkspaceChange.Kind
    var participant: String?
    var redacted: Bool
    var salt: Data?
    var commitment: Data?
    var hash: Data?
  }

  private enum Keys: String, CodingKey {
    case type, actor, at, command, id, kind, participant, payload, redacted, seq, salt, commitment, hash
  }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Keys.self)
    func bytes(_ key: Keys) throws -> Data? {
      guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
      guard let data = EventChain.bytes(hex: text) else {
        throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not lower-case hexadecimal")
      }
      return data
    }
    func fields(redacted: Bool) throws -> EventFields {
      EventFields(
        sequence: try c.decode(Int64.self, forKey: .seq), command: try c.decode(Int64.self, forKey: .command),
        kind: try c.decode(WorkspaceChange.Kind.self, forKey: .kind), participant: try c.decodeIfPresent(String.self, forKey: .participant),
        redacted: redacted, salt: try bytes(.salt), commitment: try bytes(.commitment), hash: try bytes(.hash))
    }
    switch try c.decode(String.self, forKey: .type) {
    case "command":
      self = .command(
        CommandRecord(
          id: try c.decode(Int64.self, forKey: .id), actor: try c.decode(String.self, forKey: .actor),
          at: try c.decode(Timestamp.self, forKey: .at), command: try c.decode(String.self, forKey: .command)))
    case "event":
      let kind = try c.decode(WorkspaceChange.Kind.self, forKey: .kind)
      let change = try EventCodec.change(kind: kind, from: KeyedPayload(container: c, key: .payload))
      self = .event(try fields(redacted: try c.decode(Bool.self, forKey: .redacted)), change)
    case "withheld":
      self = .withheld(try fields(redacted: false))
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
  /// True when the last line returned had no newline: the file was cut short.
  private(set) var cutShort = false
  /// The longest line read.
  let maxLineBytes: Int
  /// The 1-based number of the last line returned.
  private(set) var lineNumber = 0

  init(path: String, handle: FileHandle, maxLineBytes: Int = InputLimits.current.documentBytes) {
    self.path = path
    self.handle = handle
    self.maxLineBytes = maxLineBytes
  }

  /// Returns the next line, or nil at the end.
  ///
  /// - Throws: ``BundleProblem`` when a line is longer than `maxLineBytes` (it is refused as
  ///   soon as that much has been read).
  mutating func next() throws -> Data? {
    guard let line = try nextBytes() else { return nil }
    lineNumber += 1
    return line
  }

  /// Checks that the last line returned, `line`, is UTF-8.
  ///
  /// - Throws: ``BundleProblem`` naming the line when it is not.
  func checkUTF8(_ line: Data) throws {
    if let problem = line.withUnsafeBytes({ TextCheck.utf8Problem(in: $0.bindMemory(to: UInt8.self)) }) {
      throw BundleProblem(path, lineNumber, "line", "\(problem); the bundle was damaged, so copy or export it again")
    }
  }

  private mutating func nextBytes() throws -> Data? {
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        let line = buffer[buffer.startIndex..<newline]
        buffer = buffer[buffer.index(after: newline)...]
        return Data(line)
      }
      if buffer.count > maxLineBytes {
        throw BundleProblem(
          path, lineNumber + 1, "line",
          "the line is longer than \(InputLimits.describe(maxLineBytes)); a bundle line holds one event, so the file is damaged or not a bundle (raise the limit with \(InputLimits.variables.document) if it is a real event)")
      }
      if finished {
        if buffer.isEmpty { return nil }
        defer { buffer = Data() }
        cutShort = true
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
