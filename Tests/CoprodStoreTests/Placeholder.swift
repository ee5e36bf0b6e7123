import Testing

@Test func CoprodStoreTestsBuilds() { #expect(Bool(true)) }
