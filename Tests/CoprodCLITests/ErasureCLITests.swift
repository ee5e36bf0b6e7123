// coprod — co-production toolkit. Apache-2.0.

import CoprodTestSupport
import Foundation
import Testing

/// `coprod erase` leaves no byte of what it erased anywhere: not in the workspace folder's
/// files (database, free pages, write-ahead log) nor in any export.
@Suite("erasure leaves nothing behind")
struct ErasureCLITests {
  /// What the erased people gave: distinctive enough that finding one anywhere is a leak.
  static let markers = [
    "Quorblewick", "Zéphyrine", "quorble.marker@example.org", "01632 960417", "Glimmerstep ramp",
    "the boiler hissed like Brindlewhump", "Snorkelgrass said the damp came back", "Flumpetry of the bins",
  ]

  /// Every byte form a marker could take in a file: UTF-8, JSON-escaped, UTF-16 both ways,
  /// and shell-quoted as a command line records it.
  static func forms(_ marker: String) -> [Data] {
    let escaped = marker.unicodeScalars.map { $0.isASCII ? String($0) : String(format: "\\u%04x", $0.value) }.joined()
    return [
      Data(marker.utf8), Data(escaped.utf8), marker.data(using: .utf16LittleEndian)!, marker.data(using: .utf16BigEndian)!,
      Data(("'" + marker.replacingOccurrences(of: "'", with: "'\\''") + "'").utf8),
    ]
  }

  /// The markers found in `data`.
  static func leaks(in data: Data) -> [String] {
    markers.filter { marker in forms(marker).contains { data.range(of: $0) != nil } }
  }

  /// Every file below `folder`, with the markers it holds.
  static func leaks(below folder: String) throws -> [String: [String]] {
    var found: [String: [String]] = [:]
    let files = try FileManager.default.subpathsOfDirectory(atPath: folder)
    for file in files {
      let path = folder + "/" + file
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
      let leaked = leaks(in: try Data(contentsOf: URL(fileURLWithPath: path)))
      if !leaked.isEmpty { found[file] = leaked }
    }
    return found
  }

  @Test func erasedWordsNamesAndContactDetailsAreNowhere() throws {
    let ws = try newWorkspace("erasure")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("coprod-erasure-out-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    try """
      id,name,email,phone,perspectives,access_needs,language
      p001,Quorblewick Zéphyrine,quorble.marker@example.org,01632 960417,resident,Glimmerstep ramp,en
      p002,Sam Other,sam@example.org,,staff,,en

      """.write(toFile: scratch + "/people.csv", atomically: true, encoding: .utf8)
    try """
      id,author,kind,text,quote
      s001,p001,story,"the boiler hissed like Brindlewhump",yes
      s002,p002,story,"The lift was broken again.",yes

      """.write(toFile: scratch + "/stories.csv", atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(atPath: scratch + "/polis", withIntermediateDirectories: true)
    try """
      timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body
      1700000000000,x,0,1,2,1,1,Flumpetry of the bins
      1700000000001,x,1,2,1,0,1,Mend the lights

      """.write(toFile: scratch + "/polis/comments.csv", atomically: true, encoding: .utf8)
    try """
      timestamp,datetime,comment-id,voter-id,vote
      1700000002000,x,0,1,1
      1700000003000,x,0,2,1
      1700000004000,x,0,3,-1
      1700000005000,x,1,1,1

      """.write(toFile: scratch + "/polis/votes.csv", atomically: true, encoding: .utf8)
    _ = try ok(["participants", "import", scratch + "/people.csv"], in: ws)
    _ = try ok(["contributions", "import", scratch + "/stories.csv"], in: ws)
    _ = try ok(["contributions", "add", "--kind", "idea", "--text", "Snorkelgrass said the damp came back", "--author", "p001"], in: ws)
    _ = try ok(["polis", "import", scratch + "/polis", "--agree-sign", "positive"], in: ws)
    let participantsBefore = try ok(["participants", "list"], in: ws)
    let contributionsBefore = try ok(["contributions", "list", "--json"], in: ws)
    #expect(!(try Self.leaks(below: ws)).isEmpty)

    _ = try ok(["erase", "p001"], in: ws)
    _ = try ok(["erase", "polis-1"], in: ws)

    #expect(try Self.leaks(below: ws) == [:])
    for include in [false, true] {
      let bundle = scratch + "/bundle-\(include).jsonl"
      _ = try ok(["export", "--out", bundle] + (include ? ["--include-personal-data"] : []), in: ws)
      #expect(Self.leaks(in: try Data(contentsOf: URL(fileURLWithPath: bundle))) == [], "export, personal data \(include)")
    }
    for arguments in [["log"], ["log", "--json"], ["contributions", "list", "--json"], ["participants", "list", "--json"]] {
      #expect(Self.leaks(in: Data(try ok(arguments, in: ws).utf8)) == [], "\(arguments)")
    }
    // Counts survive: the same people with the same statuses but two erased, the same
    // contributions with the same votes, only the erased texts blanked.
    #expect(
      try ok(["participants", "list"], in: ws)
        == participantsBefore.replacingOccurrences(of: "p001\tresident\ten\tactive", with: "p001\tresident\ten\terased")
        .replacingOccurrences(of: "polis-1\t\t\tactive", with: "polis-1\t\t\terased"))
    // The erased people's contributions keep their votes; only their texts are blanked.
    func listing(_ text: String) throws -> [NSDictionary] {
      try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [NSDictionary])
    }
    let expected = try listing(contributionsBefore).map { entry in
      let entry = entry.mutableCopy() as! NSMutableDictionary
      let contribution = (entry["contribution"] as! NSDictionary).mutableCopy() as! NSMutableDictionary
      if ["p001", "polis-1"].contains(contribution["authorID"] as? String) {
        contribution["text"] = ""
        entry["erased"] = true
      }
      entry["contribution"] = contribution
      return entry as NSDictionary
    }
    #expect(try listing(try ok(["contributions", "list", "--json"], in: ws)) == expected)
    #expect(try ok(["verify"], in: ws).hasSuffix("ok: the stored tables are exactly what the event log produces\n"))
  }

  @Test func commandLinesNeverHoldWhatPeopleSaid() throws {
    let ws = try newWorkspace("command-lines")
    defer { try? FileManager.default.removeItem(atPath: ws) }
    _ = try ok(["contributions", "add", "--kind", "idea", "--text", "Snorkelgrass said the damp came back"], in: ws)
    let log = try ok(["log"], in: ws)
    #expect(log.contains("#1 contributions add --kind idea --text …\tcontribution.added"))
    #expect(!log.contains("Snorkelgrass"))
  }
}
