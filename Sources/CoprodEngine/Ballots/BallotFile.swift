// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import Foundation

// MARK: - Formats

/// A ballot file format coprod reads.
public enum BallotFormat: String, Sendable, CaseIterable, Codable {
  /// Comma-separated ballots, one per row (ranked `A>B=C`, approval `A;C`, scores `A:5;B:3`).
  case csv
  /// PrefLib strict orders, complete.
  case soc
  /// PrefLib strict orders, incomplete.
  case soi
  /// PrefLib orders with ties, complete.
  case toc
  /// PrefLib orders with ties, incomplete.
  case toi
  /// PrefLib categorical preferences (the first category is read as approval).
  case cat
  /// Pabulib participatory-budgeting file.
  case pb
  /// BLT file as used for STV counts.
  case blt

  /// The format named by a path's extension (case-insensitive), or nil.
  public init?(path: String) {
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
    self.init(rawValue: path[path.index(after: dot)...].lowercased())
  }

  /// The ballot kind the format always holds, or nil when the content decides (CSV, Pabulib).
  var fixedKind: BallotKind? {
    switch self {
    case .soc, .soi, .toc, .toi, .blt: .ranked
    case .cat: .approval
    case .csv, .pb: nil
    }
  }
}

// MARK: - Loading

/// The single entry point for reading ballot files.
public enum BallotFile {
  /// Reads the ballot file at `path`.
  ///
  /// - Parameters:
  ///   - path: The file to read; also the name used in error messages.
  ///   - format: The format, or nil to choose it from the extension
  ///     (`.csv .soc .soi .toc .toi .cat .pb .blt`).
  ///   - kind: For CSV, the ballot kind to read regardless of what the content looks like;
  ///     for other formats, the kind the file must hold.
  /// - Returns: The aggregated profile.
  /// - Throws: ``BallotFileError`` describing the first problem found.
  public static func load(path: String, format: BallotFormat? = nil, kind: BallotKind? = nil)
    throws -> BallotProfile
  {
    let chosen = try resolveFormat(path: path, format: format)
    return try parse(bytes: read(path), file: path, format: chosen, kind: kind)
  }

  /// Parses ballot file content already in memory; `file` names it in error messages.
  ///
  /// - Throws: ``BallotFileError`` describing the first problem found.
  public static func parse(
    bytes: [UInt8], file: String, format: BallotFormat, kind: BallotKind? = nil
  ) throws -> BallotProfile {
    try checkText(bytes, file: file, format: format)
    let profile: BallotProfile
    switch format {
    case .csv:
      return try CSVBallotParser(file: file, kind: kind).parse(bytes)
    case .soc, .soi, .toc, .toi, .cat:
      profile = try PrefLibParser(file: file, format: format).parse(bytes)
    case .pb:
      profile = try PabulibParser(file: file).parse(bytes).profile
    case .blt:
      profile = try BLTParser(file: file).parse(bytes)
    }
    if let kind, kind != profile.kind {
      throw BallotFileError(
        file: file, line: nil,
        problem: "the file holds \(profile.kind.rawValue) ballots, not \(kind.rawValue)")
    }
    return profile
  }

  /// Reads a Pabulib file with the city's outcome (`selected`) and rule alongside the profile.
  ///
  /// - Throws: ``BallotFileError`` describing the first problem found.
  public static func loadPabulib(path: String) throws -> PabulibFile {
    let bytes = try read(path)
    try checkText(bytes, file: path, format: .pb)
    return try PabulibParser(file: path).parse(bytes)
  }

  /// The checks every ballot file passes before it is parsed: not empty or blank, UTF-8, no
  /// line or field longer than ``InputLimits/current``.
  ///
  /// - Throws: ``BallotFileError`` naming the line.
  static func checkText(_ bytes: [UInt8], file: String, format: BallotFormat) throws {
    let delimiter: UInt8? = switch format {
    case .csv: UInt8(ascii: ",")
    case .pb: UInt8(ascii: ";")
    case .soc, .soi, .toc, .toi, .cat, .blt: nil
    }
    do {
      try TextCheck.check(bytes, limits: .current, delimiter: delimiter, what: "ballots")
    } catch {
      throw BallotFileError(file: file, line: error.line, problem: error.problem)
    }
  }

  // MARK: - Helpers

  /// The format given, else the one the file name's extension names.
  ///
  /// - Throws: ``BallotFileError`` when the extension is not a ballot format.
  public static func resolveFormat(path: String, format: BallotFormat?) throws -> BallotFormat {
    if let format { return format }
    if let detected = BallotFormat(path: path) { return detected }
    let names = BallotFormat.allCases.map { "." + $0.rawValue }.joined(separator: " ")
    throw BallotFileError(
      file: path, line: nil,
      problem: "cannot tell the ballot format from the file name; use one of \(names) or give the format (--input-format)")
  }

  /// Reads the file's bytes.
  ///
  /// - Throws: ``BallotFileError`` when the file is missing or unreadable.
  public static func read(_ path: String) throws -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw BallotFileError(file: path, line: nil, problem: "no such file; check the path")
    }
    guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
      throw BallotFileError(
        file: path, line: nil, problem: "cannot read the file; check that it is a readable file")
    }
    return [UInt8](data)
  }
}
