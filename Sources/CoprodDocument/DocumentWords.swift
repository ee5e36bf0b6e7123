// coprod — co-production toolkit. Apache-2.0.

import Foundation

/// The words coprod itself writes around a plugin's blocks — the skip link, the stamp, a
/// chart's description and its table headers — in the report's language. English unless the
/// host fills them from its catalogue (`coprod report --lang`). Each text may hold `{name}`
/// placeholders, filled by ``fill(_:_:)``.
public struct DocumentWords: Sendable, Equatable {
  /// The HTML skip link to the report's main content.
  public var skipLink = "Skip to the report"
  /// The heading of the HTML footer holding the stamp.
  public var about = "About this report"
  /// Introduces the stamp in Markdown (`{report}`: the command, as code).
  public var madeWith = "Made with {report}:"
  /// Introduces the stamp in HTML.
  public var madeWithFrom = "Made with {report} from:"
  /// The workspace state hash line (`{hash}`).
  public var stateHash = "Workspace state hash: {hash}."
  /// The data file line (`{file}`, `{sha256}`).
  public var data = "Data: {file} (sha256 {sha256})."
  /// A plugin line (`{role}`, `{id}`, `{version}`, `{sha256}`).
  public var plugin = "{role} plugin: {id} {version} (sha256 {sha256})."
  /// What each plugin did: report, library, rule.
  public var roles = ["report": "Report", "library": "Library", "rule": "Rule"]
  /// The name of each kind of chart, by ``Chart/Kind`` raw value.
  public var chartKinds = [
    "bar": "Bar chart", "stacked-bar": "Stacked bar chart", "flow": "Round-by-round chart", "timeline": "Timeline", "gauge": "Scale",
  ]
  /// A chart's description after its kind.
  public var chartDescription = "The same numbers are in the table that follows."
  /// A timeline's table header: item, due, done, status.
  public var timelineHeader = ["Commitment", "Due", "Done", "Status"]
  /// The first column of a round-by-round chart's table when the plugin names none.
  public var round = "Round"
  /// The first column of another chart's table when the plugin names none.
  public var category = "Category"
  /// A gauge's table header: marker, step, of.
  public var gaugeHeader = ["Marker", "Step", "Of"]

  /// English.
  public init() {}

  /// `text` with each `{name}` replaced by `values[name]`.
  public static func fill(_ text: String, _ values: [String: String]) -> String {
    values.reduce(text) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
  }
}
