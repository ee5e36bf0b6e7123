// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import CoprodPlugins

// MARK: - Who takes part in a stage, and a vote's budget

extension SessionRunner {
  /// The people taking part in `stage`: everyone present, or — when the stage names
  /// `people` — those seated in that earlier stage's groups (its latest round), in
  /// attendance order.
  ///
  /// - Throws: ``SessionRunError`` when that stage formed no groups (it was skipped).
  func members(of stage: SessionFormatDefinition.Stage) throws -> [String] {
    guard let source = stage.people else { return attendees }
    guard let latest = groupsByStage[source]?.last, !latest.isEmpty else {
      throw SessionRunError("stage '\(stage.id)': only the people grouped at stage '\(source)' take part, but '\(source)' formed no groups")
    }
    let seated = Set(latest.flatMap { $0 })
    return attendees.filter(seated.contains)
  }

  /// Refuses an entry by someone present who does not take part in the stage.
  func takesPart(_ id: String, plan: StagePlan, field: String, origin: SessionEntry.Origin) throws {
    guard let source = plan.stage.people, !plan.attendees.contains(id) else { return }
    let listed = plan.attendees.prefix(12).joined(separator: ", ") + (plan.attendees.count > 12 ? ", …" : "")
    throw SessionInputError(
      origin, field, "'\(id)' does not take part in stage '\(plan.stage.id)': only the people of stage '\(source)' do (\(listed))")
  }

  /// The budget of a vote: its fixed `budget`, or what `budget(session)` returns.
  func budget(of vote: SessionFormatDefinition.Vote, plan: StagePlan) throws -> Int64? {
    guard let function = vote.budgetFunction else { return vote.budget }
    let value = try call(function, stage: plan.stage, iteration: plan.iteration, what: "vote.budget(session)")
    guard let amount = value.integerValue, (1...1_000_000_000_000).contains(amount) else {
      throw PluginRunError(
        kind: .invalidResult, pluginID: format.reference.id, location: format.entry,
        message: "stage '\(plan.stage.id)': vote.budget(session) returned \(value.typeName); expected a whole number of money units from 1 to 1000000000000")
    }
    return amount
  }
}
