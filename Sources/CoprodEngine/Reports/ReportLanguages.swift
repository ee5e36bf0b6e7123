// coprod — co-production toolkit. Apache-2.0.

import CoprodLua
import Foundation

/// Two renders of one report, in two languages, made into one bilingual document block by
/// block: the first language first (Welsh, for `--lang cy+en`, so Welsh is not treated less
/// favourably than English).
enum BilingualDocument {
  /// Interleaves `first` and `second` (Markdown blocks): a pair of headings of the same level
  /// becomes one heading `first / second` (so the document keeps one title and its outline);
  /// any other pair is the first block, then the second; a block the same in both languages
  /// (a resident's words, a table of numbers) is written once.
  ///
  /// - Returns: nil when the two documents differ in shape (a different number of blocks, or
  ///   a heading facing a paragraph).
  static func merge(_ first: [String], _ second: [String]) -> [String]? {
    guard first.count == second.count else { return nil }
    var merged: [String] = []
    for (one, other) in zip(first, second) {
      let (levelOne, textOne) = heading(one)
      let (levelOther, textOther) = heading(other)
      guard levelOne == levelOther else { return nil }
      if one == other {
        merged.append(one)
      } else if let level = levelOne {
        merged.append(String(repeating: "#", count: level) + " " + textOne + " / " + textOther)
      } else {
        merged += [one, other]
      }
    }
    return merged
  }

  /// The blocks of one or two renders: merged block by block when they have the same shape,
  /// else the first document, a rule (`---`) and the second; `merged` says which.
  static func combine(_ renders: [RenderedDocument]) -> (blocks: [String], merged: Bool) {
    guard renders.count == 2 else { return (renders.first?.blocks ?? [], true) }
    if let blocks = merge(renders[0].blocks, renders[1].blocks) { return (blocks, true) }
    return (renders[0].blocks + ["---"] + renders[1].blocks, false)
  }

  /// The level and text of a Markdown heading block, or nil and the block.
  private static func heading(_ block: String) -> (Int?, String) {
    let hashes = block.prefix { $0 == "#" }.count
    guard (1...6).contains(hashes), block.dropFirst(hashes).first == " " else { return (nil, block) }
    return (hashes, String(block.dropFirst(hashes + 1)))
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
