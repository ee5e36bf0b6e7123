import Testing

@Test func CoprodLuaTestsBuilds() { #expect(Bool(true)) }
