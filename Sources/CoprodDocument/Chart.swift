// coprod — co-production toolkit. Apache-2.0.

import Foundation

/// A chart a plugin asks the host to draw (`doc:chart { … }`), with the numbers it shows.
///
/// Every chart also has a table alternative (``table``): HTML shows it beside the drawing,
/// Markdown shows only the table.
public struct Chart: Sendable, Equatable {
  /// The kinds of chart the host draws.
  public enum Kind: String, Sendable, CaseIterable {
    /// One bar per category and series.
    case bar
    /// One bar per category, its series stacked (e.g. each group's share).
    case stackedBar = "stacked-bar"
    /// A ranked count round by round: one stacked bar per round, one segment per option.
    case flow
    /// Commitments on a time line: due, done, overdue.
    case timeline
    /// A ladder or spectrum with markers (declared against evidenced).
    case gauge
  }

  /// A named row of values, one per category; nil is a count the host suppressed.
  public struct Series: Sendable, Equatable {
    /// The series name (legend entry).
    public var name: String
    /// One value per category; nil when suppressed as a small group.
    public var values: [Double?]

    /// Creates a series.
    public init(name: String, values: [Double?]) {
      self.name = name
      self.values = values
    }
  }

  /// An item on a timeline.
  public struct Event: Sendable, Equatable {
    /// What was promised.
    public var label: String
    /// When it is due (YYYY-MM-DD), if a date was set.
    public var due: String?
    /// When it was done (YYYY-MM-DD), if it was.
    public var done: String?
    /// Its status in words (e.g. "done", "overdue", "planned").
    public var status: String

    /// Creates an event.
    public init(label: String, due: String?, done: String?, status: String) {
      self.label = label
      self.due = due
      self.done = done
      self.status = status
    }
  }

  /// A marker on a gauge: a label and the step (1-based) it points at.
  public struct Marker: Sendable, Equatable {
    /// What the marker shows (e.g. "Declared").
    public var label: String
    /// The step of `scale`, 1-based.
    public var step: Int

    /// Creates a marker.
    public init(label: String, step: Int) {
      self.label = label
      self.step = step
    }
  }

  /// The kind of chart.
  public var kind: Kind
  /// The title (the accessible name and the table caption).
  public var title: String
  /// What the categories are (the first column of the table).
  public var label: String
  /// Categories (bars, or rounds for a flow).
  public var categories: [String]
  /// Series of values (bar, stacked-bar, flow).
  public var series: [Series]
  /// What the values are (e.g. "people", "%"), shown in the table header.
  public var unit: String?
  /// The text standing for a suppressed value.
  public var suppressedText: String
  /// The words of its description and table headers, in the report's language.
  public var words = DocumentWords()
  /// Timeline items.
  public var events: [Event]
  /// Gauge steps, lowest first.
  public var scale: [String]
  /// Gauge markers.
  public var markers: [Marker]

  /// Creates a chart.
  public init(
    kind: Kind, title: String, label: String = "Category", categories: [String] = [], series: [Series] = [], unit: String? = nil,
    suppressedText: String = "suppressed", events: [Event] = [], scale: [String] = [], markers: [Marker] = []
  ) {
    self.kind = kind
    self.title = title
    self.label = label
    self.categories = categories
    self.series = series
    self.unit = unit
    self.suppressedText = suppressedText
    self.events = events
    self.scale = scale
    self.markers = markers
  }

  /// The chart's numbers as a table: the text alternative HTML shows beside the drawing and
  /// the only form Markdown shows.
  public var table: Table {
    switch kind {
    case .bar, .stackedBar, .flow:
      let header = [label] + series.map { series in unit.map { "\(series.name) (\($0))" } ?? series.name }
      let rows = categories.enumerated().map { offset, category in
        [category] + series.map { series in
          offset < series.values.count ? (series.values[offset].map(Self.number) ?? suppressedText) : "-"
        }
      }
      return Table(header: header, rows: rows, caption: title)
    case .timeline:
      return Table(
        header: words.timelineHeader,
        rows: events.map { [$0.label, $0.due ?? "-", $0.done ?? "-", $0.status] }, caption: title)
    case .gauge:
      return Table(
        header: words.gaugeHeader,
        rows: markers.map { [$0.label, "\($0.step). \(scale[$0.step - 1])", String(scale.count)] }, caption: title)
    }
  }

  /// A number as the table and the drawing print it: whole numbers without a decimal point,
  /// others with up to two decimals.
  public static func number(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    var text = String(format: "%.2f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }
}
