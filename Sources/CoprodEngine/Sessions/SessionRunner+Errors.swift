// coprod — co-production toolkit. Apache-2.0.

// MARK: - Errors about a stage iteration as a whole

extension SessionRunner {
  /// A vote that nobody voted in, named where the source gave the iteration's entries.
  static func noBallots(stage: String, given origin: SessionEntry.Origin?) -> any Error {
    let problem = "no ballots were cast; every vote needs at least one ballot"
    guard let origin else { return SessionRunError("stage '\(stage)': \(problem)") }
    return SessionInputError(origin, nil, problem)
  }

  /// A decision given in a round after which the vote goes on, named where it was given.
  static func earlyDecision(_ ruling: SessionEntry.Ruling, stage: String, iteration: Int) -> any Error {
    let problem = "a decision is given for round \(iteration), but the vote goes on to another round; give it with the last round"
    guard let origin = ruling.origin else { return SessionRunError("stage '\(stage)': \(problem)") }
    return SessionInputError(origin, "decision", problem)
  }
}

extension SessionInputSource {
  /// Sources without places for whole iterations (the rehearsal simulator) name none.
  public func origin(of stage: String, iteration: Int) -> SessionEntry.Origin? { nil }
}

extension ScriptedSource {
  /// The line of the stage's key in the inputs file, and `stages.ID` (`stages.ID[N]` when the
  /// file gives one list per round); the file alone when it does not name the stage.
  func origin(of stage: String, iteration: Int) -> SessionEntry.Origin? {
    guard let given = inputs.stages[stage] else { return SessionEntry.Origin(place: inputs.file, path: "stages.\(stage)") }
    let path = given.iterations.count > 1 || iteration > 1 ? "stages.\(stage)[\(iteration)]" : "stages.\(stage)"
    return SessionEntry.Origin(place: "\(inputs.file):\(given.line)", path: path)
  }
}
