// coprod — co-production toolkit. Apache-2.0.

import CoprodDocument

extension HostText {
  /// The words coprod writes around a report's blocks (skip link, stamp, chart descriptions
  /// and table headers) in `language`; English for a language the host does not speak.
  public static func documentWords(_ language: String) -> DocumentWords {
    guard language == "cy" else { return DocumentWords() }
    var words = DocumentWords()
    words.skipLink = "Neidio i'r adroddiad"
    words.about = "Am yr adroddiad hwn"
    words.madeWith = "Lluniwyd gyda {report}:"
    words.madeWithFrom = "Lluniwyd gyda {report} o:"
    words.stateHash = "Hash cyflwr y gofod gwaith: {hash}."
    words.data = "Data: {file} (sha256 {sha256})."
    words.plugin = "Ategyn {role}: {id} {version} (sha256 {sha256})."
    words.roles = ["report": "adroddiad", "library": "llyfrgell", "rule": "rheol"]
    words.chartKinds = [
      "bar": "Siart bar", "stacked-bar": "Siart bar wedi'i bentyrru", "flow": "Siart rownd wrth rownd", "timeline": "Llinell amser",
      "gauge": "Graddfa",
    ]
    words.chartDescription = "Mae'r un rhifau yn y tabl sy'n dilyn."
    words.timelineHeader = ["Ymrwymiad", "Dyddiad dyledus", "Cwblhawyd", "Statws"]
    words.round = "Rownd"
    words.category = "Categori"
    words.gaugeHeader = ["Marciwr", "Cam", "Allan o"]
    return words
  }
}
