// coprod — co-production toolkit. Apache-2.0.

import CLua
import CLuaShims
import Foundation

// MARK: - Stack access that never raises

/// Non-raising operations on a Lua stack, for the host side of the bridge.
///
/// Only API functions that cannot raise a Lua error are used here (raw gets and sets, pushes,
/// type tests, conversions); memory errors cannot occur because the allocator does not apply
/// the plugin's cap while the host is working (`host_bypass`). This is what keeps Lua's
/// longjmp from ever crossing a Swift frame.
public struct LuaStack {
  let state: OpaquePointer

  init(_ state: OpaquePointer) { self.state = state }

  // MARK: Reading

  /// Number of values on the stack.
  public var top: Int32 { lua_gettop(state) }

  /// The Lua type at `index`.
  func type(at index: Int32) -> Int32 { lua_type(state, index) }

  /// The Lua type name at `index`.
  public func typeName(at index: Int32) -> String { String(cString: lua_typename(state, lua_type(state, index))) }

  /// The string at `index` (without converting numbers in place), or nil.
  public func string(at index: Int32) -> String? {
    guard lua_type(state, index) == LUA_TSTRING else { return nil }
    var length = 0
    guard let bytes = lua_tolstring(state, index, &length) else { return nil }
    return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
  }

  /// The number at `index` as a Double, or nil if it is not a number.
  public func double(at index: Int32) -> Double? {
    guard lua_type(state, index) == LUA_TNUMBER else { return nil }
    return clua_tonumber(state, index)
  }

  /// The integer at `index` (also floats with an integral value), or nil.
  public func integer(at index: Int32) -> Int64? {
    guard lua_type(state, index) == LUA_TNUMBER else { return nil }
    var isInteger: Int32 = 0
    let value = lua_tointegerx(state, index, &isInteger)
    return isInteger != 0 ? Int64(value) : nil
  }

  /// Whether the value at `index` is a Lua integer (not a float).
  public func isInteger(at index: Int32) -> Bool { lua_isinteger(state, index) != 0 }

  /// Copies the value at `index` into Swift, reading tables with raw access.
  ///
  /// - Parameters:
  ///   - index: a stack index.
  ///   - keepFunctions: when true, functions are stored in the registry and returned as
  ///     references; otherwise they are described as `.other("function")`.
  ///   - budget: the largest number of table entries to copy, in total.
  public func value(at index: Int32, keepFunctions: Bool = false, budget: Int = 1_000_000) throws(LuaReadError) -> LuaValue {
    var remaining = budget
    return try read(lua_absindex(state, index), depth: 0, keepFunctions: keepFunctions, remaining: &remaining)
  }

  private func read(_ index: Int32, depth: Int, keepFunctions: Bool, remaining: inout Int) throws(LuaReadError) -> LuaValue {
    switch lua_type(state, index) {
    case LUA_TNIL, LUA_TNONE: return .nil
    case LUA_TBOOLEAN: return .boolean(lua_toboolean(state, index) != 0)
    case LUA_TNUMBER:
      if lua_isinteger(state, index) != 0 { return .integer(Int64(clua_tointeger(state, index))) }
      return .number(clua_tonumber(state, index))
    case LUA_TSTRING: return .string(string(at: index) ?? "")
    case LUA_TFUNCTION:
      guard keepFunctions else { return .other("function") }
      lua_pushvalue(state, index)
      return .function(LuaFunctionReference(reference: luaL_ref(state, clua_registryindex())))
    case LUA_TTABLE:
      guard depth < 64 else { throw LuaReadError(problem: "tables are nested more than 64 deep") }
      return .table(try readTable(index, depth: depth, keepFunctions: keepFunctions, remaining: &remaining))
    default:
      return .other(typeName(at: index))
    }
  }

  private func readTable(_ index: Int32, depth: Int, keepFunctions: Bool, remaining: inout Int) throws(LuaReadError) -> LuaTable {
    var table = LuaTable()
    let length = Int(lua_rawlen(state, index))
    guard length <= remaining else { throw LuaReadError(problem: "a table has more than \(remaining) entries") }
    table.array.reserveCapacity(length)
    for position in 0..<length {
      lua_rawgeti(state, index, lua_Integer(position + 1))
      defer { clua_pop(state, 1) }
      table.array.append(try read(lua_gettop(state), depth: depth + 1, keepFunctions: keepFunctions, remaining: &remaining))
    }
    remaining -= length
    lua_pushnil(state)
    while lua_next(state, index) != 0 {
      // key at -2, value at -1
      remaining -= 1
      guard remaining >= 0 else {
        clua_pop(state, 2)
        throw LuaReadError(problem: "a table has too many entries")
      }
      let keyType = lua_type(state, -2)
      if keyType == LUA_TNUMBER, lua_isinteger(state, -2) != 0 {
        let key = clua_tointeger(state, -2)
        if key >= 1 && key <= length { clua_pop(state, 1); continue }
        table.otherKeys.append("key \(key)")
      } else if keyType == LUA_TSTRING {
        let key = string(at: -2) ?? ""
        do {
          table.fields[key] = try read(lua_gettop(state), depth: depth + 1, keepFunctions: keepFunctions, remaining: &remaining)
        } catch {
          clua_pop(state, 2)
          throw error
        }
      } else {
        table.otherKeys.append("a \(typeName(at: -2)) key")
      }
      clua_pop(state, 1)
    }
    return table
  }

  /// Reads an array of strings at `index`; nil when it is not a table of strings.
  public func stringArray(at index: Int32) -> [String]? {
    guard lua_type(state, index) == LUA_TTABLE else { return nil }
    let length = Int(lua_rawlen(state, index))
    var result: [String] = []
    result.reserveCapacity(length)
    for position in 1...max(length, 1) where length > 0 {
      lua_rawgeti(state, index, lua_Integer(position))
      defer { clua_pop(state, 1) }
      guard let item = string(at: -1) else { return nil }
      result.append(item)
    }
    return result
  }

  /// Reads an array of numbers at `index`; nil when it is not a table of numbers.
  public func doubleArray(at index: Int32) -> [Double]? {
    guard lua_type(state, index) == LUA_TTABLE else { return nil }
    let length = Int(lua_rawlen(state, index))
    var result = [Double](repeating: 0, count: length)
    for position in 0..<length {
      lua_rawgeti(state, index, lua_Integer(position + 1))
      defer { clua_pop(state, 1) }
      guard lua_type(state, -1) == LUA_TNUMBER else { return nil }
      result[position] = clua_tonumber(state, -1)
    }
    return result
  }

  // MARK: Writing

  /// Pushes nil.
  public func pushNil() { lua_pushnil(state) }
  /// Pushes a boolean.
  public func push(_ value: Bool) { lua_pushboolean(state, value ? 1 : 0) }
  /// Pushes an integer.
  public func push(_ value: Int64) { lua_pushinteger(state, lua_Integer(value)) }
  /// Pushes an integer.
  public func push(_ value: Int) { lua_pushinteger(state, lua_Integer(value)) }
  /// Pushes a float.
  public func push(_ value: Double) { lua_pushnumber(state, value) }
  /// Pushes a string.
  public func push(_ value: String) {
    var copy = value
    copy.withUTF8 { bytes in
      _ = bytes.withMemoryRebound(to: CChar.self) { lua_pushlstring(state, $0.baseAddress, $0.count) }
    }
  }
  /// Pushes a new table with room for `array` sequence items and `fields` other fields.
  public func pushTable(array: Int = 0, fields: Int = 0) {
    lua_createtable(state, Int32(clamping: array), Int32(clamping: fields))
  }
  /// Pushes a Swift copy of a Lua value (functions become nil).
  public func push(_ value: LuaValue) {
    switch value {
    case .nil, .other: lua_pushnil(state)
    case .boolean(let flag): push(flag)
    case .integer(let number): push(number)
    case .number(let number): push(number)
    case .string(let text): push(text)
    case .function(let function): lua_rawgeti(state, clua_registryindex(), lua_Integer(function.reference))
    case .table(let table):
      pushTable(array: table.array.count, fields: table.fields.count)
      for (position, item) in table.array.enumerated() {
        push(item)
        lua_rawseti(state, -2, lua_Integer(position + 1))
      }
      for key in table.fields.keys.sorted() {
        push(table.fields[key] ?? .nil)
        setField(key)
      }
    }
  }
  /// Pops a value and stores it in the table at -2 under `key` (raw).
  public func setField(_ key: String) {
    push(key)
    lua_rotate(state, -2, 1)
    lua_rawset(state, -3)
  }
  /// Pops a value and stores it in the table at -2 at `position` (raw).
  public func setIndex(_ position: Int) { lua_rawseti(state, -2, lua_Integer(position)) }
  /// Pops `count` values.
  public func pop(_ count: Int32 = 1) { clua_pop(state, count) }
}

/// A value could not be copied out of Lua.
public struct LuaReadError: Error, Sendable, Equatable {
  /// What is wrong with the value.
  public var problem: String
}
