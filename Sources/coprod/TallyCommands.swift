// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser

/// `coprod tally`: count ballot files with voting-rule plugins.
enum TallyCommands {
  static let all: [any ParsableCommand.Type] = []
}
