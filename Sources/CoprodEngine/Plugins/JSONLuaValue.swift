// coprod — co-production toolkit. Apache-2.0.

import BigInt
import CoprodLua
import CoprodModel
import Foundation

/// Reads JSON (e.g. a tally result) into a Lua value for a report's `data`.
public enum JSONLuaValue {
  /// Parses `data` as JSON; `file` names it in errors.
  ///
  /// - Throws: ``JSONInputError`` when the bytes are not JSON.
  public static func read(_ data: Data, file: String) throws -> LuaValue {
    do {
      return try JSONDecoder().decode(Node.self, from: data).value
    } catch {
      throw JSONInputError(description: "\(file): is not valid JSON; give the output of a command such as coprod tally … --format json")
    }
  }

  private struct Node: Decodable {
    let value: LuaValue

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if container.decodeNil() {
        value = .nil
      } else if let flag = try? container.decode(Bool.self) {
        value = .boolean(flag)
      } else if let integer = try? container.decode(Int64.self) {
        value = .integer(integer)
      } else if let decimal = try? container.decode(Decimal.self), decimal.exponent >= 0, decimal.isFinite,
        case .bigInteger(let big)? = TallyNumber.exact(BigInt(decimal.description) ?? 0)
      {
        value = .string(String(big))  // a whole number beyond 64 bits: an exact integer (coprod.exact)
      } else if let number = try? container.decode(Double.self) {
        value = .number(number)
      } else if let text = try? container.decode(String.self) {
        value = .string(text)
      } else if let array = try? container.decode([Node].self) {
        value = .table(LuaTable(array: array.map(\.value)))
      } else {
        value = .table(LuaTable(fields: try container.decode([String: Node].self).mapValues(\.value)))
      }
    }
  }
}

/// A JSON input file that cannot be read.
public struct JSONInputError: ReportableError, Equatable {
  /// What is wrong and what to do.
  public var description: String
}
