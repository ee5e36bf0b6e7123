// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import Foundation
import Yams

/// Reads a plugin's translations: each `LANG.yaml` in the folder its manifest names
/// (`translations: i18n`) maps keys to texts. A value is a text, a mapping of plural forms
/// (`one`, `other`, and for Welsh also `zero`, `two`, `few`, `many`; `other` required), or
/// a mapping of further keys, joined with `.` (`section.title`). Adding a language is adding
/// a file.
public enum TranslationLoader {
  /// The translations of the plugin in `folder` with `manifest`; empty when it declares none.
  ///
  /// - Throws: ``ManifestError`` naming the file, line and key when a file is not valid.
  public static func load(folder: URL, manifest: PluginManifest) throws(ManifestError) -> Translations {
    guard let name = manifest.translations else { return Translations() }
    let directory = folder.appendingPathComponent(name)
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    var languages: [String: [String: TranslationEntry]] = [:]
    for file in files {
      let code = String(file.dropLast(".yaml".count))
      let shown = "\(name)/\(file)"
      guard Translations.isLanguageCode(code) else {
        throw ManifestError(file: shown, line: nil, field: "", problem: "is not named after a language code (en.yaml, cy.yaml, pt-br.yaml)")
      }
      guard let text = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else {
        throw ManifestError(file: shown, line: nil, field: "", problem: "cannot be read as UTF-8 text")
      }
      languages[code] = try parse(text, file: shown)
    }
    return Translations(languages: languages)
  }

  /// Parses one language file.
  static func parse(_ text: String, file: String) throws(ManifestError) -> [String: TranslationEntry] {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw ManifestError(file: file, line: ManifestParser.line(of: error), field: "", problem: "is not valid YAML (\(ManifestParser.summary(of: error)))")
    } catch {
      throw ManifestError(file: file, line: nil, field: "", problem: "is not valid YAML")
    }
    guard let root else { return [:] }
    var entries: [String: TranslationEntry] = [:]
    try collect(root, prefix: "", into: &entries, file: file)
    return entries
  }

  private static func collect(_ node: Node, prefix: String, into entries: inout [String: TranslationEntry], file: String) throws(ManifestError) {
    guard let mapping = node.mapping else {
      throw ManifestError(file: file, line: node.mark?.line, field: prefix, problem: "must be a mapping of keys to texts")
    }
    for (key, value) in mapping {
      guard let name = key.string, !name.isEmpty, !name.contains(" ") else {
        throw ManifestError(file: file, line: key.mark?.line, field: prefix, problem: "keys must be text without spaces")
      }
      let path = prefix.isEmpty ? name : prefix + "." + name
      guard entries[path] == nil else { throw ManifestError(file: file, line: key.mark?.line, field: path, problem: "appears twice") }
      if let scalar = value.scalar {
        entries[path] = .text(scalar.string)
      } else if let forms = value.mapping, forms.keys.allSatisfy({ TranslationEntry.categories.contains($0.string ?? "") }) {
        var plural: [String: String] = [:]
        for (category, form) in forms {
          guard let text = form.scalar?.string else {
            throw ManifestError(file: file, line: form.mark?.line, field: "\(path).\(category.string ?? "")", problem: "expected text")
          }
          plural[category.string ?? ""] = text
        }
        guard plural["other"] != nil else {
          throw ManifestError(file: file, line: value.mark?.line, field: path, problem: "plural forms need 'other' (the form for any number without its own)")
        }
        entries[path] = .plural(plural)
      } else {
        try collect(value, prefix: path, into: &entries, file: file)
      }
    }
  }
}
