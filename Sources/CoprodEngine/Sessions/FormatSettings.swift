// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import CoprodPlugins

// MARK: - A format's settings from the inputs file

extension LoadedFormat {
  /// The format with an inputs file's `settings:` applied over `plugin.yaml`'s defaults:
  /// each key must be a setting the manifest declares, with a value of its type and among
  /// its choices.
  ///
  /// - Throws: ``SessionInputError`` naming the file, line and setting.
  func applying(_ given: [(key: String, value: String, line: Int)], file: String) throws -> LoadedFormat {
    var applied = self
    for (key, text, line) in given {
      func fail(_ problem: String) -> SessionInputError {
        SessionInputError(place: "\(file):\(line)", path: "settings.\(key)", problem: problem)
      }
      guard let setting = manifest.setting(key) else {
        let known = manifest.settings.map(\.key)
        throw fail(
          "\(definition.name) has no setting '\(key)'"
            + (known.isEmpty ? " (it has no settings)" : " (settings: \(known.joined(separator: ", ")))"))
      }
      guard let value = ManifestParser.settingValue(text: text, setting.type) else {
        throw fail("'\(text)' is not a valid \(setting.type.rawValue)")
      }
      if !setting.choices.isEmpty, !setting.choices.contains(value) {
        throw fail("must be one of \(setting.choices.map(Tally.settingText).joined(separator: ", "))")
      }
      applied.settings[key] = value
    }
    return applied
  }
}
