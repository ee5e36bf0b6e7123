// coprod — co-production toolkit. Apache-2.0.

import ArgumentParser
import CoprodEngine
import CoprodLua
import CoprodPlugins
import Foundation
import Logging

/// Where plugins are discovered: bundled, user, workspace, then `--plugins-dir`.
struct PluginLocationOptions: ParsableArguments {
  @Option(name: .customLong("plugins-dir"), help: ArgumentHelp("Also discover plugins in DIR (repeatable; later ones shadow earlier ones).", valueName: "DIR"))
  var pluginDirectories: [String] = []

  @Option(name: .customLong("workspace"), help: ArgumentHelp("The workspace whose plugins/ folder is searched (default: the current directory).", valueName: "DIR"))
  var workspace: String?

  /// Discovers plugins from the standard sources.
  /// - Throws: ``OutputError`` when a `--plugins-dir` is not a folder, so a mistyped path is
  ///   not silently ignored.
  func catalog() throws -> PluginCatalog {
    for directory in pluginDirectories {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
        throw OutputError(description: "--plugins-dir \(directory): no such folder; give a folder that holds plugin folders")
      }
    }
    let workspaceFolder = URL(fileURLWithPath: workspace ?? FileManager.default.currentDirectoryPath)
    return PluginCatalog.discover(PluginSource.standard(
      workspace: workspaceFolder, pluginDirectories: pluginDirectories.map { URL(fileURLWithPath: $0) }))
  }
}

/// `--max-memory`, `--max-instructions`, `--timeout`.
struct LimitOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Memory cap for the plugin, e.g. 256M or 2G (default 512M, host maximum 8G).", valueName: "SIZE"))
  var maxMemory: String?

  @Option(help: ArgumentHelp("Lua instruction budget (default 2000000000, host maximum 200000000000).", valueName: "N"))
  var maxInstructions: String?

  @Option(help: ArgumentHelp("Wall-clock limit in seconds (default 60, host maximum 3600).", valueName: "SECONDS"))
  var timeout: String?

  /// The limits asked for, checked against the host maximum.
  func limits() throws -> LuaLimits {
    try LuaLimits.default.overriding(memory: maxMemory, instructions: maxInstructions, timeout: timeout)
  }
}

/// The logger plugins' `print` and `warn` write to (standard error).
enum CLILog {
  static let logger: Logger = {
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = ProcessInfo.processInfo.environment["COPROD_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
      return handler
    }
    return Logger(label: "coprod")
  }()
}

/// Writes `text` to `path` atomically (a temporary file renamed into place), or to standard
/// output when `path` is nil — so a failed command never leaves a half-written file.
func writeOutput(_ text: String, to path: String?) throws {
  guard let path else {
    FileHandle.standardOutput.write(Data(text.utf8))
    return
  }
  do {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
  } catch {
    throw OutputError(description: "\(path): cannot write the output (\(error.localizedDescription)); check the folder exists and is writable")
  }
}

/// A command-line input or output that cannot be used.
struct OutputError: ReportableError {
  var description: String
}
