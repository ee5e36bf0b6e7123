// coprod — co-production toolkit. Apache-2.0.

import Foundation

/// coprod's own automated checks of an HTML report against the WCAG 2.2 AA rules the reports
/// promise: the page language, one `h1` and headings in order, header/main/footer landmarks,
/// tables with a caption and scoped header cells, every SVG chart an image with an accessible
/// name and a table alternative, images with text alternatives, the contrast of the colours
/// charts draw with, a reflowing layout (viewport, no fixed pixel widths), a print stylesheet,
/// and no network requests.
public enum HTMLAccessibility {
  /// One element of the page.
  public final class Element {
    public let name: String
    public let attributes: [String: String]
    public var children: [Element] = []
    public var text = ""
    public weak var parent: Element?

    init(name: String, attributes: [String: String], parent: Element?) {
      self.name = name
      self.attributes = attributes
      self.parent = parent
    }

    /// This element and all below it, in document order.
    public var all: [Element] { [self] + children.flatMap(\.all) }
    /// The text inside, all levels.
    public var allText: String { text + children.map(\.allText).joined() }
  }

  static let void: Set<String> = ["meta", "img", "br", "hr", "link", "input", "source"]

  /// Parses the page into a tree (our own output: well-formed, attributes double-quoted).
  public static func parse(_ html: String) -> Element {
    let root = Element(name: "#root", attributes: [:], parent: nil)
    var current = root
    let tag = try! NSRegularExpression(pattern: #"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*(/?)>"#)
    let attribute = try! NSRegularExpression(pattern: #"([^\s=>/]+)(?:="([^"]*)")?"#)
    let text = html as NSString
    var position = 0
    for match in tag.matches(in: html, range: NSRange(location: 0, length: text.length)) {
      if match.range.location < position { continue }
      current.text += text.substring(with: NSRange(location: position, length: match.range.location - position))
      position = match.range.location + match.range.length
      let closing = text.substring(with: match.range(at: 1)) == "/"
      let name = text.substring(with: match.range(at: 2)).lowercased()
      if closing {
        var node: Element? = current
        while let candidate = node, candidate.name != name { node = candidate.parent }
        current = node?.parent ?? current
        continue
      }
      var attributes: [String: String] = [:]
      let list = text.substring(with: match.range(at: 3))
      for item in attribute.matches(in: list, range: NSRange(location: 0, length: (list as NSString).length)) {
        let key = (list as NSString).substring(with: item.range(at: 1)).lowercased()
        let value = item.range(at: 2).location == NSNotFound ? "" : (list as NSString).substring(with: item.range(at: 2))
        attributes[key] = value
      }
      let element = Element(name: name, attributes: attributes, parent: current)
      current.children.append(element)
      if name == "style" || name == "script" {
        let end = text.range(of: "</\(name)>", options: .caseInsensitive, range: NSRange(location: position, length: text.length - position))
        let stop = end.location == NSNotFound ? text.length : end.location
        element.text = text.substring(with: NSRange(location: position, length: stop - position))
        position = end.location == NSNotFound ? text.length : end.location + end.length
      } else if !void.contains(name) && text.substring(with: match.range(at: 4)) != "/" {
        current = element
      }
    }
    return root
  }

  /// What breaks the rules, one line each; empty when the page passes.
  public static func problems(_ html: String) -> [String] {
    var problems: [String] = []
    let root = parse(html)
    let all = root.all
    func named(_ name: String) -> [Element] { all.filter { $0.name == name } }
    let ids = Dictionary(all.compactMap { e in e.attributes["id"].map { ($0, e) } }, uniquingKeysWith: { first, _ in first })

    if (named("html").first?.attributes["lang"] ?? "").isEmpty { problems.append("html: no lang attribute") }
    if named("title").first.map({ $0.allText.isEmpty }) ?? true { problems.append("head: no title") }
    if !named("meta").contains(where: { $0.attributes["name"] == "viewport" }) { problems.append("head: no viewport meta (no reflow on phones)") }

    let headings = all.filter { $0.name.count == 2 && $0.name.hasPrefix("h") && Int($0.name.dropFirst()) != nil }
    let h1s = headings.filter { $0.name == "h1" }.count
    if h1s != 1 { problems.append("headings: \(h1s) h1 elements, expected exactly 1") }
    var previous = 0
    for heading in headings {
      let level = Int(heading.name.dropFirst())!
      if level > previous + 1 { problems.append("headings: h\(level) '\(heading.allText)' follows h\(previous)") }
      if heading.allText.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("headings: an empty \(heading.name)") }
      previous = level
    }

    for landmark in ["header", "main", "footer"] where named(landmark).count != 1 {
      problems.append("landmarks: \(named(landmark).count) \(landmark) elements, expected 1")
    }
    if let main = named("main").first, main.all.contains(where: { $0.name == "header" || $0.name == "footer" }) {
      problems.append("landmarks: header or footer inside main")
    }

    for (offset, table) in named("table").enumerated() {
      let place = "table \(offset + 1)"
      if table.children.first?.name != "caption" || table.children.first!.allText.isEmpty { problems.append("\(place): no caption") }
      let cells = table.all.filter { $0.name == "th" }
      if cells.isEmpty { problems.append("\(place): no header cells") }
      for cell in cells where !["col", "row", "colgroup", "rowgroup"].contains(cell.attributes["scope"] ?? "") {
        problems.append("\(place): th '\(cell.allText)' without scope")
      }
    }

    for (offset, svg) in named("svg").enumerated() {
      let place = "svg \(offset + 1)"
      if svg.attributes["role"] != "img" { problems.append("\(place): role is not img") }
      let name = (svg.attributes["aria-labelledby"] ?? "").split(separator: " ").compactMap { ids[String($0)]?.allText }.joined()
      if name.trimmingCharacters(in: .whitespaces).isEmpty && (svg.attributes["aria-label"] ?? "").isEmpty {
        problems.append("\(place): no accessible name")
      }
      if svg.attributes["width"] != nil || svg.attributes["viewbox"] == nil { problems.append("\(place): fixed size instead of a viewBox") }
      let described = (svg.attributes["aria-describedby"] ?? "").split(separator: " ").compactMap { ids[String($0)] }
      if !described.contains(where: { $0.name == "table" }) || svg.parent.map({ !$0.all.contains { $0.name == "table" } }) ?? true {
        problems.append("\(place): no table alternative beside it")
      }
      for shape in svg.all {
        guard let fill = shape.attributes["fill"], fill.hasPrefix("#") else { continue }
        if shape.name == "text" {
          if fill != "#ffffff" && contrast(fill, "#ffffff") < 4.5 { problems.append("\(place): text colour \(fill) below 4.5:1") }
        } else if let stroke = shape.attributes["stroke"], stroke != "#ffffff" {
          if contrast(stroke, "#ffffff") < 3 { problems.append("\(place): outline colour \(stroke) below 3:1") }
        } else if fill != "#ffffff" && contrast(fill, "#ffffff") < 4.5 {
          problems.append("\(place): fill colour \(fill) below 4.5:1 (white labels on it)")
        }
      }
    }

    for image in named("img") where image.attributes["alt"] == nil { problems.append("img: no alt attribute") }
    for element in all {
      for key in ["src", "href"] {
        if let value = element.attributes[key], value.contains("//") { problems.append("network: \(element.name) \(key)=\(value.prefix(40))") }
      }
      if element.name == "script" || element.name == "link" || element.name == "iframe" { problems.append("network: a \(element.name) element") }
    }
    let css = named("style").map(\.text).joined()
    if !css.contains("@media print") { problems.append("css: no print stylesheet") }
    if css.range(of: #"(^|[^-])width:\s*\d+px"#, options: .regularExpression) != nil { problems.append("css: a fixed pixel width") }
    if css.contains("@import") || css.range(of: #"url\(\s*['"]?(https?:)?//"#, options: .regularExpression) != nil {
      problems.append("network: the stylesheet fetches something")
    }
    return problems
  }

  /// The WCAG contrast ratio of two `#rrggbb` colours.
  public static func contrast(_ first: String, _ second: String) -> Double {
    func luminance(_ hex: String) -> Double {
      let value = Int(hex.dropFirst(), radix: 16) ?? 0
      let channels = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff].map { channel -> Double in
        let c = Double(channel) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
      }
      return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    }
    let (a, b) = (luminance(first), luminance(second))
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)
  }
}
