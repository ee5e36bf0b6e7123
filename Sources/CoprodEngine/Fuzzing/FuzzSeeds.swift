// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation

/// The real files each input format is fuzzed from: the repository's examples, bundled
/// plugins and test fixtures, the shared data sets, and for bundles one exported from the
/// example workspace.
public enum FuzzSeeds {
  /// The seeds for `target`.
  ///
  /// - Parameters:
  ///   - repository: the source checkout (examples/, plugins/, Tests/).
  ///   - data: the shared data folder (PrefLib and Pabulib files), if it exists.
  /// - Throws: when no seed file is found or the example bundle cannot be made.
  public static func load(_ target: InputFuzzer.Target, repository: URL, data: URL) throws -> [InputFuzzer.Seed] {
    let extensions: Set<String>
    switch target {
    case .csv: extensions = ["csv"]
    case .preflib: extensions = ["soi", "soc", "toi", "toc", "cat"]
    case .pabulib: extensions = ["pb"]
    case .blt: extensions = ["blt"]
    case .inputs: extensions = ["yaml"]
    case .manifest: return try files(in: [repository.appendingPathComponent("plugins")], named: { $0.lastPathComponent == "plugin.yaml" })
    case .bundle: return [try exampleBundle(repository: repository)]
    }
    let folders = [
      repository.appendingPathComponent(target == .inputs ? "examples/sessions" : "examples/ballots"),
      repository.appendingPathComponent("Tests/CoprodEngineTests/Fixtures"), data,
    ]
    return try files(in: folders, named: { extensions.contains($0.pathExtension.lowercased()) })
  }

  /// Files under `folders` (recursively) that `keep` accepts, smaller than 256 KiB, by path.
  private static func files(in folders: [URL], named keep: (URL) -> Bool) throws -> [InputFuzzer.Seed] {
    var seeds: [InputFuzzer.Seed] = []
    for folder in folders {
      guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey]) else { continue }
      var found: [URL] = []
      for case let url as URL in walker where keep(url) { found.append(url) }
      for url in found.sorted(by: { $0.path < $1.path }) {
        guard let data = FileManager.default.contents(atPath: url.path), data.count < 256 << 10 else { continue }
        seeds.append(InputFuzzer.Seed(name: url.lastPathComponent, bytes: [UInt8](data)))
      }
    }
    guard !seeds.isEmpty else { throw FuzzSeedError(description: "no seed files found under \(folders.map(\.path).joined(separator: ", "))") }
    return seeds
  }

  /// A bundle exported from a workspace holding the example participants and stories.
  private static func exampleBundle(repository: URL) throws -> InputFuzzer.Seed {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-fuzz-seed-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    guard let now = Timestamp("2026-03-01T09:00:00Z") else { preconditionFailure("a fixed, valid timestamp") }
    let workspace = try Workspace.create(at: folder.appendingPathComponent("ws"), name: "Seed", now: now)
    let context = CommandContext(actor: "fuzz", now: now, commandLine: "coprod participants import participants.csv")
    let examples = repository.appendingPathComponent("examples/workspace")
    _ = try ParticipantImport.run(
      path: examples.appendingPathComponent("participants.csv").path, mappings: [], workspace: workspace, context: context, dryRun: false)
    _ = try ContributionImport.run(
      path: examples.appendingPathComponent("stories.csv").path, mappings: [], defaultKind: nil, workspace: workspace, context: context,
      dryRun: false)
    let file = folder.appendingPathComponent("seed.jsonl")
    _ = try WorkspaceBundle.export(workspace, includePersonalData: true, to: file)
    return InputFuzzer.Seed(name: "seed.jsonl", bytes: [UInt8](try Data(contentsOf: file)))
  }
}

/// No seed files to fuzz from.
public struct FuzzSeedError: ReportableError, Equatable {
  /// What is missing.
  public var description: String
}
