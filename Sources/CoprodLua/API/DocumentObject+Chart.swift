// coprod — co-production toolkit. Apache-2.0.

import CLua
import CoprodDocument
import CoprodModel

/// `doc:chart` and table captions: charts the host draws from numbers the plugin gives.
extension DocumentObject {
  /// The documented chart entries (part of docs/lua-api.md § doc).
  static let chartReference: [LuaAPIEntry] = [
    .init(
      "doc:table { columns = { … }, rows = { … }, caption = text }", "",
      "A table with a caption saying what it shows. HTML output uses the nearest heading above a table without one."),
    .init(
      "doc:chart { kind = \"bar\" | \"stacked-bar\" | \"flow\", title = text, categories = { … }, series = { { name = text, values = { … } }, … } [, label = text] [, unit = text] [, counts = true] }",
      "",
      "A chart the host draws (inline SVG in HTML) with its numbers as a table beside it; Markdown shows only the table. Values are numbers from 0 to 2^53 (or `false` for a value the data hides); anything else stops the report naming the value. `bar`: a bar per category and series; `stacked-bar`: a bar per category with the series stacked (e.g. each group's share of people and of contributions); `flow`: a ranked count round by round (categories are the rounds, series the options). Each series has one number per category, or `false` for a count the data already withholds (a small group). `label` heads the categories' column of the table (default `Category`, `Round` for a flow); `unit` follows each series name there. `counts = true` says the values count people: in a workspace report, a value from 1 to k − 1 is suppressed as in `doc:table`; without it, a category naming a small group beside such a number is refused."),
    .init(
      "doc:chart { kind = \"timeline\", title = text, items = { { label = text, due = \"YYYY-MM-DD\", done = \"YYYY-MM-DD\", status = text }, … } }",
      "",
      "Commitments on a time line: a hollow marker when due, a filled one when done, coloured and labelled by `status` (`done`, `overdue` or any other word). `due` and `done` may be left out."),
    .init(
      "doc:chart { kind = \"gauge\", title = text, scale = { step, … }, markers = { { label = text, step = n }, … } }",
      "",
      "A ladder or spectrum (`scale`, lowest step first) with markers pointing at steps 1 to #scale, e.g. the rung declared against the rung evidenced."),
  ]

  /// The chart method, keyed by name.
  static func chartMethods(_ builder: DocumentBuilder) -> [String: (LuaStack) throws(LuaCallError) -> Int32] {
    [
      "chart": { stack throws(LuaCallError) in
        guard stack.type(at: 2) == LUA_TTABLE else {
          throw LuaCallError("bad argument #1 to 'chart' (table expected, got \(stack.typeName(at: 2)))")
        }
        let table: LuaTable
        do throws(LuaReadError) {
          table = try stack.value(at: 2).tableValue ?? LuaTable()
        } catch {
          throw LuaCallError("doc:chart: \(error.problem)")
        }
        try builder.add(.chart(try chart(table, builder: builder)), from: "doc:chart")
        return 0
      }
    ]
  }

  /// Reads and checks a chart's table, suppressing small counts.
  static func chart(_ table: LuaTable, builder: DocumentBuilder) throws(LuaCallError) -> Chart {
    let kinds = Chart.Kind.allCases.map(\.rawValue).joined(separator: ", ")
    guard let name = table["kind"].stringValue, let kind = Chart.Kind(rawValue: name) else {
      throw LuaCallError("doc:chart: kind must be one of \(kinds)")
    }
    guard let title = table["title"].stringValue, !title.isEmpty else {
      throw LuaCallError("doc:chart: title must be a non-empty string (it names the chart for screen readers)")
    }
    let words = HostText.documentWords(builder.localizer.language)
    var chart = Chart(
      kind: kind, title: title, label: try optionalText(table["label"], "doc:chart: label") ?? (kind == .flow ? words.round : words.category),
      unit: try optionalText(table["unit"], "doc:chart: unit"))
    chart.words = words
    switch kind {
    case .bar, .stackedBar, .flow:
      chart.categories = try strings(table["categories"], "categories")
      guard case .table(let list) = table["series"], !list.array.isEmpty else {
        throw LuaCallError("doc:chart: series must be a non-empty list of { name = text, values = { … } }")
      }
      for (offset, item) in list.array.enumerated() {
        let place = "series[\(offset + 1)]"
        guard let seriesName = item.tableValue?["name"].stringValue else { throw LuaCallError("doc:chart: \(place).name must be a string") }
        guard let values = item.tableValue?["values"].tableValue?.array, values.count == chart.categories.count,
          values.allSatisfy({ $0.doubleValue != nil || $0 == .boolean(false) })
        else {
          throw LuaCallError("doc:chart: \(place).values must be a list of \(chart.categories.count) numbers, one per category")
        }
        for (index, value) in values.enumerated() {
          guard let number = value.doubleValue else { continue }
          guard number.isFinite, (0...Self.largestExactValue).contains(number) else {
            throw LuaCallError(
              "doc:chart: \(place).values[\(index + 1)] is \(Self.text(of: value)); a chart draws whole or decimal numbers from 0 to 2^53 (9007199254740992)")
          }
        }
        chart.series.append(Chart.Series(name: seriesName, values: values.map(\.doubleValue)))
      }
      if let privacy = builder.privacy { try suppress(&chart, table["counts"], privacy: privacy, builder: builder) }
    case .timeline:
      guard case .table(let list) = table["items"], list.fields.isEmpty else {
        throw LuaCallError("doc:chart: items must be a list of { label = text, due = date, done = date, status = text }")
      }
      for (offset, item) in list.array.enumerated() {
        let place = "doc:chart: items[\(offset + 1)]"
        guard let fields = item.tableValue, let label = fields["label"].stringValue, let status = fields["status"].stringValue else {
          throw LuaCallError("\(place) must have a label and a status (strings)")
        }
        let due = try date(fields["due"], "\(place).due"), done = try date(fields["done"], "\(place).done")
        chart.events.append(Chart.Event(label: label, due: due, done: done, status: status))
      }
    case .gauge:
      chart.scale = try strings(table["scale"], "scale")
      guard case .table(let list) = table["markers"], list.fields.isEmpty else {
        throw LuaCallError("doc:chart: markers must be a list of { label = text, step = n }")
      }
      for (offset, item) in list.array.enumerated() {
        guard let fields = item.tableValue, let label = fields["label"].stringValue, let step = fields["step"].integerValue,
          (1...Int64(chart.scale.count)).contains(step)
        else {
          throw LuaCallError("doc:chart: markers[\(offset + 1)] must have a label and a step from 1 to \(chart.scale.count)")
        }
        chart.markers.append(Chart.Marker(label: label, step: Int(step)))
      }
    }
    return chart
  }

  /// A number as the plugin gave it, for an error message.
  static func text(of value: LuaValue) -> String {
    switch value {
    case .integer(let number): String(number)
    case .number(let number): String(number)
    default: value.typeName
    }
  }

  /// The largest value a chart draws: beyond 2^53 a number loses whole units as a Double.
  static let largestExactValue = 9_007_199_254_740_992.0

  /// Applies the workspace's group-size rule to a chart's values, as `doc:table` does.
  static func suppress(_ chart: inout Chart, _ counts: LuaValue, privacy: DocumentPrivacy, builder: DocumentBuilder) throws(LuaCallError) {
    chart.suppressedText = privacy.suppressedText(in: builder.localizer.language)
    guard case .boolean(true) = counts else {
      for (row, category) in chart.categories.enumerated() {
        let cells: [LuaValue] = [.string(category)] + chart.series.map { series in
          series.values[row].map { $0 == $0.rounded() && abs($0) < 1e15 ? LuaValue.integer(Int64($0)) : .number($0) } ?? .nil
        }
        try privacy.checkUndeclared(cells, at: "doc:chart: categories[\(row + 1)]", declare: "that the values count people (counts = true)")
      }
      return
    }
    for index in chart.series.indices {
      for row in chart.series[index].values.indices {
        if let value = chart.series[index].values[row], privacy.isSmallCount(.number(value)) {
          chart.series[index].values[row] = nil
          builder.noteSuppressed()
        }
      }
    }
  }

  static func strings(_ value: LuaValue, _ field: String) throws(LuaCallError) -> [String] {
    guard case .table(let list) = value, list.fields.isEmpty, !list.array.isEmpty else {
      throw LuaCallError("doc:chart: \(field) must be a non-empty list of strings")
    }
    var result: [String] = []
    for (offset, item) in list.array.enumerated() {
      guard let text = item.stringValue else { throw LuaCallError("doc:chart: \(field)[\(offset + 1)] must be a string, got \(item.typeName)") }
      result.append(text)
    }
    return result
  }

  static func date(_ value: LuaValue, _ place: String) throws(LuaCallError) -> String? {
    if case .nil = value { return nil }
    guard let date = value.stringValue.flatMap(CalendarDate.init) else { throw LuaCallError("\(place) must be \(CalendarDate.shape)") }
    return date.text
  }

  /// A string field that may be left out.
  static func optionalText(_ value: LuaValue, _ place: String) throws(LuaCallError) -> String? {
    switch value {
    case .nil: return nil
    case .string(let text): return text
    default: throw LuaCallError("\(place) must be a string, got \(value.typeName)")
    }
  }
}
