// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation

// MARK: - Session event payloads

extension EventCodec {
  /// The canonical payload of a session event: its payload struct, as JSON.
  static func encode(_ event: SessionEvent, with encoder: JSONEncoder) throws -> Data {
    switch event {
    case .started(let value): try encoder.encode(value)
    case .attendance(let value): try encoder.encode(value)
    case .stageStarted(let value), .stageEnded(let value), .stageSkipped(let value): try encoder.encode(value)
    case .groupsFormed(let value): try encoder.encode(value)
    case .speakingOrder(let value): try encoder.encode(value)
    case .passed(let value): try encoder.encode(value)
    case .optionAdded(let value): try encoder.encode(value)
    case .ballotCast(let value): try encoder.encode(value)
    case .counted(let value): try encoder.encode(value)
    case .closed(let value): try encoder.encode(value)
    }
  }

  /// Decodes the payload of a `session.*` event of `kind`.
  static func sessionEvent(kind: WorkspaceChange.Kind, from source: some PayloadSource) throws -> SessionEvent {
    switch kind {
    case .sessionStarted: .started(try source.payload(SessionStart.self))
    case .sessionAttendance: .attendance(try source.payload(SessionAttendance.self))
    case .sessionStageStarted: .stageStarted(try source.payload(SessionStageMark.self))
    case .sessionStageEnded: .stageEnded(try source.payload(SessionStageMark.self))
    case .sessionStageSkipped: .stageSkipped(try source.payload(SessionStageMark.self))
    case .sessionGroupsFormed: .groupsFormed(try source.payload(SessionGroups.self))
    case .sessionSpeakingOrder: .speakingOrder(try source.payload(SessionTurns.self))
    case .sessionPassed: .passed(try source.payload(SessionPass.self))
    case .sessionOptionAdded: .optionAdded(try source.payload(SessionOption.self))
    case .sessionBallotCast: .ballotCast(try source.payload(SessionBallot.self))
    case .sessionCounted: .counted(try source.payload(SessionCount.self))
    case .sessionClosed: .closed(try source.payload(SessionClose.self))
    default: throw DecodingFailure("\(kind.rawValue) is not a session event")
    }
  }
}
