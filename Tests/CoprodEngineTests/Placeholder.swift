import Testing

@Test func CoprodEngineTestsBuilds() { #expect(Bool(true)) }
