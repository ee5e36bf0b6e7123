// coprod — co-production toolkit. Apache-2.0.

import CoprodDocument
import CoprodLua
import Foundation

/// Two renders of one report, in two languages, made into one bilingual document block by
/// block: the first language first (Welsh, for `--lang cy+en`, so Welsh is not treated less
/// favourably than English).
enum BilingualDocument {
  /// Interleaves `first` and `second`: a pair of headings of the same level becomes one
  /// heading `first / second` (so the document keeps one title and its outline); any other
  /// pair is the first block, then the second; a block the same in both languages (a
  /// resident's words, a table of numbers) is written once.
  ///
  /// - Returns: nil when the two documents differ in shape (a different number of blocks, or
  ///   a heading facing another kind of block).
  static func merge(_ first: [Block], _ second: [Block]) -> [Block]? {
    guard first.count == second.count else { return nil }
    var merged: [Block] = []
    for (one, other) in zip(first, second) {
      switch (one, other) {
      case _ where one == other:
        merged.append(one)
      case (.heading(let level, let textOne), .heading(let levelOther, let textOther)):
        guard level == levelOther else { return nil }
        merged.append(.heading(level: level, text: textOne + " / " + textOther))
      case (.heading, _), (_, .heading):
        return nil
      default:
        merged += [one, other]
      }
    }
    return merged
  }

  /// The blocks of one or two renders: merged block by block when they have the same shape,
  /// else the first document then the second; `merged` says which.
  static func combine(_ renders: [RenderedDocument]) -> (blocks: [Block], merged: Bool) {
    guard renders.count == 2 else { return (renders.first?.document.blocks ?? [], true) }
    let (first, second) = (renders[0].document.blocks, renders[1].document.blocks)
    if let blocks = merge(first, second) { return (blocks, true) }
    return (first + second, false)
  }
}

/// Serialises the files a report writes beside its document.
enum ReportFiles {
  /// The bytes of `file`: text as UTF-8, CSV per RFC 4180 (CRLF line ends, fields quoted
  /// when they hold a comma, quote or line break), JSON with sorted keys.
  static func serialise(_ file: ReportFile) -> ReportOutput.File {
    switch file.content {
    case .text(let text):
      return .init(name: file.name, bytes: Data(text.utf8))
    case .csv(let columns, let rows):
      let lines = ([columns] + rows).map { $0.map(csvField).joined(separator: ",") }
      return .init(name: file.name, bytes: Data((lines.joined(separator: "\r\n") + "\r\n").utf8))
    case .json(let value):
      return .init(name: file.name, bytes: Data(JSONLuaValue.write(value).utf8))
    }
  }

  private static func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
