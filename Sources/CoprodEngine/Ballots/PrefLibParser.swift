// coprod — co-production toolkit. Apache-2.0.

import BigInt

// MARK: - Parser

/// Reads PrefLib `.soc .soi .toc .toi .cat` files into a ``BallotProfile``.
///
/// The `# KEY: value` header is kept as metadata; `NUMBER ALTERNATIVES` is required, names
/// come from `ALTERNATIVE NAME i`, and `NUMBER VOTERS`, `NUMBER UNIQUE ORDERS` (or
/// `NUMBER UNIQUE PREFERENCES`) and `NUMBER CATEGORIES` are checked against the data.
/// Data lines are scanned as bytes, without building a `String` per line.
struct PrefLibParser {
  let file: String
  let format: BallotFormat

  /// The most alternatives a file may declare (rank levels are 16-bit).
  static let maxAlternatives = 65_535

  private struct Header {
    var metadata: [BallotProfile.Metadata] = []
    var alternatives: (value: Int, line: Int)?
    var names: [Int: (name: String, line: Int)] = [:]
    var voters: (value: Int64, line: Int)?
    var uniqueOrders: (value: Int64, line: Int)?
    var categories: (value: Int, line: Int)?
  }

  func parse(_ bytes: [UInt8]) throws -> BallotProfile {
    try bytes.withUnsafeBufferPointer { buffer in try parse(buffer, bytes) }
  }

  // MARK: - Header

  private func parse(_ buf: UnsafeBufferPointer<UInt8>, _ bytes: [UInt8]) throws -> BallotProfile {
    var pos = BallotText.bodyStart(bytes)
    var line = 1
    var header = Header()
    // Header lines, and blank lines among them.
    while pos < buf.count {
      let end = lineEnd(buf, from: pos)
      let content = trimmedRange(buf, pos, end)
      if content.isEmpty {
      } else if buf[content.lowerBound] == UInt8(ascii: "#") {
        try readHeaderLine(bytes, content, line: line, into: &header)
      } else {
        break
      }
      pos = end + 1
      line += 1
    }
    guard let alternatives = header.alternatives else {
      throw error(
        nil, "missing `# NUMBER ALTERNATIVES: n` header line; PrefLib files must declare how many alternatives they rank")
    }
    let outOfRange = header.names.filter { $0.key > alternatives.value }
    if let first = outOfRange.min(by: { $0.value.line < $1.value.line }) {
      throw error(
        first.value.line,
        "`ALTERNATIVE NAME \(first.key)` is out of range; the header declares \(alternatives.value) alternatives")
    }
    let candidates = (1...alternatives.value).map { number in
      Candidate(id: String(number), name: header.names[number]?.name)
    }
    var builder = BallotProfileBuilder(kind: format == .cat ? .approval : .ranked, candidates: candidates)
    if let unique = header.uniqueOrders, unique.value > 0 {
      // Sizes from the header, bounded by what the file can hold (a line is at least 4 bytes).
      let lines = Int(min(unique.value, Int64(buf.count / 4 + 1)))
      builder.reserve(distinctBallots: lines, entries: min(lines * alternatives.value, buf.count / 2 + 1))
    }
    let (total, lines) = try readBallots(buf, from: pos, line: line, header: header, into: &builder)
    if lines == 0 {
      throw error(nil, "the file holds no ballots; add `count: ranking` lines after the header")
    }
    if let voters = header.voters, BigInt(voters.value) != total {
      throw error(
        voters.line,
        "header says NUMBER VOTERS: \(voters.value) but the counts add up to \(total); fix the header or the counts")
    }
    if let unique = header.uniqueOrders, unique.value != lines {
      let key = format == .cat ? "NUMBER UNIQUE PREFERENCES" : "NUMBER UNIQUE ORDERS"
      throw error(
        unique.line,
        "header says \(key): \(unique.value) but the file has \(lines) ballot lines; fix the header or the ballot lines")
    }
    var profile = builder.profile
    profile.metadata = header.metadata
    return profile
  }

  private func readHeaderLine(
    _ bytes: [UInt8], _ content: Range<Int>, line: Int, into header: inout Header
  ) throws {
    guard let text = String(validating: bytes[(content.lowerBound + 1)..<content.upperBound], as: UTF8.self)
    else { throw error(line, "the header line is not valid UTF-8; save the file as UTF-8") }
    guard let colon = text.firstIndex(of: ":") else {
      throw error(line, "a header line must look like `# KEY: value`")
    }
    let key = String(BallotText.trimmed(text[..<colon]))
    let value = String(BallotText.trimmed(text[text.index(after: colon)...]))
    if header.metadata.contains(where: { $0.key == key }) {
      throw error(line, "header `\(key)` appears twice; keep one")
    }
    header.metadata.append(BallotProfile.Metadata(key: key, value: value))
    switch key {
    case "NUMBER ALTERNATIVES":
      let count = try number(value, key: key, line: line)
      guard count >= 1 && count <= Int64(Self.maxAlternatives) else {
        throw error(line, "NUMBER ALTERNATIVES must be between 1 and \(Self.maxAlternatives), found \(count)")
      }
      header.alternatives = (Int(count), line)
    case "NUMBER VOTERS":
      header.voters = (try number(value, key: key, line: line), line)
    case "NUMBER UNIQUE ORDERS", "NUMBER UNIQUE PREFERENCES":
      header.uniqueOrders = (try number(value, key: key, line: line), line)
    case "NUMBER CATEGORIES":
      let count = try number(value, key: key, line: line)
      guard count >= 1 && count <= Int64(Self.maxAlternatives) else {
        throw error(line, "NUMBER CATEGORIES must be between 1 and \(Self.maxAlternatives), found \(count)")
      }
      header.categories = (Int(count), line)
    default:
      let prefix = "ALTERNATIVE NAME "
      if key.hasPrefix(prefix) {
        guard let index = BallotText.wholeNumber(key.dropFirst(prefix.count)), index >= 1,
          index <= Int64(Self.maxAlternatives)
        else {
          throw error(line, "`\(key)` must end with an alternative number, like `ALTERNATIVE NAME 3`")
        }
        header.names[Int(index)] = (value, line)
      }
    }
  }

  private func number(_ value: String, key: String, line: Int) throws -> Int64 {
    guard let number = BallotText.wholeNumber(Substring(value)) else {
      throw error(line, "\(key) must be a whole number, found \(BallotText.quoted(Substring(value)))")
    }
    return number
  }

  // MARK: - Ballot lines

  /// Reads every `count: ranking` line; returns the voter total and the number of lines.
  private func readBallots(
    _ buf: UnsafeBufferPointer<UInt8>, from start: Int, line firstLine: Int, header: Header,
    into builder: inout BallotProfileBuilder
  ) throws -> (BigInt, Int64) {
    let alternatives = Int32(header.alternatives?.value ?? 0)
    let allowsTies = format == .toc || format == .toi || format == .cat
    let mustBeComplete = format == .soc || format == .toc
    var seenOnLine = [Int64](repeating: 0, count: Int(alternatives) + 1)
    var entries: [Int32] = []
    var ranks: [UInt16] = []
    var approved: [Int32] = []
    var total = VoterTotal()
    var lines: Int64 = 0
    var pos = start
    var line = firstLine
    while pos < buf.count {
      let end = lineEnd(buf, from: pos)
      let content = trimmedRange(buf, pos, end)
      defer {
        pos = end + 1
        line += 1
      }
      if content.isEmpty { continue }
      if buf[content.lowerBound] == UInt8(ascii: "#") {
        throw error(line, "header line after the first ballot line; move every `#` line to the top")
      }
      lines += 1
      let stamp = Int64(line)
      var p = content.lowerBound
      let stop = content.upperBound
      // Count.
      guard let count = readNumber(buf, &p, stop) else {
        if isDigit(buf, p, stop) { throw error(line, "the count is too large") }
        throw error(line, "expected `count: ranking`, like `12: 3,1,2`, but found \(found(buf, p, stop))")
      }
      guard count >= 1 else { throw error(line, "the count must be at least 1") }
      skipSpaces(buf, &p, stop)
      guard p < stop && buf[p] == UInt8(ascii: ":") else {
        throw error(line, "expected ':' after the count, like `12: 3,1,2`, but found \(found(buf, p, stop))")
      }
      p += 1
      skipSpaces(buf, &p, stop)
      total.add(count)
      // Ranking: items separated by ',', each a number or a `{…}` group.
      entries.removeAll(keepingCapacity: true)
      ranks.removeAll(keepingCapacity: true)
      var level = 0
      var groups = 0
      approved.removeAll(keepingCapacity: true)
      if p == stop { throw error(line, "the ranking is empty; list at least one alternative after ':'") }
      while true {
        let groupStart = entries.count
        if buf[p] == UInt8(ascii: "{") {
          p += 1
          skipSpaces(buf, &p, stop)
          if p < stop && buf[p] == UInt8(ascii: "}") {
            guard format == .cat else {
              throw error(line, "empty tie `{}`; only .cat files may have empty categories")
            }
          } else {
            while true {
              try readAlternative(buf, &p, stop, line, alternatives, stamp, &seenOnLine, &entries)
              skipSpaces(buf, &p, stop)
              guard p < stop else { throw error(line, "missing '}' to close the tie") }
              if buf[p] == UInt8(ascii: "}") { break }
              guard buf[p] == UInt8(ascii: ",") else {
                throw error(line, "expected ',' or '}' inside the tie but found \(found(buf, p, stop))")
              }
              p += 1
              skipSpaces(buf, &p, stop)
            }
          }
          p += 1
          if entries.count - groupStart > 1 {
            guard allowsTies else {
              throw error(
                line, "ties `{…}` are not allowed in a .\(format.rawValue) file; use .\(format == .soc ? "toc" : "toi") for rankings with ties")
            }
            sortGroup(&entries, from: groupStart)
          }
        } else {
          try readAlternative(buf, &p, stop, line, alternatives, stamp, &seenOnLine, &entries)
        }
        if format == .cat {
          if groups == 0 { approved.append(contentsOf: entries[groupStart...]) }
        } else {
          for _ in groupStart..<entries.count { ranks.append(UInt16(level)) }
        }
        groups += 1
        level += 1
        skipSpaces(buf, &p, stop)
        if p == stop { break }
        guard buf[p] == UInt8(ascii: ",") else {
          throw error(line, "expected ',' between alternatives but found \(found(buf, p, stop))")
        }
        p += 1
        skipSpaces(buf, &p, stop)
        guard p < stop else { throw error(line, "the ranking ends with ','; remove it or add an alternative") }
      }
      if mustBeComplete && entries.count != Int(alternatives) {
        throw error(
          line,
          "ranks \(entries.count) of \(alternatives) alternatives; a .\(format.rawValue) file must rank every alternative (use .\(format == .soc ? "soi" : "toi") for partial rankings)")
      }
      if format == .cat {
        if let categories = header.categories, groups != categories.value {
          throw error(
            line, "the ballot has \(groups) categories but the header says NUMBER CATEGORIES: \(categories.value)")
        }
        approved.sort()
        builder.addCanonical(entries: approved, ranks: [], points: [], count: count)
      } else {
        builder.addCanonical(entries: entries, ranks: ranks, points: [], count: count)
      }
    }
    return (total.value, lines)
  }

  /// Reads one alternative number into `entries`, checking range and repetition.
  private func readAlternative(
    _ buf: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ stop: Int, _ line: Int,
    _ alternatives: Int32, _ stamp: Int64, _ seen: inout [Int64], _ entries: inout [Int32]
  ) throws {
    let before = p
    let number = readNumber(buf, &p, stop)
    if number == nil && !isDigit(buf, before, stop) {
      throw error(line, "expected an alternative number but found \(found(buf, before, stop))")
    }
    guard let number, number >= 1 && number <= Int64(alternatives) else {
      var digitsEnd = before
      while isDigit(buf, digitsEnd, stop) && digitsEnd - before < 20 { digitsEnd += 1 }
      let shown = String(decoding: UnsafeBufferPointer(rebasing: buf[before..<digitsEnd]), as: UTF8.self)
      throw error(line, "alternative \(shown) is out of range; the header declares alternatives 1 to \(alternatives)")
    }
    let index = Int(number)
    guard seen[index] != stamp else {
      throw error(line, "alternative \(number) appears twice in this ballot; list each alternative once")
    }
    seen[index] = stamp
    entries.append(Int32(index - 1))
  }

  // MARK: - Scanning

  private func error(_ line: Int?, _ problem: String) -> BallotFileError {
    BallotFileError(file: file, line: line, problem: problem)
  }

  /// The offset of the `\n` ending the line that starts at `pos`, or the buffer's end.
  private func lineEnd(_ buf: UnsafeBufferPointer<UInt8>, from pos: Int) -> Int {
    var end = pos
    while end < buf.count && buf[end] != BallotText.newline { end += 1 }
    return end
  }

  /// `start..<end` without surrounding spaces, tabs and a trailing `\r`.
  private func trimmedRange(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Range<Int> {
    var low = start
    var high = end
    while high > low
      && (buf[high - 1] == BallotText.carriageReturn || buf[high - 1] == BallotText.space
        || buf[high - 1] == BallotText.tab)
    { high -= 1 }
    while low < high && (buf[low] == BallotText.space || buf[low] == BallotText.tab) { low += 1 }
    return low..<high
  }

  private func skipSpaces(_ buf: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ stop: Int) {
    while p < stop && (buf[p] == BallotText.space || buf[p] == BallotText.tab) { p += 1 }
  }

  /// Reads decimal digits at `p`; nil if there are none or the number does not fit.
  private func readNumber(_ buf: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ stop: Int) -> Int64? {
    let start = p
    var value: Int64 = 0
    while p < stop, buf[p] >= BallotText.zero, buf[p] <= BallotText.nine {
      let (times, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times.addingReportingOverflow(Int64(buf[p] - BallotText.zero))
      if o1 || o2 { return nil }
      value = sum
      p += 1
    }
    return p == start ? nil : value
  }

  private func isDigit(_ buf: UnsafeBufferPointer<UInt8>, _ p: Int, _ stop: Int) -> Bool {
    p < stop && buf[p] >= BallotText.zero && buf[p] <= BallotText.nine
  }

  private func found(_ buf: UnsafeBufferPointer<UInt8>, _ p: Int, _ stop: Int) -> String {
    p < stop ? BallotText.describe(buf[p]) : "the end of the line"
  }

  /// Sorts `entries[start...]` ascending (tie groups are small).
  private func sortGroup(_ entries: inout [Int32], from start: Int) {
    var i = start + 1
    while i < entries.count {
      let value = entries[i]
      var j = i - 1
      while j >= start && entries[j] > value {
        entries[j + 1] = entries[j]
        j -= 1
      }
      entries[j + 1] = value
      i += 1
    }
  }
}
