// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation

// MARK: - Translations a plugin ships

/// One translated text: plain, or one form per plural category (CLDR: zero, one, two, few,
/// many, other).
public enum TranslationEntry: Sendable, Equatable {
  /// The same text for any number.
  case text(String)
  /// A text per plural category; `other` is always present.
  case plural([String: String])

  /// The CLDR plural categories, in CLDR's order.
  public static let categories = ["zero", "one", "two", "few", "many", "other"]
}

/// The texts a plugin ships for each language it speaks (its `i18n/LANG.yaml` files), by
/// language code and key.
public struct Translations: Sendable, Equatable {
  /// Entries by language code (`en`, `cy`, …) and key.
  public var languages: [String: [String: TranslationEntry]]

  /// Creates translations.
  public init(languages: [String: [String: TranslationEntry]] = [:]) { self.languages = languages }

  /// Whether `code` looks like a language code: 2 or 3 lower-case letters, optionally
  /// followed by `-` and a region or script (e.g. `cy`, `en`, `pt-br`).
  public static func isLanguageCode(_ code: String) -> Bool {
    code.range(of: "^[a-z]{2,3}(-[a-z0-9]{2,8})*$", options: .regularExpression) != nil
  }
}

// MARK: - Languages of one output

/// The languages a report is written in: one (`en`, `cy`, …) or two, the first written
/// first in every block (`cy+en`: Welsh first, as the Welsh Language Standards ask).
public struct ReportLanguages: Sendable, Equatable, CustomStringConvertible {
  /// The languages in the order they are written.
  public var codes: [String]

  /// English alone, the default.
  public static let english = ReportLanguages(codes: ["en"])

  /// Creates the list.
  public init(codes: [String]) { self.codes = codes }

  /// Parses `--lang`: `en`, `cy` or two codes joined by `+` (`cy+en`).
  ///
  /// - Throws: ``ReportLanguageError`` naming what is wrong.
  public init(parsing text: String) throws(ReportLanguageError) {
    let codes = text.split(separator: "+", omittingEmptySubsequences: false).map { $0.lowercased() }
    guard (1...2).contains(codes.count), codes.allSatisfy(Translations.isLanguageCode) else {
      throw ReportLanguageError(description: "--lang \(text): give a language code (en, cy) or two joined by + with the first written first (cy+en)")
    }
    guard Set(codes).count == codes.count else {
      throw ReportLanguageError(description: "--lang \(text): the two languages must differ (e.g. cy+en)")
    }
    self.codes = codes
  }

  /// `cy+en`.
  public var description: String { codes.joined(separator: "+") }
}

/// A `--lang` value that is not a language list.
public struct ReportLanguageError: ReportableError, Equatable {
  /// What is wrong and what to do.
  public var description: String
}

// MARK: - Plural rules

/// CLDR cardinal plural rules for the languages the host knows; others use English's rule
/// (`one` for 1, `other` otherwise).
enum PluralRule {
  /// The category of the whole or decimal number `n` in `language`.
  static func category(of n: Double, in language: String) -> String {
    let whole = n.rounded() == n
    switch language.prefix(2) {
    case "cy" where whole:
      switch n {
      case 0: return "zero"
      case 1: return "one"
      case 2: return "two"
      case 3: return "few"
      case 6: return "many"
      default: return "other"
      }
    default:
      return whole && n == 1 ? "one" : "other"
    }
  }
}

// MARK: - Looking texts up

/// Looks texts up for one run of a report: the plugin's own translations, then the host's
/// catalogue for `coprod.*` keys, always falling back to English and noting each text that
/// was missing (a missing text never stops a report).
public final class Localizer {
  /// The language this run writes.
  public let language: String
  /// Every language of the output, in order (for files that carry them all).
  public let languages: [String]
  let translations: Translations
  let pluginID: String
  /// Missing texts, as notes for the person running the report, in the order first met.
  public private(set) var missing: [String] = []

  /// Creates a localizer for `language` (one of `languages`).
  public init(language: String, languages: [String], translations: Translations, pluginID: String) {
    self.language = language
    self.languages = languages
    self.translations = translations
    self.pluginID = pluginID
  }

  /// The text for `key` in `language` (default: this run's) with `{name}` placeholders
  /// filled from `vars`; plural forms are chosen by `vars.count` (or `vars.n`).
  public func text(_ key: String, vars: [String: String] = [:], count: Double? = nil, language requested: String? = nil) -> String {
    let language = requested ?? self.language
    let entry: TranslationEntry
    if let found = lookup(key, in: language) {
      entry = found
    } else if language != "en", let english = lookup(key, in: "en") {
      // A language with no file at all is noted once, by whoever chose it, not key by key.
      if speaks(language, for: key) { note("no \(language) text for '\(key)' in \(owner(of: key)); English used") }
      entry = english
    } else {
      note("no text for '\(key)' in \(owner(of: key)), not even in English; the key is shown instead")
      return key
    }
    let template: String
    switch entry {
    case .text(let text): template = text
    case .plural(let forms):
      let category = count.map { PluralRule.category(of: $0, in: language) } ?? "other"
      template = forms[category] ?? forms["other"] ?? ""
    }
    return Self.fill(template, vars)
  }

  private func lookup(_ key: String, in language: String) -> TranslationEntry? {
    if key.hasPrefix(HostText.prefix) { return HostText.entry(key, in: language) }
    return translations.languages[language]?[key]
  }

  /// Whether the catalogue `key` belongs to has `language` at all.
  private func speaks(_ language: String, for key: String) -> Bool {
    key.hasPrefix(HostText.prefix) ? HostText.speaks(language) : translations.languages[language] != nil
  }

  private func owner(of key: String) -> String {
    key.hasPrefix(HostText.prefix) ? "coprod's own texts" : "plugin \(pluginID)'s i18n files"
  }

  private func note(_ text: String) {
    if !missing.contains(text) { missing.append(text) }
  }

  /// Replaces each `{name}` whose name is in `vars`; other braces stay as written.
  static func fill(_ template: String, _ vars: [String: String]) -> String {
    guard template.contains("{") else { return template }
    var result = ""
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{") {
      result += rest[..<open]
      let after = rest[rest.index(after: open)...]
      if let close = after.firstIndex(of: "}"), let value = vars[String(after[..<close])] {
        result += value
        rest = after[after.index(after: close)...]
      } else {
        result += "{"
        rest = after
      }
    }
    return result + rest
  }
}
