// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation

/// Writes a report that produces several files into one folder, all or nothing: the files go
/// into a new temporary folder beside it, which then takes the folder's place in one rename
/// (an existing folder is moved aside first and removed after). On any error nothing
/// half-written is left at the destination.
enum ReportFolder {
  /// The name of the report's document inside the folder, in `format`.
  static func documentName(_ format: ReportFormat) -> String {
    switch format {
    case .markdown: "index.md"
    case .html: "index.html"
    }
  }

  static func write(document: String, named documentName: String, files: [ReportOutput.File], to path: String) throws {
    let destination = URL(fileURLWithPath: path).standardizedFileURL
    let parent = destination.deletingLastPathComponent()
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    let exists = manager.fileExists(atPath: destination.path, isDirectory: &isFolder)
    guard !exists || isFolder.boolValue else {
      throw OutputError(description: "\(path): is a file; this report writes a folder of files, so give --out a folder (new or one it wrote before)")
    }
    let stamp = UUID().uuidString.prefix(8)
    let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).coprod-\(stamp)")
    let aside = parent.appendingPathComponent(".\(destination.lastPathComponent).old-\(stamp)")
    do {
      try manager.createDirectory(at: staging, withIntermediateDirectories: false)
      try Data(document.utf8).write(to: staging.appendingPathComponent(documentName))
      for file in files { try file.bytes.write(to: staging.appendingPathComponent(file.name)) }
      if exists { try manager.moveItem(at: destination, to: aside) }
      do {
        try manager.moveItem(at: staging, to: destination)
      } catch {
        if exists { try? manager.moveItem(at: aside, to: destination) }
        throw error
      }
      if exists { try? manager.removeItem(at: aside) }
    } catch {
      try? manager.removeItem(at: staging)
      throw OutputError(description: "\(path): cannot write the report's files (\(error.localizedDescription)); check the parent folder exists and is writable")
    }
  }
}
