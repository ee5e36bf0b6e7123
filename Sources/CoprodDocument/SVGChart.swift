// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Plot

/// Draws a ``Chart`` as inline SVG: `role="img"`, named by its `title`, described as having
/// its numbers in the table that follows it. Sizes are in viewBox units, so the drawing scales
/// with the page.
enum SVGChart {
  typealias Body = HTMLRenderer.Body

  static let width = 640.0
  static let labelWidth = 190.0
  static let plotX = 200.0
  static let plotWidth = 360.0

  /// The chart's SVG element; `tableID` is the id of its table alternative.
  static func draw(_ chart: Chart, id: String, tableID: String) -> Body {
    let (height, shapes): (Double, [Body])
    switch chart.kind {
    case .bar: (height, shapes) = bars(chart)
    case .stackedBar, .flow: (height, shapes) = stacked(chart)
    case .timeline: (height, shapes) = timeline(chart)
    case .gauge: (height, shapes) = gauge(chart)
    }
    let kind = chart.words.chartKinds[chart.kind.rawValue] ?? chart.kind.rawValue
    let description = "\(kind). \(chart.words.chartDescription)"
    return element("svg", [
      "xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(n(width)) \(n(height))", "role": "img",
      "aria-labelledby": "\(id)-title \(id)-desc", "aria-describedby": tableID, "focusable": "false", "id": id,
      "font-family": "system-ui, Arial, sans-serif", "font-size": "13",
    ], [
      element("title", ["id": "\(id)-title"], [HTMLRenderer.text(chart.title)]),
      element("desc", ["id": "\(id)-desc"], [HTMLRenderer.text(description)]),
    ] + shapes)
  }

  // MARK: Kinds

  static func bars(_ chart: Chart) -> (Double, [Body]) {
    var shapes: [Body] = []
    var y = 10.0
    if chart.series.count > 1 { (y, shapes) = legend(chart.series.map(\.name), top: y) }
    let top = chart.series.flatMap(\.values).compactMap { $0 }.max() ?? 0
    let scale = top > 0 ? plotWidth / top : 0
    for (row, category) in chart.categories.enumerated() {
      let groupHeight = Double(chart.series.count) * 22
      shapes.append(label(category, x: labelWidth, y: y + (groupHeight - 4) / 2, anchor: "end"))
      for (index, series) in chart.series.enumerated() {
        let barY = y + Double(index) * 22
        let value = row < series.values.count ? series.values[row] : 0
        if let value {
          let barWidth = max(value * scale, value > 0 ? 1 : 0)
          shapes.append(rect(x: plotX, y: barY, width: barWidth, height: 18, fill: colour(index)))
          shapes.append(label(Chart.number(value), x: plotX + barWidth + 6, y: barY + 9, anchor: "start"))
        } else {
          shapes.append(label(chart.suppressedText, x: plotX + 6, y: barY + 9, anchor: "start", italic: true))
        }
      }
      y += groupHeight + 10
    }
    shapes.append(line(x1: plotX, y1: 4, x2: plotX, y2: y - 6))
    return (y + 4, shapes)
  }

  static func stacked(_ chart: Chart) -> (Double, [Body]) {
    var shapes: [Body] = []
    var y = 10.0
    let totals = chart.categories.indices.map { row in
      chart.series.reduce(0.0) { $0 + (row < $1.values.count ? ($1.values[row] ?? 0) : 0) }
    }
    let top = totals.max() ?? 0
    let scale = top > 0 ? (plotWidth + 60) / top : 0
    for (row, category) in chart.categories.enumerated() {
      shapes.append(label(category, x: labelWidth, y: y + 14, anchor: "end"))
      var x = plotX
      for (index, series) in chart.series.enumerated() {
        guard row < series.values.count, let value = series.values[row], value > 0 else { continue }
        let segment = value * scale
        shapes.append(rect(x: x, y: y, width: segment, height: 28, fill: colour(index), stroke: "#ffffff"))
        let text = Chart.number(value)
        if segment >= Double(text.count) * 8 + 6 {
          shapes.append(label(text, x: x + segment / 2, y: y + 14, anchor: "middle", fill: "#ffffff"))
        }
        x += segment
      }
      y += 38
    }
    let (bottom, legendShapes) = legend(chart.series.map(\.name), top: y + 4)
    return (bottom + 4, shapes + legendShapes)
  }

  static func timeline(_ chart: Chart) -> (Double, [Body]) {
    let dates = chart.events.flatMap { [$0.due, $0.done] }.compactMap { $0.flatMap(CalendarDate.init) }
    let first = dates.min(), last = dates.max()
    let span = Double(max(first.flatMap { first in last.map { first.days(to: $0) } } ?? 0, 1))
    let plotRight = 500.0
    func x(_ text: String?) -> Double? {
      guard let first, let date = text.flatMap(CalendarDate.init) else { return nil }
      return plotX + Double(first.days(to: date)) / span * (plotRight - plotX)
    }
    var shapes: [Body] = []
    var y = 10.0
    for event in chart.events {
      let colour = HTMLStylesheet.statusColours[event.status] ?? HTMLStylesheet.statusColours["other"]!
      shapes.append(label(event.label, x: labelWidth, y: y + 12, anchor: "end"))
      shapes.append(line(x1: plotX, y1: y + 12, x2: plotRight, y2: y + 12, stroke: "#d0d0d0"))
      let due = x(event.due), done = x(event.done)
      if let due, let done { shapes.append(line(x1: min(due, done), y1: y + 12, x2: max(due, done), y2: y + 12, stroke: colour, width: 3)) }
      if let due { shapes.append(circle(x: due, y: y + 12, fill: "#ffffff", stroke: colour)) }
      if let done { shapes.append(circle(x: done, y: y + 12, fill: colour, stroke: colour)) }
      shapes.append(label(event.status, x: plotRight + 12, y: y + 12, anchor: "start", fill: colour))
      y += 26
    }
    if let first, let last {
      shapes.append(line(x1: plotX, y1: y, x2: plotRight, y2: y))
      shapes.append(label(first.text, x: plotX, y: y + 14, anchor: "start"))
      if last != first { shapes.append(label(last.text, x: plotRight, y: y + 14, anchor: "end")) }
      y += 24
      shapes.append(circle(x: plotX + 6, y: y + 8, fill: "#ffffff", stroke: HTMLStylesheet.text))
      shapes.append(label(chart.words.timelineHeader[1].lowercased(), x: plotX + 16, y: y + 8, anchor: "start"))
      shapes.append(circle(x: plotX + 66, y: y + 8, fill: HTMLStylesheet.text, stroke: HTMLStylesheet.text))
      shapes.append(label(chart.words.timelineHeader[2].lowercased(), x: plotX + 76, y: y + 8, anchor: "start"))
      y += 20
    }
    return (y + 4, shapes)
  }

  static func gauge(_ chart: Chart) -> (Double, [Body]) {
    let steps = max(chart.scale.count, 1)
    let stepWidth = (width - 20) / Double(steps)
    var shapes: [Body] = []
    let marked = Set(chart.markers.map(\.step))
    for (offset, name) in chart.scale.enumerated() {
      let x = 10 + Double(offset) * stepWidth
      let fill = marked.contains(offset + 1) ? "#dde7f0" : "#f3f3f3"
      shapes.append(rect(x: x, y: 10, width: stepWidth - 4, height: 44, fill: fill, stroke: "#767676"))
      shapes.append(label(String(offset + 1), x: x + stepWidth / 2 - 2, y: 24, anchor: "middle", bold: true))
      shapes.append(label(name, x: x + stepWidth / 2 - 2, y: 42, anchor: "middle", size: 10, limit: Int(stepWidth / 6)))
    }
    var y = 64.0
    for (index, marker) in chart.markers.enumerated() {
      let centre = 10 + (Double(marker.step) - 0.5) * stepWidth - 2
      let fill = colour(index)
      shapes.append(element("path", ["d": "M\(n(centre)) \(n(y)) l-8 14 h16 z", "fill": fill], []))
      let text = "\(marker.label): \(marker.step). \(chart.scale[marker.step - 1])"
      let left = centre < width / 2
      shapes.append(label(text, x: centre + (left ? 12 : -12), y: y + 9, anchor: left ? "start" : "end", fill: fill, bold: true, limit: 60))
      y += 24
    }
    return (y + 4, shapes)
  }

  // MARK: Shapes

  static func legend(_ names: [String], top: Double) -> (Double, [Body]) {
    var shapes: [Body] = []
    var y = top
    for (index, name) in names.enumerated() {
      let column = Double(index % 3)
      let x = 10 + column * 210
      shapes.append(rect(x: x, y: y, width: 14, height: 14, fill: colour(index)))
      shapes.append(label(name, x: x + 20, y: y + 7, anchor: "start", limit: 26))
      if index % 3 == 2 || index == names.count - 1 { y += 22 }
    }
    return (y, shapes)
  }

  static func colour(_ index: Int) -> String { HTMLStylesheet.palette[index % HTMLStylesheet.palette.count] }

  static func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil) -> Body {
    var attributes = ["x": n(x), "y": n(y), "width": n(width), "height": n(height), "fill": fill]
    if let stroke { attributes["stroke"] = stroke }
    return element("rect", attributes, [])
  }

  static func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = HTMLStylesheet.muted, width: Double = 1) -> Body {
    element("line", ["x1": n(x1), "y1": n(y1), "x2": n(x2), "y2": n(y2), "stroke": stroke, "stroke-width": n(width)], [])
  }

  static func circle(x: Double, y: Double, fill: String, stroke: String) -> Body {
    element("circle", ["cx": n(x), "cy": n(y), "r": "6", "fill": fill, "stroke": stroke, "stroke-width": "3"], [])
  }

  static func label(
    _ text: String, x: Double, y: Double, anchor: String, fill: String = HTMLStylesheet.text, italic: Bool = false,
    bold: Bool = false, size: Int? = nil, limit: Int = 26
  ) -> Body {
    var attributes = ["x": n(x), "y": n(y), "text-anchor": anchor, "dominant-baseline": "middle", "fill": fill]
    if italic { attributes["font-style"] = "italic" }
    if bold { attributes["font-weight"] = "bold" }
    if let size { attributes["font-size"] = String(size) }
    let shown = text.count > limit ? String(text.prefix(max(limit - 1, 1))) + "…" : text
    return element("text", attributes, [HTMLRenderer.text(shown)])
  }

  static func element(_ name: String, _ attributes: [String: String], _ children: [Body]) -> Body {
    HTMLRenderer.element(name, attributes, children)
  }

  /// A coordinate with at most one decimal.
  static func n(_ value: Double) -> String {
    let tenths = (value * 10).rounded()
    return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
  }
}
