// coprod — co-production toolkit. Apache-2.0.

import CoprodDocument
import CoprodTestSupport
import Testing

@Suite("HTML and Markdown rendering of report documents")
struct HTMLRendererTests {
  static let stamp = Stamp(
    report: "demo", stateHash: String(repeating: "ab", count: 32),
    plugins: [.init(role: "report", id: "org.test.demo", version: "1.0.0", sha256: String(repeating: "cd", count: 32))])

  static let charts: [Chart] = [
    Chart(kind: .bar, title: "People by perspective", label: "Perspective", categories: ["resident", "carer"],
      series: [.init(name: "People", values: [7, nil])], suppressedText: "fewer than 5"),
    Chart(kind: .stackedBar, title: "Voice", label: "Share of", categories: ["People", "Contributions"],
      series: [.init(name: "resident", values: [64, 80]), .init(name: "staff", values: [36, 20])], unit: "%"),
    Chart(kind: .flow, title: "Rounds", label: "Round", categories: ["Round 1", "Round 2"],
      series: [.init(name: "Park", values: [4, 5]), .init(name: "Pool", values: [3, 4]), .init(name: "Library", values: [2, 0])]),
    Chart(kind: .timeline, title: "Commitments", events: [
      .init(label: "Fix the lifts", due: "2026-03-01", done: "2026-02-20", status: "done"),
      .init(label: "Repaint", due: "2026-04-01", done: nil, status: "overdue"),
    ]),
    Chart(kind: .gauge, title: "Ladder", scale: ["A", "B", "C", "D", "E", "F", "G"],
      markers: [.init(label: "Declared", step: 6), .init(label: "Promise supports", step: 4)]),
  ]

  static let document = Document(
    blocks: [
      .heading(level: 1, text: "Repairs <script>alert(1)</script>"),
      .paragraph("Run `coprod verify` & see."),
      .heading(level: 3, text: "Skipped a level"),
      .table(Table(header: ["Who", "People"], rows: [["resident", "7"]])),
      .quote("It \"leaks\" <b>here</b>"),
      .heading(level: 1, text: "A second title"),
    ] + charts.map(Block.chart),
    stamp: stamp)

  @Test func thePagePassesTheAccessibilityChecks() {
    let html = HTMLRenderer.render(Self.document, name: "Demo")
    #expect(HTMLAccessibility.problems(html) == [])
  }

  @Test func theCheckerFindsProblems() {
    let bad = """
      <!DOCTYPE html><html><head><style>main { width: 900px; }</style></head><body><main><h2>Hi</h2><h4>Deep</h4>\
      <table><tr><th>x</th></tr></table><svg viewBox="0 0 1 1"><rect fill="#cccccc"/></svg><img src="https://x.test/a.png"></main></body></html>
      """
    #expect(HTMLAccessibility.problems(bad) == [
      "html: no lang attribute", "head: no title", "head: no viewport meta (no reflow on phones)",
      "headings: 0 h1 elements, expected exactly 1", "headings: h2 'Hi' follows h0", "headings: h4 'Deep' follows h2",
      "landmarks: 0 header elements, expected 1", "landmarks: 0 footer elements, expected 1",
      "table 1: no caption", "table 1: th 'x' without scope",
      "svg 1: role is not img", "svg 1: no accessible name", "svg 1: no table alternative beside it",
      "svg 1: fill colour #cccccc below 4.5:1 (white labels on it)", "img: no alt attribute",
      "network: img src=https://x.test/a.png", "css: no print stylesheet", "css: a fixed pixel width",
    ])
  }

  @Test func plugInTextIsEscapedAndHeadingsAreOrdered() {
    let html = HTMLRenderer.render(Self.document, name: "Demo")
    #expect(!html.contains("<script>"))
    #expect(html.contains("<h1>Repairs &lt;script&gt;alert(1)&lt;/script&gt;</h1>"))
    #expect(html.contains("<p>Run <code>coprod verify</code> &amp; see.</p>"))
    #expect(html.contains("<h2>Skipped a level</h2>"))
    #expect(html.contains("<h2>A second title</h2>"))
    #expect(html.contains("<blockquote><p>It &quot;leaks&quot; &lt;b&gt;here&lt;/b&gt;</p></blockquote>"))
    #expect(html.hasPrefix("<!DOCTYPE html><html lang=\"en\">"))
  }

  @Test func aTableWithoutCaptionTakesTheHeadingAboveIt() {
    let html = HTMLRenderer.render(Self.document, name: "Demo")
    #expect(html.contains("<caption id=\"table-1-caption\">Skipped a level</caption>"))
    #expect(html.contains("<th scope=\"row\">resident</th><td>7</td>"))
  }

  @Test func aChartsNumbersMatchItsTable() {
    let html = HTMLRenderer.render(Document(blocks: [.chart(Self.charts[0])]), name: "Demo")
    // The bar is drawn 360 units long for the largest value, labelled with it; the
    // suppressed value is drawn as its words, not as a bar.
    #expect(html.contains("<rect fill=\"#1f4e79\" height=\"18\" width=\"360\" x=\"200\" y=\"10\"></rect>"))
    #expect(html.contains(">7</text>"))
    #expect(html.contains(">fewer than 5</text>"))
    #expect(html.contains("<th scope=\"row\">resident</th><td>7</td>"))
    #expect(html.contains("<th scope=\"row\">carer</th><td>fewer than 5</td>"))
  }

  @Test func markdownShowsChartsAsTablesAndTheStamp() {
    let markdown = MarkdownRenderer.render(Document(blocks: [.chart(Self.charts[0]), .chart(Self.charts[4])], stamp: Self.stamp))
    #expect(markdown == """
      **People by perspective**

      | Perspective | People |
      | --- | --- |
      | resident | 7 |
      | carer | fewer than 5 |

      **Ladder**

      | Marker | Step | Of |
      | --- | --- | --- |
      | Declared | 6. F | 7 |
      | Promise supports | 4. D | 7 |

      ---

      Made with `coprod report demo`:

      - Workspace state hash: \(String(repeating: "ab", count: 32)).
      - Report plugin: org.test.demo 1.0.0 (sha256 \(String(repeating: "cd", count: 32))).

      """)
  }

  @Test func numbersArePrintedWithoutNeedlessDecimals() {
    #expect([7, 2609.5, 495.996, 496.004, 1306.689, 0].map(Chart.number) == ["7", "2609.5", "496", "496", "1306.69", "0"])
  }

  @Test func renderingIsByteIdentical() {
    let first = HTMLRenderer.render(Self.document, name: "Demo", style: HTMLStyle(stylesheet: "body { color: #000; }", logoDataURI: "data:image/png;base64,AA=="))
    let second = HTMLRenderer.render(Self.document, name: "Demo", style: HTMLStyle(stylesheet: "body { color: #000; }", logoDataURI: "data:image/png;base64,AA=="))
    #expect(first == second)
    #expect(first.contains("<img alt=\"Logo\" class=\"logo\" src=\"data:image/png;base64,AA==\"/>") || first.contains("<img alt=\"Logo\" class=\"logo\" src=\"data:image/png;base64,AA==\">"))
    #expect(first.contains("/* the council's stylesheet */\nbody { color: #000; }"))
  }
}
