// coprod — co-production toolkit. Apache-2.0.

// MARK: - Values read from Lua

/// A Lua value copied into Swift, for validating what a plugin returns.
///
/// Tables are read with raw access only (no metamethods run). Functions stay in Lua and are
/// referred to by a registry reference owned by the ``LuaSandbox`` that read them.
public indirect enum LuaValue: Equatable, Sendable {
  /// `nil`.
  case `nil`
  /// A boolean.
  case boolean(Bool)
  /// A 64-bit integer.
  case integer(Int64)
  /// A float.
  case number(Double)
  /// A string (invalid UTF-8 is repaired).
  case string(String)
  /// A table: its sequence part and its string-keyed fields.
  case table(LuaTable)
  /// A function, kept in the sandbox's registry.
  case function(LuaFunctionReference)
  /// Any other Lua type (userdata, thread), by type name.
  case other(String)

  /// The Lua type name, for error messages.
  public var typeName: String {
    switch self {
    case .nil: "nil"
    case .boolean: "boolean"
    case .integer, .number: "number"
    case .string: "string"
    case .table: "table"
    case .function: "function"
    case .other(let name): name
    }
  }

  /// The string, if this is a string.
  public var stringValue: String? {
    if case .string(let value) = self { value } else { nil }
  }

  /// The table, if this is a table.
  public var tableValue: LuaTable? {
    if case .table(let value) = self { value } else { nil }
  }

  /// The value as a Double, if it is a number.
  public var doubleValue: Double? {
    switch self {
    case .integer(let value): Double(value)
    case .number(let value): value
    default: nil
    }
  }

  /// The value as an integer, if it is an integer or a float with an exact integer value.
  public var integerValue: Int64? {
    switch self {
    case .integer(let value): value
    case .number(let value): Int64(exactly: value)
    default: nil
    }
  }
}

/// A Lua table copied into Swift.
public struct LuaTable: Equatable, Sendable {
  /// Values at keys 1...n (the sequence part).
  public var array: [LuaValue]
  /// Values at string keys.
  public var fields: [String: LuaValue]
  /// Descriptions of keys that are neither 1...n nor strings (e.g. `"key 2.5"`).
  public var otherKeys: [String]

  /// Creates a table.
  public init(array: [LuaValue] = [], fields: [String: LuaValue] = [:], otherKeys: [String] = []) {
    self.array = array
    self.fields = fields
    self.otherKeys = otherKeys
  }

  /// The field `key`, or `.nil`.
  public subscript(key: String) -> LuaValue { fields[key] ?? .nil }
}

/// A function that stays inside a sandbox, referred to by its registry slot.
public struct LuaFunctionReference: Equatable, Sendable, Hashable {
  /// The registry reference (`luaL_ref`).
  public let reference: Int32
}
