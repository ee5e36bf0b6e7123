import Testing

@Test func CoprodPluginsTestsBuilds() { #expect(Bool(true)) }
