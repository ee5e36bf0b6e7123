// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser

/// The `coprod` command: co-production sessions, decisions and follow-through, with Lua plugins.
@main
struct Coprod: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "coprod",
    abstract: "Run co-production: stories, ideas, decisions and follow-through, with Lua plugins.",
    version: CoprodVersion.string,
    subcommands: PluginCommands.all + TallyCommands.all + WorkspaceCommands.all
  )
}
