// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import CoprodStore
import CoprodTestSupport
import Foundation

// MARK: - Temporary workspaces

/// A temporary folder removed when the test ends.
final class TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-store-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// Writes `text` to `name` inside the folder and returns its path.
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: file)
    return file.path
  }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// A fixed context so that runs are reproducible.
func testContext(_ command: String = "test") -> CommandContext {
  CommandContext(actor: "tester", now: Timestamp("2026-03-01T09:00:00Z")!, commandLine: command)
}

/// Makes a workspace in a fresh folder inside `dir`.
func makeWorkspace(in dir: TemporaryDirectory, name: String = "ws") throws -> Workspace {
  try Workspace.create(at: dir.url.appendingPathComponent(name), name: "test", now: testContext().now)
}

/// The example participants used by several suites (p004 has personal data and a story).
let sampleParticipants = """
  id,name,email,perspectives,access_needs,language,ethnicity
  p001,Amira Khan,amira@example.org,resident;lived experience,step-free access,en,Asian
  p002,Gareth Jones,gareth@example.org,resident;carer,,cy,White
  p003,Sam O'Neill,sam@example.org,staff,,en,White
  p004,Joy Mensah,joy@example.org,lived experience,large print,en,Black
  p005,Dylan Evans,,resident,,cy,White
  p006,Priya Shah,,resident,,en,White
  p007,Tom Baker,,resident,,en,White

  """

let sampleStories = """
  id,author,kind,text,quote
  s001,p001,story,"The repairs team came three times, and nobody said why.",yes
  s002,p004,story,"I couldn't read the letter; the print was tiny.",no
  s003,p002,story,"Nobody answered the phone in Welsh.",yes

  """

