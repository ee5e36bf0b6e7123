// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation
import Testing

@Suite("Checks made on every input file before parsing")
struct TextCheckTests {
  static let small = InputLimits(lineBytes: 10, fieldBytes: 4, documentBytes: 32)

  func problem(_ text: [UInt8], limits: InputLimits = small, delimiter: UInt8? = nil) -> TextProblem? {
    do {
      try TextCheck.check(text, limits: limits, delimiter: delimiter, what: "rows")
      return nil
    } catch {
      return error
    }
  }

  @Test func emptyAndBlankFilesAreRefused() {
    #expect(problem([])?.problem == "the file is empty; it holds no rows")
    #expect(problem([0xEF, 0xBB, 0xBF])?.kind == .empty)
    #expect(problem(Array(" \r\n\t\n".utf8))?.problem == "the file is blank (only spaces and empty lines); it holds no rows")
    #expect(problem(Array("a\n".utf8)) == nil)
  }

  @Test func invalidUTF8IsFoundAtItsLine() {
    for bad in [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] as [[UInt8]] {
      let found = problem(Array("ok\nok\n".utf8) + bad + Array("\n".utf8))
      #expect(found == TextProblem(kind: .notUTF8, line: 3, problem: "the text is not valid UTF-8; save the file as UTF-8"))
    }
    #expect(problem(Array("é€😀\n".utf8)) == nil)
  }

  @Test func linesAndFieldsOverTheLimitAreRefusedWhereTheyStart() {
    #expect(problem(Array("0123456789\n".utf8)) == nil)
    #expect(problem(Array("ok\n0123456789A\n".utf8))?.line == 2)
    #expect(problem(Array("ok\n0123456789A".utf8))?.kind == .lineTooLong)
    let comma = UInt8(ascii: ",")
    #expect(problem(Array("abcd,ef\n".utf8), delimiter: comma) == nil)
    #expect(problem(Array("a,abcde\n".utf8), delimiter: comma)?.kind == .fieldTooLong)
    // A quoted field runs across lines and is measured whole, from the line it starts on.
    let quoted = problem(Array("a\n\"ab\ncd\"\n".utf8), limits: InputLimits(lineBytes: 100, fieldBytes: 6, documentBytes: 100), delimiter: comma)
    #expect(quoted == TextProblem(kind: .fieldTooLong, line: 2, problem: "a field is longer than 6 bytes; check the file, or raise the limit with COPROD_MAX_FIELD_BYTES (bytes, or with K or M)"))
    // A quote in the middle of a field does not start quoting.
    #expect(problem(Array("ab\"c,d\ne,f\n".utf8), delimiter: comma) == nil)
  }

  @Test func limitsComeFromTheEnvironment() {
    let limits = InputLimits(environment: ["COPROD_MAX_LINE_BYTES": "2M", "COPROD_MAX_FIELD_BYTES": "100", "COPROD_MAX_DOCUMENT_BYTES": "nonsense"])
    #expect(limits == InputLimits(lineBytes: 2 << 20, fieldBytes: 100, documentBytes: 16 << 20))
    #expect(InputLimits(environment: [:]) == InputLimits(lineBytes: 1 << 20, fieldBytes: 64 << 10, documentBytes: 16 << 20))
    #expect(InputLimits(environment: ["COPROD_MAX_FIELD_BYTES": "0"]).fieldBytes == 64 << 10)
  }

  @Test func documentsOverTheLimitAreRefusedWhole() {
    #expect(throws: TextProblem(kind: .tooLarge, line: nil, problem: "the file is larger than 32 bytes; check the file, or raise the limit with COPROD_MAX_DOCUMENT_BYTES (bytes, or with K or M)")) {
      try TextCheck.checkDocument(Data(repeating: 0x61, count: 33), limits: Self.small, what: "session")
    }
  }
}
