// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodModel
import Foundation
import Yams

// MARK: - Manifest

/// A plugin's `plugin.yaml`: declarative, never executed.
///
/// ```yaml
/// id: org.example.irv
/// name: Instant runoff
/// version: 1.0.0
/// description: Single winner by successive elimination.
/// authors: [Example Council]
/// license: Apache-2.0
/// api_version: 1
/// provides:
///   - { kind: voting-rule, name: irv, entry: rule.lua }
/// translations: i18n        # optional: i18n/en.yaml, i18n/cy.yaml, …
/// ```
public struct PluginManifest: Sendable, Equatable {
  /// Reverse-DNS identifier, e.g. `org.example.irv`.
  public var id: String
  /// Display name.
  public var name: String
  /// Semantic version.
  public var version: SemanticVersion
  /// What the plugin does, in a sentence or two.
  public var description: String
  /// Who wrote it.
  public var authors: [String]
  /// SPDX license expression.
  public var license: String
  /// The Lua API version the plugin was written for.
  public var apiVersion: Int
  /// What the plugin provides.
  public var provides: [Provision]
  /// Permissions the plugin asks for (none by default).
  public var permissions: [Permission]
  /// Typed settings with defaults.
  public var settings: [Setting]
  /// Other plugins whose modules it may `require`, by id, with a version constraint.
  public var dependencies: [Dependency]
  /// Where the plugin's source lives, if published.
  public var repository: String?
  /// The folder, relative to the plugin folder, holding its translations: one
  /// `LANG.yaml` per language (`en.yaml`, `cy.yaml`, …) mapping keys to texts.
  public var translations: String?

  /// One thing a plugin provides.
  public struct Provision: Sendable, Equatable {
    /// session-format, voting-rule or report.
    public var kind: PluginKind
    /// The short name users type, e.g. `irv`.
    public var name: String
    /// The Lua file that returns the definition, relative to the plugin folder.
    public var entry: String
  }

  /// A permission a plugin may ask for; every other kind of access is denied.
  public enum Permission: String, Sendable, Equatable, CaseIterable {
    /// Names and contact details of participants (never given unless granted on the command line).
    case personalData = "personal-data"
    /// Equality-monitoring answers (special category data).
    case equalityData = "equality-data"
    /// Each participant a report sees, by pseudonymous id with perspectives and language,
    /// and the author of contributions not marked anonymous; without it a report sees group
    /// counts with small groups suppressed and indicators computed by coprod.
    case participants
    /// Each session attendee's perspectives, per person (`session:attendee(id)`); without
    /// it a session format sees only suppressed group counts.
    case attendeePerspectives = "attendee-perspectives"
  }

  /// A typed setting, set with `--option key=value`.
  public struct Setting: Sendable, Equatable {
    /// The key.
    public var key: String
    /// string, integer, number or boolean.
    public var type: SettingType
    /// The value used when none is given.
    public var defaultValue: LuaValue
    /// Allowed values, if restricted.
    public var choices: [LuaValue]
    /// What it changes.
    public var description: String?
  }

  /// The type of a setting.
  public enum SettingType: String, Sendable, Equatable, CaseIterable {
    /// Text.
    case string
    /// A whole number.
    case integer
    /// Any number.
    case number
    /// true or false.
    case boolean
  }

  /// A dependency on another plugin.
  public struct Dependency: Sendable, Equatable {
    /// The other plugin's id.
    public var id: String
    /// The versions accepted.
    public var constraint: VersionConstraint
  }

  /// The manifest's file name.
  public static let fileName = "plugin.yaml"

  /// The setting `key`, if declared.
  public func setting(_ key: String) -> Setting? { settings.first { $0.key == key } }
}
