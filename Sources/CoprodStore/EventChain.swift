// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Crypto
import Foundation

// MARK: - The hash chain

/// The hash chain that makes the event log tamper-evident.
///
/// Each event's payload is committed to with a random salt, `commitment = SHA-256(salt ‖
/// payload)`, and each event's hash links it to the one before:
///
///     hash(n) = SHA-256(hash(n-1) ‖ seq ‖ SHA-256(command record) ‖ kind ‖ participant ‖ commitment(n))
///
/// starting from ``genesis``. The last hash is the **workspace state hash**: it commits to every
/// event, its order and its command record. Erasure rewrites an event's payload: it deletes the
/// salt and keeps the original commitment (which, without its salt, reveals nothing about what
/// was erased), so every hash stays as it was; the erasure event lists the digest of each
/// rewritten payload, which is what vouches for it from then on.
public enum EventChain {
  /// The hash before the first event.
  public static let genesis = Data(SHA256.hash(data: Data("coprod event chain v1".utf8)))

  /// Bytes of salt per event.
  static let saltSize = 16

  /// Fresh random salts, drawn from the cryptographic generator 256 at a time (one call to
  /// it instead of one system call per event).
  struct Salts {
    private var pool = Data()
    private var offset = 0

    /// The next salt.
    mutating func next() -> Data {
      if offset + saltSize > pool.count {
        pool = SymmetricKey(size: SymmetricKeySize(bitCount: saltSize * 8 * 256)).withUnsafeBytes { Data($0) }
        offset = 0
      }
      defer { offset += saltSize }
      return pool.subdata(in: offset..<offset + saltSize)
    }
  }

  /// The salted commitment to a payload.
  static func commitment(salt: Data, payload: String) -> Data {
    var hasher = SHA256()
    hasher.update(data: salt)
    var payload = payload
    payload.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    return Data(hasher.finalize())
  }

  /// SHA-256 of a payload's text (what an erasure records for each payload it rewrote).
  static func digest(_ payload: String) -> String {
    var payload = payload
    return hex(payload.withUTF8 { Data(SHA256.hash(data: UnsafeRawBufferPointer($0))) })
  }

  /// The digest of a command record, shared by all its events.
  static func commandDigest(_ command: CommandRecord) -> Data {
    var hasher = SHA256()
    hasher.update(integer: command.id)
    hasher.update(text: command.actor)
    hasher.update(text: command.at.text)
    hasher.update(text: command.command)
    return Data(hasher.finalize())
  }

  /// The hash of an event, linking it to the hash before it.
  static func link(
    previous: Data, sequence: Int64, command: Data, kind: String, participant: String?, commitment: Data
  ) -> Data {
    var hasher = SHA256()
    hasher.update(data: previous)
    hasher.update(integer: sequence)
    hasher.update(data: command)
    hasher.update(text: kind)
    if let participant {
      hasher.update(data: [1])
      hasher.update(text: participant)
    } else {
      hasher.update(data: [0])
    }
    hasher.update(data: commitment)
    return Data(hasher.finalize())
  }

  /// Lower-case hexadecimal.
  public static func hex(_ data: Data) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(data.count * 2)
    for byte in data {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The bytes of a hexadecimal string, or nil when it is not one.
  public static func bytes(hex text: String) -> Data? {
    let utf8 = Array(text.utf8)
    guard utf8.count % 2 == 0 else { return nil }
    var out = Data(capacity: utf8.count / 2)
    var index = 0
    while index < utf8.count {
      guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
      out.append(high << 4 | low)
      index += 2
    }
    return out
  }

  private static func nibble(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    default: nil
    }
  }
}

extension SHA256 {
  /// Adds a 64-bit integer, big-endian.
  fileprivate mutating func update(integer: Int64) {
    withUnsafeBytes(of: integer.bigEndian) { update(bufferPointer: $0) }
  }

  /// Adds a string's UTF-8 bytes after their length, so that fields cannot run into each other.
  fileprivate mutating func update(text: String) {
    var text = text
    update(integer: Int64(text.utf8.count))
    text.withUTF8 { update(bufferPointer: UnsafeRawBufferPointer($0)) }
  }
}

// MARK: - Checking the chain

/// One event as the chain sees it: what is hashed, the hash stored or stated for it, and what
/// its decoded payload claims about other events.
public struct ChainedEvent: Sendable {
  /// The event's sequence number.
  public var sequence: Int64
  /// The command that made it.
  public var command: CommandRecord
  /// Its kind, as stored.
  public var kind: String
  /// The participant it is about.
  public var participantID: String?
  /// The payload text; nil when the event was withheld from a bundle.
  public var payload: String?
  /// The payload's salt; nil once erased or withheld.
  public var salt: Data?
  /// The original payload commitment, kept when the salt is gone.
  public var commitment: Data?
  /// The hash stored with the event (or stated in a bundle line).
  public var hash: Data?
  /// True when erasure rewrote the payload.
  public var redacted: Bool
  /// The redactions an erasure event lists.
  public var redactions: [Erasure.Redaction] = []
  /// The state hash a decision says it was recorded on.
  public var claimedStateHash: String? = nil

  /// The chain's view of `stored`, with what `change` (its decoded payload, nil when withheld)
  /// says about other events.
  public init(_ stored: StoredEvent, change: WorkspaceChange?) {
    sequence = stored.sequence
    command = stored.command
    kind = stored.kind.rawValue
    participantID = stored.participantID
    payload = stored.withheld ? nil : stored.payload
    salt = stored.salt
    commitment = stored.commitment
    hash = stored.hash
    redacted = stored.redacted
    switch change {
    case .participantErased(let erasure): redactions = erasure.redactions
    case .decisionRecorded(let decision): claimedStateHash = decision.stateHash
    default: break
    }
  }
}

/// What is wrong with the first bad event.
public struct ChainProblem: Error, Equatable {
  /// The event's sequence number.
  public var sequence: Int64
  /// Its kind, as stored.
  public var kind: String
  /// What is wrong.
  public var detail: String
}

/// Walks the events in log order, recomputing every hash, and reports the first that does not
/// follow from the events before it. Used by `coprod verify`, export and import alike.
public struct ChainVerifier {
  /// The hash of the last event checked (the state hash once every event is in).
  public private(set) var head = EventChain.genesis
  /// Number of events checked.
  public private(set) var count = 0
  private var lastSequence: Int64 = 0
  private var lastCommand: (id: Int64, digest: Data)?
  /// Events rewritten by erasure whose payload no salt vouches for: their digest now, and the
  /// kind for messages, until an erasure lists them.
  private var unvouched: [Int64: (kind: String, digest: String)] = [:]
  private var vouched: [Int64: String] = [:]
  /// Events an erasure may list: those marked as rewritten, and those withheld (whose payload
  /// cannot be seen). Only those without their salt are checked against the list.
  private var listable: Set<Int64> = []

  /// Starts at the beginning of the log, or just after `previous` (whose own hash is trusted).
  public init(after previous: StoredEvent? = nil) {
    if let previous, let hash = previous.hash {
      head = hash
      lastSequence = previous.sequence
    }
  }

  /// Checks the next event and returns its hash.
  @discardableResult
  public mutating func check(_ event: ChainedEvent) throws(ChainProblem) -> Data {
    func problem(_ detail: String) -> ChainProblem { ChainProblem(sequence: event.sequence, kind: event.kind, detail: detail) }
    guard event.sequence > lastSequence else {
      throw problem("it comes after event \(lastSequence); events must be in order, each once")
    }
    let commitment: Data
    if let salt = event.salt, let payload = event.payload {
      commitment = EventChain.commitment(salt: salt, payload: payload)
    } else if let kept = event.commitment {
      commitment = kept
      // A payload without its salt was rewritten by erasure: a later erasure must vouch for it.
      // A withheld payload cannot be checked here, but an erasure may still list it.
      if let payload = event.payload {
        guard event.redacted else { throw problem("its salt is gone, but it is not marked as rewritten by erasure") }
        unvouched[event.sequence] = (event.kind, EventChain.digest(payload))
      }
    } else {
      throw problem("it has neither a salt nor a commitment, so nothing vouches for its payload")
    }
    if event.redacted || event.payload == nil { listable.insert(event.sequence) }
    let command: Data
    if let last = lastCommand, last.id == event.command.id {
      command = last.digest
    } else {
      command = EventChain.commandDigest(event.command)
      lastCommand = (event.command.id, command)
    }
    if let claimed = event.claimedStateHash, claimed != EventChain.hex(head) {
      throw problem("it says it was recorded on state \(claimed), but the events before it hash to \(EventChain.hex(head))")
    }
    for redaction in event.redactions {
      guard redaction.sequence < event.sequence, listable.contains(redaction.sequence) else {
        throw problem("it lists event \(redaction.sequence) as rewritten, but that event is not an earlier rewritten one")
      }
      vouched[redaction.sequence] = redaction.redacted
    }
    let hash = EventChain.link(
      previous: head, sequence: event.sequence, command: command, kind: event.kind, participant: event.participantID,
      commitment: commitment)
    guard event.hash == hash else {
      throw problem(
        event.hash == nil
          ? "it has no hash" : "its hash does not follow from the events before it (an event was edited, removed, inserted or reordered)")
    }
    head = hash
    lastSequence = event.sequence
    count += 1
    return hash
  }

  /// Checks, once every event is in, that each rewritten payload is the one its erasure listed.
  public func finish() throws(ChainProblem) {
    for (sequence, entry) in unvouched.sorted(by: { $0.key < $1.key }) where vouched[sequence] != entry.digest {
      throw ChainProblem(
        sequence: sequence, kind: entry.kind,
        detail: vouched[sequence] == nil
          ? "it is marked as rewritten by erasure, but no erasure lists it"
          : "its payload is not the one its erasure recorded (it was edited after erasure)")
    }
  }
}
