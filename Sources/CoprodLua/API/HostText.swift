// coprod — co-production toolkit. Apache-2.0.

import Foundation

/// The host's own texts in reports, in English and Welsh: dates, "3 of 12 people", the
/// suppression of small groups, the ladder of co-production, the IAP2 spectrum, the Gunning
/// principles and the notes coprod writes. Plugins reach them as `doc:t("coprod.KEY")`;
/// keys are listed in docs/reports.md § Languages. Another language falls back to English,
/// with a note.
public enum HostText {
  /// The prefix of host keys.
  public static let prefix = "coprod."

  /// The text for `key` in `language`, English when that language lacks it, with `{name}`
  /// placeholders filled from `vars` and plural forms chosen by `count`.
  public static func string(_ key: String, _ language: String, _ vars: [String: String] = [:], count: Double? = nil) -> String {
    guard let entry = entry(key, in: language) ?? entry(key, in: "en") else { return key }
    switch entry {
    case .text(let text): return Localizer.fill(text, vars)
    case .plural(let forms):
      let category = count.map { PluralRule.category(of: $0, in: language) } ?? "other"
      return Localizer.fill(forms[category] ?? forms["other"] ?? "", vars)
    }
  }

  /// The entry for `key` in `language`, if the host has one.
  static func entry(_ key: String, in language: String) -> TranslationEntry? {
    catalogue[language]?[key]
  }

  /// Whether the host has texts in `language`.
  public static func speaks(_ language: String) -> Bool { catalogue[language] != nil }

  /// `2026-06-10` (or a timestamp starting with it) as `10 June 2026` / `10 Mehefin 2026`;
  /// nil when it is not a date.
  public static func date(_ text: String, _ language: String) -> String? {
    let parts = text.prefix(10).split(separator: "-")
    guard text.count >= 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    return string("coprod.date", language, ["day": String(day), "month": string("coprod.month.\(month)", language), "year": String(year)])
  }

  /// A number with thousands separated and, when `decimals` is given, that many decimal
  /// places: `1,204`, `0.50` (the same in English and Welsh).
  public static func number(_ value: Double, decimals: Int?) -> String {
    let places = decimals ?? (value.rounded() == value ? 0 : 2)
    let text = String(format: "%.\(places)f", abs(value))
    let parts = text.split(separator: ".", maxSplits: 1)
    var whole = String(parts[0])
    var grouped = ""
    while whole.count > 3 {
      grouped = "," + whole.suffix(3) + grouped
      whole.removeLast(3)
    }
    let sign = value < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
    return sign + whole + grouped + (parts.count > 1 ? "." + parts[1] : "")
  }

  // MARK: - The catalogue

  private static func plural(_ forms: [String: String]) -> TranslationEntry { .plural(forms) }

  static let catalogue: [String: [String: TranslationEntry]] = [
    "en": english.merging(Dictionary(uniqueKeysWithValues: months.en.enumerated().map { ("coprod.month.\($0.offset + 1)", TranslationEntry.text($0.element)) })) { a, _ in a },
    "cy": welsh.merging(Dictionary(uniqueKeysWithValues: months.cy.enumerated().map { ("coprod.month.\($0.offset + 1)", TranslationEntry.text($0.element)) })) { a, _ in a },
  ]

  private static let months = (
    en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    cy: ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"]
  )

  private static let english: [String: TranslationEntry] = [
    "coprod.date": .text("{day} {month} {year}"),
    "coprod.fewer_than": .text("fewer than {k}"),
    "coprod.people": plural(["one": "{n} person", "other": "{n} people"]),
    "coprod.people_of": plural(["one": "{n} of {total} person", "other": "{n} of {total} people"]),
    "coprod.note.suppressed": .text("{n} count(s) below {k} in the report's tables were replaced by '{text}'"),
    "coprod.note.shadows": .text("Warning: {text}."),
    "coprod.ladder.coercion": .text("coercion"),
    "coprod.ladder.educating": .text("educating"),
    "coprod.ladder.informing": .text("informing"),
    "coprod.ladder.consultation": .text("consultation"),
    "coprod.ladder.engagement": .text("engagement"),
    "coprod.ladder.co-design": .text("co-design"),
    "coprod.ladder.co-production": .text("co-production"),
    "coprod.band.doing to": .text("doing to"),
    "coprod.band.doing for": .text("doing for"),
    "coprod.band.doing with": .text("doing with"),
    "coprod.ladder.coercion.meaning": .text("People are passive recipients; their views are ignored."),
    "coprod.ladder.educating.meaning": .text("People are helped to understand the service."),
    "coprod.ladder.informing.meaning": .text("People are told about decisions and why."),
    "coprod.ladder.consultation.meaning": .text("People are asked in surveys or meetings, but have no power over the decision."),
    "coprod.ladder.engagement.meaning": .text("People have more say, but only as much as the provider allows."),
    "coprod.ladder.co-design.meaning": .text("People have genuine influence on the design, but do not see it through."),
    "coprod.ladder.co-production.meaning": .text("People and the organisation work as equals from design to delivery, sharing decisions."),
    "coprod.spectrum.inform": .text("inform"),
    "coprod.spectrum.consult": .text("consult"),
    "coprod.spectrum.involve": .text("involve"),
    "coprod.spectrum.collaborate": .text("collaborate"),
    "coprod.spectrum.empower": .text("empower"),
    "coprod.spectrum.inform.promise": .text("We will keep you informed."),
    "coprod.spectrum.consult.promise": .text("We will listen to you and tell you how your views influenced the decision."),
    "coprod.spectrum.involve.promise": .text("Your concerns will be reflected directly in the options, and we will tell you how."),
    "coprod.spectrum.collaborate.promise": .text("Your advice will be included in the decision to the maximum extent possible."),
    "coprod.spectrum.empower.promise": .text("You make the final decision: we will implement what you decide."),
    "coprod.gunning.formative": .text("Proposals are still at a formative stage"),
    "coprod.gunning.information": .text("Enough reasons and information for intelligent consideration"),
    "coprod.gunning.time": .text("Adequate time to respond"),
    "coprod.gunning.consideration": .text("Responses are conscientiously taken into account"),
    "coprod.caution.faux": .text(
      "the rung declared, {rung}, is \"{band}\", but the promise made, {level}, only matches the {matching} rung (\"{matching_band}\"). Claiming a higher rung than the power shared is faux-production: share more power (--spectrum) or declare the rung that matches (--ladder)."
    ),
    "coprod.caution.short": plural([
      "one": "{days} day is shorter than the customary 12 weeks. There is no statutory period, so record why the time is adequate (--adequate-time).",
      "other": "{days} days is shorter than the customary 12 weeks. There is no statutory period, so record why the time is adequate (--adequate-time).",
    ]),
  ]

  private static let welsh: [String: TranslationEntry] = [
    "coprod.date": .text("{day} {month} {year}"),
    "coprod.fewer_than": .text("llai na {k}"),
    "coprod.people": plural(["one": "{n} person", "other": "{n} o bobl"]),
    "coprod.people_of": plural(["one": "{n} o {total} person", "other": "{n} o'r {total} o bobl"]),
    "coprod.note.suppressed": .text("rhoddwyd '{text}' yn lle {n} cyfrif o dan {k} yn nhablau'r adroddiad"),
    "coprod.note.shadows": .text("Rhybudd: {text}."),
    "coprod.ladder.coercion": .text("gorfodaeth"),
    "coprod.ladder.educating": .text("addysgu"),
    "coprod.ladder.informing": .text("hysbysu"),
    "coprod.ladder.consultation": .text("ymgynghori"),
    "coprod.ladder.engagement": .text("ymgysylltu"),
    "coprod.ladder.co-design": .text("cyd-ddylunio"),
    "coprod.ladder.co-production": .text("cyd-gynhyrchu"),
    "coprod.band.doing to": .text("gwneud i bobl"),
    "coprod.band.doing for": .text("gwneud ar ran pobl"),
    "coprod.band.doing with": .text("gwneud gyda phobl"),
    "coprod.ladder.coercion.meaning": .text("Mae pobl yn derbyn gwasanaeth yn oddefol; caiff eu barn ei hanwybyddu."),
    "coprod.ladder.educating.meaning": .text("Caiff pobl help i ddeall y gwasanaeth."),
    "coprod.ladder.informing.meaning": .text("Dywedir wrth bobl am benderfyniadau a pham."),
    "coprod.ladder.consultation.meaning": .text("Gofynnir i bobl mewn arolygon neu gyfarfodydd, ond nid oes ganddynt bŵer dros y penderfyniad."),
    "coprod.ladder.engagement.meaning": .text("Mae gan bobl fwy o lais, ond dim ond cymaint ag y mae'r darparwr yn ei ganiatáu."),
    "coprod.ladder.co-design.meaning": .text("Mae gan bobl ddylanwad gwirioneddol ar y dylunio, ond nid ydynt yn ei weld drwodd."),
    "coprod.ladder.co-production.meaning": .text("Mae pobl a'r sefydliad yn gweithio fel partneriaid cyfartal o'r dylunio i'r cyflawni, gan rannu penderfyniadau."),
    "coprod.spectrum.inform": .text("hysbysu"),
    "coprod.spectrum.consult": .text("ymgynghori"),
    "coprod.spectrum.involve": .text("cynnwys"),
    "coprod.spectrum.collaborate": .text("cydweithio"),
    "coprod.spectrum.empower": .text("grymuso"),
    "coprod.spectrum.inform.promise": .text("Byddwn yn rhoi gwybod i chi."),
    "coprod.spectrum.consult.promise": .text("Byddwn yn gwrando arnoch ac yn dweud wrthych sut y dylanwadodd eich barn ar y penderfyniad."),
    "coprod.spectrum.involve.promise": .text("Bydd eich pryderon yn cael eu hadlewyrchu'n uniongyrchol yn yr opsiynau, a byddwn yn dweud wrthych sut."),
    "coprod.spectrum.collaborate.promise": .text("Bydd eich cyngor yn cael ei gynnwys yn y penderfyniad i'r graddau mwyaf posibl."),
    "coprod.spectrum.empower.promise": .text("Chi sy'n gwneud y penderfyniad terfynol: byddwn yn gweithredu'r hyn a benderfynwch."),
    "coprod.gunning.formative": .text("Mae'r cynigion yn dal i gael eu llunio"),
    "coprod.gunning.information": .text("Digon o resymau a gwybodaeth i'w hystyried yn ddeallus"),
    "coprod.gunning.time": .text("Digon o amser i ymateb"),
    "coprod.gunning.consideration": .text("Caiff yr ymatebion eu hystyried yn gydwybodol"),
    "coprod.caution.faux": .text(
      "mae'r ris a ddatganwyd, {rung}, yn \"{band}\", ond dim ond â ris {matching} (\"{matching_band}\") y mae'r addewid a wnaed, {level}, yn cyfateb. Cyd-gynhyrchu ffug (faux-production) yw hawlio ris uwch na'r pŵer a rennir: rhannwch fwy o bŵer (--spectrum) neu datganwch y ris sy'n cyfateb (--ladder)."
    ),
    "coprod.caution.short": .text(
      "Mae {days} diwrnod yn fyrrach na'r 12 wythnos arferol. Nid oes cyfnod statudol, felly cofnodwch pam mae'r amser yn ddigonol (--adequate-time)."
    ),
  ]
}
