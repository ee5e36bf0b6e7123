// coprod — co-production toolkit. Apache-2.0.

import CoprodEngine
import Foundation
import Testing

// MARK: - Fixtures and helpers

/// Paths of files in Tests/CoprodEngineTests/Fixtures.
enum Fixture {
  static func path(_ name: String) throws -> String {
    let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return folder.appendingPathComponent(name).path
  }
}

/// Parses `text` as `format`, naming the file `file`.
func parse(_ text: String, _ format: BallotFormat, file: String? = nil, kind: BallotKind? = nil)
  throws -> BallotProfile
{
  try BallotFile.parse(bytes: Array(text.utf8), file: file ?? "t.\(format.rawValue)", format: format, kind: kind)
}

/// The error message parsing `bytes` gives, or nil if it parses.
func parseError(_ bytes: [UInt8], _ format: BallotFormat, file: String? = nil, kind: BallotKind? = nil)
  -> String?
{
  do {
    _ = try BallotFile.parse(bytes: bytes, file: file ?? "t.\(format.rawValue)", format: format, kind: kind)
    return nil
  } catch let error as BallotFileError {
    return error.description
  } catch {
    return "unexpected error type: \(error)"
  }
}

/// The error message parsing `text` gives, or nil if it parses.
func parseError(_ text: String, _ format: BallotFormat, file: String? = nil, kind: BallotKind? = nil)
  -> String?
{
  parseError(Array(text.utf8), format, file: file, kind: kind)
}

/// Ballot `index` of `profile` as (count, candidate ids, rank levels, points).
struct BallotView: Equatable, CustomStringConvertible {
  var count: Int64
  var ids: [String]
  var ranks: [UInt16]
  var points: [Int64]

  init(count: Int64, ids: [String], ranks: [UInt16] = [], points: [Int64] = []) {
    self.count = count
    self.ids = ids
    self.ranks = ranks
    self.points = points
  }

  init(_ profile: BallotProfile, _ index: Int) {
    let range = profile.range(of: index)
    count = profile.counts[index]
    ids = range.map { profile.candidates[Int(profile.entries[$0])].id }
    ranks = profile.ranks.isEmpty ? [] : Array(profile.ranks[range])
    points = profile.points.isEmpty ? [] : Array(profile.points[range])
  }

  var description: String { "\(count)× \(ids) ranks \(ranks) points \(points)" }
}

extension BallotProfile {
  /// Every ballot as a ``BallotView``.
  var views: [BallotView] { (0..<distinctBallots).map { BallotView(self, $0) } }
}
