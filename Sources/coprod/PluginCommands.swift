// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser

/// `coprod plugins …`: list, inspect, check and scaffold plugins.
enum PluginCommands {
  static let all: [any ParsableCommand.Type] = []
}
