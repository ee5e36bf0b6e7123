// coprod — co-production toolkit. Apache-2.0.

import Foundation

/// coprod's own stylesheet and chart colours, chosen for WCAG 2.2 AA: body text at least
/// 4.5:1 against the page, chart fills at least 4.5:1 against white so white labels on them
/// stay readable and the shapes themselves exceed the 3:1 asked of graphics. No fixed widths:
/// the page reflows at 400 % zoom; charts scale with the page and their numbers are also in a
/// table.
public enum HTMLStylesheet {
  /// The page background.
  public static let background = "#ffffff"
  /// Body text.
  public static let text = "#1b1b1b"
  /// Secondary text (notes, the stamp).
  public static let muted = "#4d4d4d"
  /// Chart series colours, in order.
  public static let palette = ["#1f4e79", "#a13d00", "#2d6a2e", "#6a1b9a", "#4d4d4d", "#8c1d40", "#005f73", "#6b5300"]
  /// Timeline colours by status.
  public static let statusColours = ["done": "#2d6a2e", "overdue": "#a4161a", "other": "#1f4e79"]

  /// Every colour pair the page and its charts use: (foreground, background, the contrast
  /// WCAG asks of it).
  public static var pairs: [(foreground: String, background: String, minimum: Double)] {
    [(text, background, 4.5), (muted, background, 4.5), (text, "#f3f3f3", 4.5), ("#ffffff", "#1f4e79", 4.5)]
      + palette.map { ("#ffffff", $0, 4.5) } + palette.map { ($0, background, 3) }
      + statusColours.values.sorted().map { ($0, background, 4.5) }
  }

  /// The WCAG contrast ratio of two `#rrggbb` colours, from 1 to 21.
  public static func contrast(_ first: String, _ second: String) -> Double {
    let (a, b) = (luminance(first), luminance(second))
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)
  }

  static func luminance(_ hex: String) -> Double {
    let value = Int(hex.dropFirst(), radix: 16) ?? 0
    let channels = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff].map { channel -> Double in
      let c = Double(channel) / 255
      return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
  }

  /// The stylesheet every HTML report starts with.
  public static let base = """
    :root { color-scheme: light; }
    *, *::before, *::after { box-sizing: border-box; }
    body { margin: 0; background: \(background); color: \(text); font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1rem; line-height: 1.5; }
    header, main, footer { max-width: 48rem; margin: 0 auto; padding: 1rem; }
    header { border-bottom: 0.25rem solid #1f4e79; display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; }
    .logo { max-height: 4rem; max-width: 100%; height: auto; }
    .report-name { margin: 0; font-weight: bold; }
    footer { border-top: 1px solid \(muted); color: \(muted); font-size: 0.9rem; overflow-wrap: anywhere; }
    h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.5rem 0 0.5rem; }
    p, li { max-width: 70ch; }
    blockquote { margin: 1rem 0; padding: 0.5rem 1rem; border-left: 0.25rem solid #1f4e79; background: #f3f3f3; }
    code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
    .note { border: 1px solid #a4161a; padding: 0.5rem 1rem; }
    .table-wrap { overflow-x: auto; margin: 1rem 0; }
    .table-wrap:focus { outline: 0.2rem solid #1f4e79; }
    table { border-collapse: collapse; min-width: 50%; }
    caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
    th, td { border: 1px solid #767676; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
    thead th { background: #f3f3f3; }
    figure.chart { margin: 1.5rem 0; }
    figure.chart svg { display: block; width: 100%; max-width: 44rem; height: auto; }
    .skip { position: absolute; left: -999rem; }
    .skip:focus { position: static; display: inline-block; padding: 0.5rem; }
    @media print {
      body { font-size: 11pt; }
      header, main, footer { max-width: none; padding: 0; }
      .skip { display: none; }
      .table-wrap { overflow: visible; }
      figure.chart, table, blockquote { break-inside: avoid; }
      h1, h2, h3 { break-after: avoid; }
    }
    """
}
