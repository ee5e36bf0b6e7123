// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel

// MARK: - Scripted input

/// Feeds a session from an inputs file: its attendance, then each stage iteration's entries
/// in file order. Entries for a stage that is skipped, or for more iterations than run, are
/// errors naming the file and line, so nothing in the file is silently ignored.
struct ScriptedSource: SessionInputSource {
  let inputs: SessionInputs
  private var cursor: [String: (iteration: Int, position: Int)] = [:]
  private var ran: [String: Int] = [:]

  /// Checks that every stage the file names is one of `format`'s.
  init(_ inputs: SessionInputs, format: SessionFormatDefinition) throws {
    self.inputs = inputs
    let known = format.stages.map(\.id)
    for (stage, entries) in inputs.stages.sorted(by: { $0.value.line < $1.value.line }) where !known.contains(stage) {
      throw SessionInputError(
        place: "\(inputs.file):\(entries.line)", path: "stages.\(stage)",
        problem: "no stage '\(stage)' in \(format.name) (stages: \(known.joined(separator: ", ")))")
    }
  }

  func attendance() throws -> [(id: String, origin: SessionEntry.Origin)] {
    inputs.attendance.enumerated().map { offset, person in
      (person.id, SessionEntry.Origin(place: "\(inputs.file):\(person.line)", path: "attendance[\(offset + 1)]"))
    }
  }

  mutating func next(in plan: StagePlan) throws -> SessionEntry? {
    let stage = plan.stage.id
    ran[stage] = plan.iteration
    guard let given = inputs.stages[stage] else { return nil }
    var place = cursor[stage] ?? (plan.iteration, 0)
    if place.iteration != plan.iteration { place = (plan.iteration, 0) }
    guard plan.iteration <= given.iterations.count, place.position < given.iterations[plan.iteration - 1].count else { return nil }
    cursor[stage] = (plan.iteration, place.position + 1)
    return given.iterations[plan.iteration - 1][place.position]
  }

  func skipped(_ stage: String, reason: String) throws {
    guard let given = inputs.stages[stage], given.iterations.contains(where: { !$0.isEmpty }) else { return }
    throw SessionInputError(
      place: "\(inputs.file):\(given.line)", path: "stages.\(stage)",
      problem: "the stage was skipped (\(reason)), but the file gives it entries")
  }

  /// Fails when the file gives entries for iterations of a stage that never ran.
  func checkAllUsed() throws {
    for (stage, given) in inputs.stages.sorted(by: { $0.value.line < $1.value.line }) {
      let runs = ran[stage] ?? 0
      if given.iterations.count > max(runs, 1), given.iterations[runs...].contains(where: { !$0.isEmpty }) {
        throw SessionInputError(
          place: "\(inputs.file):\(given.line)", path: "stages.\(stage)",
          problem: "the file gives entries for \(given.iterations.count) rounds, but the stage ran \(runs) time(s)")
      }
    }
  }
}
