// coprod — co-production toolkit. Apache-2.0.

// MARK: - Plugin reference

/// The exact plugin that shaped a session or made a decision: id, version and content hash,
/// so that anyone can re-run it and get the same result.
public struct PluginReference: Sendable, Hashable, Codable {
  /// The plugin id (`story-circle`, `irv`).
  public var id: String
  /// Its version as declared in its manifest.
  public var version: String
  /// The sha256 of its files, hex-encoded.
  public var hash: String

  /// Creates a reference.
  public init(id: String, version: String, hash: String) {
    self.id = id
    self.version = version
    self.hash = hash
  }
}

// MARK: - Session

/// A meeting or online round run with a session-format plugin.
public struct Session: Sendable, Hashable, Codable {
  /// The session id.
  public var id: String
  /// The session-format plugin it followed.
  public var format: PluginReference
  /// The day it took place.
  public var held: CalendarDate?
  /// Its stages, in order.
  public var stages: [Stage]
  /// The groups (tables) people sat in.
  public var groups: [Group]

  /// Creates a session.
  public init(id: String, format: PluginReference, held: CalendarDate? = nil, stages: [Stage] = [], groups: [Group] = []) {
    self.id = id
    self.format = format
    self.held = held
    self.stages = stages
    self.groups = groups
  }

  /// One stage of a session.
  public struct Stage: Sendable, Hashable, Codable {
    /// The stage id from the format (`stories`, `themes`).
    public var id: String
    /// The prompt read out.
    public var prompt: String?
    /// Planned length in minutes.
    public var minutes: Int?
    /// What the stage captures, if anything.
    public var captures: ContributionKind?

    /// Creates a stage.
    public init(id: String, prompt: String? = nil, minutes: Int? = nil, captures: ContributionKind? = nil) {
      self.id = id
      self.prompt = prompt
      self.minutes = minutes
      self.captures = captures
    }
  }

  /// A group of participants working together in a session.
  public struct Group: Sendable, Hashable, Codable {
    /// The group's name or number.
    public var id: String
    /// Pseudonymous ids of its members.
    public var members: [String]

    /// Creates a group.
    public init(id: String, members: [String]) {
      self.id = id
      self.members = members
    }
  }
}
