// coprod — co-production toolkit. Apache-2.0.

// MARK: - Manifest

/// The small manifest (`coprod.json`) at the top of a workspace folder.
public struct WorkspaceManifest: Sendable, Hashable, Codable {
  /// Always ``formatName``; tells a coprod workspace from any other JSON file.
  public var format: String
  /// The manifest format version (``currentFormatVersion``).
  public var formatVersion: Int
  /// A human-readable name for the consultation.
  public var name: String
  /// The database file, relative to the workspace folder.
  public var database: String
  /// Privacy settings.
  public var privacy: Privacy
  /// When the workspace was made.
  public var created: Timestamp

  /// The value of ``format``.
  public static let formatName = "coprod-workspace"
  /// The manifest version this build writes.
  public static let currentFormatVersion = 1
  /// The manifest file name.
  public static let fileName = "coprod.json"

  /// Creates a manifest with the default database name and privacy settings.
  public init(name: String, created: Timestamp, privacy: Privacy = Privacy()) {
    self.format = WorkspaceManifest.formatName
    self.formatVersion = WorkspaceManifest.currentFormatVersion
    self.name = name
    self.database = "coprod.sqlite"
    self.privacy = privacy
    self.created = created
  }

  /// Privacy settings of a workspace.
  public struct Privacy: Sendable, Hashable, Codable {
    /// The smallest group size shown in any aggregate by group (k); smaller groups are
    /// suppressed. Default 5.
    public var minimumGroupSize: Int

    /// Creates settings; k defaults to 5.
    public init(minimumGroupSize: Int = 5) {
      self.minimumGroupSize = minimumGroupSize
    }
  }
}

// MARK: - Aggregates

/// A count for one group in an aggregate, or nil when the group is too small to show.
public struct GroupCount: Sendable, Hashable, Codable {
  /// The group's value (a perspective, a language, an equality-monitoring answer).
  public var group: String
  /// The number of people in the group; nil when suppressed.
  public var count: Int?

  /// Creates a group count.
  public init(group: String, count: Int?) {
    self.group = group
    self.count = count
  }

  /// Suppresses small groups: every group with fewer than `k` members is hidden. When that
  /// hides exactly one group, the next smallest is hidden too, so the hidden count cannot be
  /// worked out from the total by subtraction. Groups keep their order by name.
  public static func suppressingSmallGroups(_ counts: [String: Int], k: Int) -> [GroupCount] {
    var hidden = Set(counts.filter { $0.value < k }.map(\.key))
    if hidden.count == 1 {
      let visible = counts.filter { !hidden.contains($0.key) }
      if let next = visible.min(by: { ($0.value, $0.key) < ($1.value, $1.key) }) { hidden.insert(next.key) }
    }
    return counts.keys.sorted().map { GroupCount(group: $0, count: hidden.contains($0) ? nil : counts[$0]) }
  }
}
