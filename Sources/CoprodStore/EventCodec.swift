// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation

// MARK: - Event payloads

/// Turns changes into the canonical JSON payloads stored in the event log, and back.
///
/// Payloads are encoded with sorted keys and unescaped slashes, so encoding a decoded
/// payload gives back the same bytes; bundles rely on that to round-trip exactly.
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
      }
    return String(decoding: data, as: UTF8.self)
  }

  /// Decodes a stored payload of `kind`.
  public func change(kind: WorkspaceChange.Kind, payload: String) throws -> WorkspaceChange {
    let data = Data(payload.utf8)
    return switch kind {
    case .participantAdded: .participantAdded(try decoder.decode(Participant.self, from: data))
    case .personalDataRecorded: .personalDataRecorded(try decoder.decode(PersonalData.self, from: data))
    case .consentRecorded: .consentRecorded(try decoder.decode(Consent.self, from: data))
    case .consentWithdrawn: .consentWithdrawn(try decoder.decode(ConsentWithdrawal.self, from: data))
    case .contributionAdded: .contributionAdded(try decoder.decode(Contribution.self, from: data))
    case .voteCast: .voteCast(try decoder.decode(ContributionVote.self, from: data))
    case .participantErased: .participantErased(try decoder.decode(Erasure.self, from: data))
    case .consultationDefined: .consultationDefined(try decoder.decode(Consultation.self, from: data))
    }
  }
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
    return try JSONDecoder().decode([String].self, from: Data(text.utf8))
  }
}
