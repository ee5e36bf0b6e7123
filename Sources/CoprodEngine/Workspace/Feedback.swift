// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import CoprodPlugins
import CoprodStore
import Foundation

// MARK: - Request

/// What `coprod feedback record` was given, as typed.
public struct FeedbackRequest: Sendable, Hashable {
  /// The title of what was published.
  public var title: String
  /// Where it was published (a URL, a newsletter, a meeting).
  public var channel: String
  /// The day it was published (default: today).
  public var date: CalendarDate?
  /// The published document, whose SHA-256 is kept.
  public var file: String?
  /// The id (default: the next free `f1`, `f2`, …).
  public var id: String?

  /// Creates a request.
  public init(title: String, channel: String, date: CalendarDate? = nil, file: String? = nil, id: String? = nil) {
    self.title = title
    self.channel = channel
    self.date = date
    self.file = file
    self.id = id
  }
}

// MARK: - Operation

extension WorkspaceOperations {
  /// The prefix of default feedback ids (`f1`, `f2`, …).
  public static let feedbackPrefix = "f"

  /// Records that feedback was published ("closing the loop"): on which day, where, and the
  /// decisions and commitments it covered: all those recorded at that moment, except decisions
  /// dated after the publication day (feedback cannot report what was not yet decided).
  /// With a file, keeps the SHA-256 of the published document.
  /// - Throws: ``WorkspaceError`` naming the option or file when a value is empty or taken,
  ///   or the file cannot be read; nothing is written then.
  public static func recordFeedback(
    _ request: FeedbackRequest, workspace: Workspace, context: CommandContext
  ) throws -> FeedbackPublication {
    let title = try required(request.title, "--title")
    let channel = try required(request.channel, "--channel")
    try checkID(request.id)
    let sha256 = try request.file.map { path in
      guard let data = FileManager.default.contents(atPath: path) else {
        throw WorkspaceError.unreadable(path, FileManager.default.fileExists(atPath: path) ? "not a readable file" : "no such file")
      }
      return PluginLoader.sha256(of: data)
    }
    return try workspace.store.write(context.info, dryRun: false) { writer in
      let taken = try writer.feedback().map(\.id)
      let published = request.date ?? context.now.date
      let covered = try writer.decisions().filter { ($0.decided ?? published) <= published }
      let publication = FeedbackPublication(
        id: try newID(request.id, prefix: feedbackPrefix, taken: taken, what: "feedback"), title: title,
        published: published, channel: channel, decisionIDs: covered.map(\.id),
        commitmentIDs: try writer.commitments().map(\.id), sha256: sha256)
      try writer.record(.feedbackPublished(publication))
      return publication
    }
  }
}

// MARK: - Plain text

/// Feedback publications as `coprod feedback …` prints them.
public enum FeedbackText {
  /// One line for `coprod feedback record`.
  public static func recorded(_ publication: FeedbackPublication) -> String {
    let file = publication.sha256.map { "; sha256 \($0)" } ?? ""
    return "recorded feedback \(publication.id): \"\(publication.title)\" published \(publication.published) in \(publication.channel); covers \(covers(publication))\(file)"
  }

  /// `N decisions and M commitments`.
  public static func covers(_ publication: FeedbackPublication) -> String {
    func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
    return "\(count(publication.decisionIDs.count, "decision")) and \(count(publication.commitmentIDs.count, "commitment"))"
  }

  /// The tab-separated table of `coprod feedback list`, ending with a newline.
  public static func list(_ publications: [FeedbackPublication]) -> String {
    guard !publications.isEmpty else {
      return "no feedback published yet; record it with `coprod feedback record --title TEXT --channel WHERE`\n"
    }
    func ids(_ list: [String]) -> String { list.isEmpty ? "-" : list.joined(separator: ", ") }
    let rows = publications.map { f in
      [f.id, f.published.text, f.channel, f.title, ids(f.decisionIDs), ids(f.commitmentIDs), f.sha256 ?? "-"]
    }
    return FollowThroughText.table(["id", "published", "channel", "title", "decisions", "commitments", "sha256"], rows)
  }
}
