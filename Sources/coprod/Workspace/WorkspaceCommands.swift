// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser

/// Commands that work on a consultation workspace (`coprod init`, `participants`, `log`, …).
enum WorkspaceCommands {
  static let all: [any ParsableCommand.Type] = []
}
