// coprod — co-production toolkit. Apache-2.0.

import BigInt
import CoprodLua
import CoprodModel
import Foundation

/// Reads JSON (e.g. a tally result) into a Lua value for a report's `data`, and writes a Lua
/// value as JSON (`--dump-input`).
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

  /// Writes `value` as pretty JSON with sorted keys and a final newline: a table with only a
  /// sequence part is an array, any other table an object (sequence items under "1", "2", …);
  /// a function is written as "<function>".
  public static func write(_ value: LuaValue) -> String {
    var lines = ""
    write(value, indent: "", into: &lines)
    return lines + "\n"
  }

  private static func write(_ value: LuaValue, indent: String, into out: inout String) {
    switch value {
    case .nil, .other: out += "null"
    case .boolean(let flag): out += flag ? "true" : "false"
    case .integer(let number): out += String(number)
    case .number(let number): out += number.isFinite ? "\(number)" : "null"
    case .string(let text): out += quoted(text)
    case .function: out += quoted("<function>")
    case .table(let table):
      let inner = indent + "  "
      if table.fields.isEmpty && !table.array.isEmpty {
        out += "[\n"
        for (offset, item) in table.array.enumerated() {
          out += inner
          write(item, indent: inner, into: &out)
          out += offset == table.array.count - 1 ? "\n" : ",\n"
        }
        out += indent + "]"
        return
      }
      var entries = table.fields.map { ($0.key, $0.value) }
      entries += table.array.enumerated().map { (String($0.offset + 1), $0.element) }
      entries.sort { $0.0 < $1.0 }
      guard !entries.isEmpty else {
        out += "{}"
        return
      }
      out += "{\n"
      for (offset, entry) in entries.enumerated() {
        out += inner + quoted(entry.0) + ": "
        write(entry.1, indent: inner, into: &out)
        out += offset == entries.count - 1 ? "\n" : ",\n"
      }
      out += indent + "}"
    }
  }

  private static func quoted(_ text: String) -> String {
    let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
    return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\\/", with: "/")
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
