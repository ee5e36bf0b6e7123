// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser

/// The `coprod` command: co-production sessions, decisions and follow-through, with Lua plugins.
@main
struct Coprod: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "coprod",
    abstract: "Run co-production: stories, ideas, decisions and follow-through, with Lua plugins.",
    version: CoprodVersion.string,
    subcommands: PluginCommands.all + [KeysCommand.self] + TallyCommands.all + WorkspaceCommands.all
  )

  /// Parses the command line and runs the command; every failure goes through
  /// ``CLIFailure/exit(_:)``, the only place errors become messages and exit statuses.
  static func main() async {
    if let unknown = UnknownCommandError.check(Array(CommandLine.arguments.dropFirst()), root: Coprod.self) {
      CLIFailure.exit(unknown)
    }
    let command: any ParsableCommand
    do {
      command = try await asyncParseAsRoot()
    } catch {
      exit(withError: error)
    }
    do {
      if var command = command as? any AsyncParsableCommand {
        try await command.run()
      } else {
        var command = command
        try command.run()
      }
    } catch {
      CLIFailure.exit(error)
    }
  }
}
