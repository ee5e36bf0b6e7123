// coprod — co-production toolkit. Apache-2.0.

import CoprodDocument
import CoprodPlugins
import Foundation

/// The formats `coprod report` writes.
public enum ReportFormat: String, Sendable, CaseIterable {
  /// Markdown: charts as tables.
  case markdown
  /// One self-contained HTML page with inline CSS and SVG charts.
  case html
}

/// How an HTML report is dressed: a council's stylesheet and logo, as files.
public struct ReportLook: Sendable, Equatable {
  /// A CSS file added after coprod's own stylesheet.
  public var stylesheet: String?
  /// A PNG, JPEG, GIF, WebP or SVG logo, embedded as a `data:` URI.
  public var logo: String?

  /// Creates a look.
  public init(stylesheet: String? = nil, logo: String? = nil) {
    self.stylesheet = stylesheet
    self.logo = logo
  }

  static let logoTypes = ["png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "svg": "image/svg+xml"]

  /// Reads and checks the files, before anything is rendered or written.
  ///
  /// - Throws: ``ReportError`` naming the file and what to do.
  func style(format: ReportFormat) throws -> HTMLStyle {
    guard format == .html else {
      if stylesheet != nil || logo != nil {
        throw ReportError(description: "--stylesheet and --logo apply to --format html only")
      }
      return HTMLStyle()
    }
    var style = HTMLStyle()
    if let stylesheet {
      guard let bytes = FileManager.default.contents(atPath: stylesheet), let css = String(data: bytes, encoding: .utf8) else {
        throw ReportError(description: "\(stylesheet): cannot be read as UTF-8 text; check the path")
      }
      if css.range(of: "</style", options: .caseInsensitive) != nil {
        throw ReportError(description: "\(stylesheet): contains '</style', which would end the page's stylesheet early; remove it")
      }
      if let url = css.range(of: #"url\(\s*['"]?(https?:)?//"#, options: [.regularExpression, .caseInsensitive]) ?? css.range(of: "@import", options: .caseInsensitive) {
        throw ReportError(description: "\(stylesheet): '\(css[url])' would fetch from the network; the report must be self-contained, so use data: URIs or remove it")
      }
      style.stylesheet = css
    }
    if let logo {
      let ext = (logo as NSString).pathExtension.lowercased()
      guard let type = Self.logoTypes[ext] else {
        throw ReportError(description: "\(logo): a logo must be a .png, .jpg, .gif, .webp or .svg file")
      }
      guard let bytes = FileManager.default.contents(atPath: logo), !bytes.isEmpty else {
        throw ReportError(description: "\(logo): cannot be read; check the path")
      }
      style.logoDataURI = "data:\(type);base64," + bytes.base64EncodedString()
    }
    return style
  }
}

extension Stamp.Plugin {
  /// The stamp entry for a discovered plugin: its id, version and content hash.
  init(role: String, _ plugin: DiscoveredPlugin) {
    self.init(role: role, id: plugin.manifest.id, version: plugin.manifest.version.description, sha256: PluginLoader.contentHash(of: plugin.folder))
  }
}
