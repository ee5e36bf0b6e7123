import Testing

@Test func CoprodCLITestsBuilds() { #expect(Bool(true)) }
