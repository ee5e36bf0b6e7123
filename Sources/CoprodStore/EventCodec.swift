// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation

// MARK: - Event payloads

/// Turns changes into the canonical JSON payloads stored in the event log, and back.
///
/// Payloads are encoded with sorted keys and unescaped slashes, so encoding a decoded
/// payload gives back the same bytes; bundles rely on that to round-trip exactly. The kinds
/// written in bulk go through ``EventPayloadJSON``, which writes the same bytes faster.
public struct EventCodec {
  private let encoder: JSONEncoder
  private let decoder = JSONDecoder()

  /// Creates a codec.
  public init() {
    encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
  }

  /// The canonical payload text of `change`.
  public func payload(of change: WorkspaceChange) throws -> String {
    if let fast = EventPayloadJSON.encode(change) { return fast }
    let data: Data =
      switch change {
      case .participantAdded(let value): try encoder.encode(value)
      case .personalDataRecorded(let value): try encoder.encode(value)
      case .consentRecorded(let value): try encoder.encode(value)
      case .consentWithdrawn(let value): try encoder.encode(value)
      case .contributionAdded(let value): try encoder.encode(value)
      case .voteCast(let value): try encoder.encode(value)
      case .participantErased(let value): try encoder.encode(value)
      case .consultationDefined(let value): try encoder.encode(value)
      case .decisionRecorded(let value): try encoder.encode(value)
      case .commitmentMade(let value): try encoder.encode(value)
      case .commitmentUpdated(let value): try encoder.encode(value)
      case .feedbackPublished(let value): try encoder.encode(value)
      case .session(let event): try Self.encode(event, with: encoder)
      case .panelDrawn(let value): try encoder.encode(value)
      }
    return String(decoding: data, as: UTF8.self)
  }

  /// Decodes a stored payload of `kind`.
  public func change(kind: WorkspaceChange.Kind, payload: String) throws -> WorkspaceChange {
    if let fast = EventPayloadJSON.decode(kind: kind, payload: payload) { return fast }
    return try Self.change(kind: kind, from: JSONPayload(decoder: decoder, data: Data(payload.utf8)))
  }

  /// Decodes the payload of `kind` that `source` holds (the stored text, or a bundle line's
  /// `payload` field).
  public static func change(kind: WorkspaceChange.Kind, from source: some PayloadSource) throws -> WorkspaceChange {
    switch kind {
    case .participantAdded: .participantAdded(try source.payload(Participant.self))
    case .personalDataRecorded: .personalDataRecorded(try source.payload(PersonalData.self))
    case .consentRecorded: .consentRecorded(try source.payload(Consent.self))
    case .consentWithdrawn: .consentWithdrawn(try source.payload(ConsentWithdrawal.self))
    case .contributionAdded: .contributionAdded(try source.payload(Contribution.self))
    case .voteCast: .voteCast(try source.payload(ContributionVote.self))
    case .participantErased: .participantErased(try source.payload(Erasure.self))
    case .consultationDefined: .consultationDefined(try source.payload(Consultation.self))
    case .decisionRecorded: .decisionRecorded(try source.payload(Decision.self))
    case .commitmentMade: .commitmentMade(try source.payload(Commitment.self))
    case .commitmentUpdated: .commitmentUpdated(try source.payload(CommitmentUpdate.self))
    case .feedbackPublished: .feedbackPublished(try source.payload(FeedbackPublication.self))
    case .sessionStarted, .sessionAttendance, .sessionStageStarted, .sessionStageEnded, .sessionStageSkipped,
      .sessionGroupsFormed, .sessionSpeakingOrder, .sessionPassed, .sessionOptionAdded, .sessionBallotCast,
      .sessionCounted, .sessionClosed:
      .session(try sessionEvent(kind: kind, from: source))
    case .panelDrawn: .panelDrawn(try source.payload(PanelDraw.self))
    }
  }

  private struct JSONPayload: PayloadSource {
    let decoder: JSONDecoder
    let data: Data
    func payload<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type, from: data) }
  }
}

/// Where an event payload of a known type is decoded from.
public protocol PayloadSource {
  /// Decodes the payload as `type`.
  func payload<T: Decodable>(_ type: T.Type) throws -> T
}

// MARK: - JSON arrays in columns

/// Small helpers for the JSON arrays kept in text columns.
enum ColumnArray {
  /// `["a","b"]` with JSON string escaping.
  static func encode(_ values: [String]) -> String {
    var out = "["
    for (index, value) in values.enumerated() {
      if index > 0 { out += "," }
      out += "\""
      for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
      }
      out += "\""
    }
    return out + "]"
  }

  /// Decodes a column written by ``encode(_:)``.
  static func decode(_ text: String) throws -> [String] {
    if text == "[]" { return [] }
    return try ColumnJSON.decode([String].self, from: text)
  }
}

// MARK: - JSON values in columns

/// Lists and records kept as canonical JSON (sorted keys) in text columns.
enum ColumnJSON {
  static func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// Decodes a column; text that is not what was written is a ``DecodingFailure``.
  static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
    do {
      return try JSONDecoder().decode(type, from: Data(text.utf8))
    } catch {
      throw DecodingFailure("a JSON column cannot be read (\(DecodingProblem.describe(error)))")
    }
  }
}
