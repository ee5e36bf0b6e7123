// coprod — co-production toolkit. Apache-2.0.

import CoprodDocument
import Testing

@Suite("HTML report colours")
struct ContrastTests {
  @Test func contrastOfKnownPairs() {
    #expect((HTMLStylesheet.contrast("#000000", "#ffffff") * 100).rounded() == 2100)
    #expect((HTMLStylesheet.contrast("#767676", "#ffffff") * 100).rounded() == 454)
  }

  @Test func everyColourPairMeetsWCAGAA() {
    for pair in HTMLStylesheet.pairs {
      #expect(HTMLStylesheet.contrast(pair.foreground, pair.background) >= pair.minimum, "\(pair.foreground) on \(pair.background)")
    }
  }
}
