// coprod — co-production toolkit. Apache-2.0.

import Plot

/// How an HTML report looks: the council's own stylesheet and logo, both inlined so the file
/// makes no network request.
public struct HTMLStyle: Sendable, Equatable {
  /// CSS added after coprod's own stylesheet.
  public var stylesheet: String?
  /// The logo as a `data:` URI.
  public var logoDataURI: String?
  /// The logo's text alternative.
  public var logoAlt: String
  /// The page language (BCP 47, e.g. `en`, `cy`).
  public var language: String

  /// Creates a style.
  public init(stylesheet: String? = nil, logoDataURI: String? = nil, logoAlt: String = "Logo", language: String = "en") {
    self.stylesheet = stylesheet
    self.logoDataURI = logoDataURI
    self.logoAlt = logoAlt
    self.language = language
  }
}

/// Renders a ``Document`` as one self-contained, accessible HTML page (WCAG 2.2 AA): the
/// language set, one `h1` and headings in order, header/main/footer landmarks, tables with
/// captions and header cells, every chart an inline SVG with an accessible name and its
/// numbers in a table beside it. Everything from the plugin is escaped.
public enum HTMLRenderer {
  typealias Body = Node<HTML.BodyContext>

  /// The page as HTML text.
  public static func render(_ document: Document, name: String, style: HTMLStyle = HTMLStyle()) -> String {
    var state = State()
    var main: [Body] = []
    if document.title == nil { main.append(state.heading(1, name)) }
    var lastHeading = document.title ?? name
    for block in document.blocks {
      if case .heading(_, let text) = block { lastHeading = text }
      main.append(state.block(block, caption: lastHeading))
    }
    var header: [Body] = []
    if let logo = style.logoDataURI {
      header.append(element("img", ["class": "logo", "src": logo, "alt": style.logoAlt], []))
    }
    header.append(element("p", ["class": "report-name"], [text(name)]))
    var footer: [Body] = []
    if let stamp = document.stamp {
      footer.append(element("h2", [:], [text(document.words.about)]))
      footer.append(element("p", [:], inline(DocumentWords.fill(document.words.madeWithFrom, ["report": "`coprod report \(stamp.report)`"]))))
      footer.append(element("ul", ["class": "stamp"], stamp.lines(document.words).map { element("li", [:], [text($0)]) }))
    }
    let css = HTMLStylesheet.base + (style.stylesheet.map { "\n/* the council's stylesheet */\n" + $0 } ?? "")
    let page = HTML(
      .attribute(named: "lang", value: escape(style.language)),
      .head(
        .meta(.charset(.utf8)),
        .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
        .meta(.name("generator"), .content("coprod")),
        .element(named: "title", nodes: [.raw(escape(document.title ?? name))]),
        .element(named: "style", nodes: [.raw(css)])
      ),
      .body(
        element("a", ["class": "skip", "href": "#main"], [text(document.words.skipLink)]),
        element("header", [:], header),
        element("main", ["id": "main"], main),
        element("footer", [:], footer)
      )
    )
    return page.render() + "\n"
  }

  /// Numbers headings in order (one `h1`, no level skipped) and gives tables and charts ids.
  struct State {
    var previousLevel = 0
    var sawTitle = false
    var tables = 0
    var charts = 0

    mutating func heading(_ requested: Int, _ text: String) -> Body {
      var level = max(1, min(requested, previousLevel + 1))
      if level == 1 {
        if sawTitle { level = 2 } else { sawTitle = true }
      }
      previousLevel = level
      return element("h\(level)", [:], inline(text))
    }

    mutating func block(_ block: Block, caption: String) -> Body {
      switch block {
      case .heading(let level, let text): return heading(level, text)
      case .paragraph(let text): return element("p", [:], inline(text))
      case .note(let text): return element("p", ["class": "note"], inline(text))
      case .quote(let text):
        return element("blockquote", [:], text.split(separator: "\n").map { element("p", [:], inline(String($0))) })
      case .list(let items, let ordered):
        return element(ordered ? "ol" : "ul", [:], items.map { element("li", [:], inline($0)) })
      case .table(var table):
        if table.caption == nil { table.caption = caption }
        return self.table(table, className: nil)
      case .chart(let chart):
        charts += 1
        let id = "chart-\(charts)"
        let data = self.table(chart.table, className: "chart-data")
        return element("figure", ["class": "chart chart-\(chart.kind.rawValue)"], [
          SVGChart.draw(chart, id: id, tableID: "table-\(tables)"), data,
        ])
      }
    }

    mutating func table(_ table: Table, className: String?) -> Body {
      tables += 1
      let id = "table-\(tables)"
      let head = element("thead", [:], [element("tr", [:], table.header.map { element("th", ["scope": "col"], inline($0)) })])
      let body = element("tbody", [:], table.rows.map { row in
        element("tr", [:], row.enumerated().map { offset, cell in
          offset == 0 ? element("th", ["scope": "row"], inline(cell)) : element("td", [:], inline(cell))
        })
      })
      var attributes = ["id": id]
      if let className { attributes["class"] = className }
      let caption = element("caption", ["id": "\(id)-caption"], inline(table.caption ?? ""))
      return element("div", ["class": "table-wrap", "role": "region", "aria-labelledby": "\(id)-caption", "tabindex": "0"], [
        element("table", attributes, [caption, head, body])
      ])
    }
  }

  /// Plain text with Markdown code spans (`like this`) as `code` elements; everything escaped.
  static func inline(_ text: String) -> [Body] {
    let parts = text.split(separator: "`", omittingEmptySubsequences: false)
    guard parts.count >= 3 else { return [HTMLRenderer.text(text)] }
    let unmatched = parts.count % 2 == 0
    var nodes: [Body] = []
    for (offset, part) in parts.enumerated() {
      if offset % 2 == 1 && !(unmatched && offset == parts.count - 1) {
        nodes.append(element("code", [:], [HTMLRenderer.text(String(part))]))
      } else if offset % 2 == 1 {
        nodes.append(HTMLRenderer.text("`" + part))
      } else if !part.isEmpty {
        nodes.append(HTMLRenderer.text(String(part)))
      }
    }
    return nodes
  }

  /// An element with attributes (values escaped, sorted by name so output is stable) and
  /// children; `img` is self-closed.
  static func element(_ name: String, _ attributes: [String: String], _ children: [Body]) -> Body {
    let sorted = attributes.sorted { $0.key < $1.key }.map {
      Attribute<HTML.BodyContext>(name: $0.key, value: escape($0.value), ignoreIfValueIsEmpty: false)
    }
    if name == "img" { return .selfClosedElement(named: name, attributes: sorted) }
    return .element(named: name, nodes: sorted.map(\.node) + children)
  }

  /// Text from a plugin, every markup character escaped (Plot's own `.text` leaves `&name;`
  /// entities as they are; a report shows exactly what the plugin wrote).
  static func text(_ text: String) -> Body { .raw(escape(text)) }

  /// Escapes text for an attribute value or element content.
  static func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.append(character)
      }
    }
    return result
  }
}
