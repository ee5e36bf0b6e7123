// coprod — co-production toolkit. Apache-2.0.

import CoprodModel
import GRDB

// MARK: - Error mapping

/// Turns SQLite failures into ``StoreError``s a person can act on.
enum StoreErrorMapping {
  /// Runs `body`, mapping busy, damaged and unwritable-database errors.
  static func map<T>(path: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as DatabaseError {
      throw mapped(error, path: path) ?? error
    }
  }

  static func mapped(_ error: DatabaseError, path: String) -> StoreError? {
    switch error.resultCode {
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      StoreError(.busy, path: path)
    case .SQLITE_NOTADB, .SQLITE_CORRUPT:
      StoreError(.damaged(error.message ?? "\(error.resultCode)"), path: path)
    case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_PERM:
      StoreError(.cannotWrite(error.message ?? "\(error.resultCode)"), path: path)
    default:
      nil
    }
  }
}
