// coprod — co-production toolkit. Apache-2.0.

@testable import CoprodLua
import Testing

@Suite("Translations: lookups, plural rules, dates and numbers")
struct TranslationTests {
  static let translations = Translations(languages: [
    "en": ["hello": .text("Hello, {who}"), "people": .plural(["one": "{count} person", "other": "{count} people"])],
    "cy": [
      "hello": .text("Helo, {who}"),
      "people": .plural(["zero": "{count} o bobl", "one": "{count} person", "two": "{count} berson", "few": "{count} pherson", "other": "{count} o bobl"]),
    ],
  ])

  @Test func looksUpFillsAndChoosesWelshPluralForms() {
    let welsh = Localizer(language: "cy", languages: ["cy"], translations: Self.translations, pluginID: "org.test")
    #expect(welsh.text("hello", vars: ["who": "Ceri"]) == "Helo, Ceri")
    #expect([0, 1, 2, 3, 4, 6].map { welsh.text("people", vars: ["count": String($0)], count: Double($0)) }
      == ["0 o bobl", "1 person", "2 berson", "3 pherson", "4 o bobl", "6 o bobl"])
    #expect(welsh.text("hello", vars: ["who": "Ceri"], language: "en") == "Hello, Ceri")
    #expect(welsh.missing == [])
  }

  @Test func aMissingTextFallsBackToEnglishOnceNoted() {
    var translations = Self.translations
    translations.languages["en"]?["only"] = .text("Only in English")
    let welsh = Localizer(language: "cy", languages: ["cy"], translations: translations, pluginID: "org.test")
    #expect(welsh.text("only") == "Only in English")
    #expect(welsh.text("only") == "Only in English")
    #expect(welsh.text("gone") == "gone")
    #expect(welsh.missing == [
      "no cy text for 'only' in plugin org.test's i18n files; English used",
      "no text for 'gone' in plugin org.test's i18n files, not even in English; the key is shown instead",
    ])
    // A language with no file at all is noted once by `coprod report`, not key by key.
    let irish = Localizer(language: "ga", languages: ["ga"], translations: translations, pluginID: "org.test")
    #expect(irish.text("hello", vars: ["who": "Aoife"]) == "Hello, Aoife")
    #expect(irish.text("coprod.fewer_than", vars: ["k": "5"]) == "fewer than 5")
    #expect(irish.missing == [])
  }

  @Test func placeholdersWithoutAValueStayAsWritten() {
    #expect(Localizer.fill("{a} and {b} and {", ["a": "1"]) == "1 and {b} and {")
  }

  @Test func hostTextsInWelshAndEnglish() {
    #expect(HostText.date("2026-06-10", "cy") == "10 Mehefin 2026")
    #expect(HostText.date("2026-12-01T09:00:00Z", "en") == "1 December 2026")
    #expect(HostText.date("soon", "en") == nil)
    #expect(HostText.string("coprod.people_of", "cy", ["n": "3", "total": "12"], count: 12) == "3 o'r 12 o bobl")
    #expect(HostText.string("coprod.people_of", "en", ["n": "3", "total": "12"], count: 12) == "3 of 12 people")
    #expect(HostText.string("coprod.fewer_than", "cy", ["k": "5"]) == "llai na 5")
    #expect(HostText.string("coprod.fewer_than", "fr", ["k": "5"]) == "fewer than 5")
    #expect(HostText.number(1204, decimals: nil) == "1,204")
    #expect(HostText.number(-1234567.5, decimals: 1) == "-1,234,567.5")
    #expect(HostText.number(0.5, decimals: nil) == "0.50")
  }

  @Test func bothCataloguesHaveTheSameKeys() {
    #expect(Set(HostText.catalogue["cy"]?.keys ?? [:].keys) == Set(HostText.catalogue["en"]?.keys ?? [:].keys))
  }

  @Test func languageLists() throws {
    #expect(try ReportLanguages(parsing: "cy+en").codes == ["cy", "en"])
    #expect(try ReportLanguages(parsing: "CY").codes == ["cy"])
    #expect(throws: ReportLanguageError.self) { try ReportLanguages(parsing: "cy+en+fr") }
  }
}
