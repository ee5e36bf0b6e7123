// coprod — co-production toolkit. Apache-2.0.

import CLua
import CLuaShims
import Foundation

// MARK: - The rules of the C API boundary

// Only this Runtime layer (and the C in CLuaShims) calls the Lua C API; the API objects go
// through `LuaStack` and `LuaSandbox`. A Lua error is a longjmp, and a longjmp across a Swift
// frame is undefined behaviour (skipped `defer`s, leaked retains, a `host_bypass` left raised
// so the memory cap stays off). So **no Lua error may ever be raised while a Swift frame is on
// the C stack.** Every C API call made from Swift is checked against the error column of the
// Lua 5.4 manual ([-o, +p, x]: `-` never raises, `m` raises only on a memory error, `e`/`v`
// may raise anything, including a plugin's metamethod errors):
//
// - `-` calls (lua_gettop, lua_type, lua_toboolean, lua_tointegerx, lua_tonumberx,
//   lua_isinteger, lua_rawlen, lua_rawgeti, lua_rotate, lua_absindex, lua_checkstack,
//   lua_setmetatable, lua_pushnil/boolean/integer/number/lightuserdata, lua_pcall,
//   lua_load, lua_close) are used freely.
// - `m` calls (lua_pushlstring, lua_createtable, lua_rawset, lua_rawseti, lua_newuserdatauv,
//   lua_pushcclosure, luaL_ref) are made only while the allocator's bypass is up
//   (`host_bypass` > 0): the trampoline raises it around every host function, and
//   `LuaSandbox.withHostAllocations` around the host's own work. Under the bypass the cap
//   never refuses an allocation; only a real out-of-memory of the process can fail, and that
//   aborts with a message (the last resort, see the allocator). The memory the host hands the
//   plugin still counts: the trampoline raises the memory-limit error, from C, once Swift has
//   returned if the run is then over its cap.
// - lua_tolstring is `m` on a number (it converts in place, which also breaks lua_next): it is
//   only ever called on values whose type was checked to be a string.
// - lua_settop/lua_pop are `e` only because of to-be-closed slots; the host never creates one
//   (no lua_toclose), so they cannot raise.
// - No metamethod-triggering call (lua_getfield, lua_setfield, lua_gettable, lua_settable,
//   lua_geti, lua_seti, lua_len, luaL_len, lua_compare, lua_concat, lua_arith, luaL_tolstring,
//   lua_call) is ever made from Swift, on anything. Plugin-owned tables are read and written
//   with raw operations only; no `__index`, `__newindex`, `__len`, `__pairs`, `__eq`, `__lt`,
//   `__concat`, `__tostring` or `__name` of a plugin ever runs for the host.
// - lua_next (`v`: it raises on a key that is not in the table) is called only through the
//   protected C helper `coprod_next`, which reports a status instead.
// - Stack space: the trampoline guarantees COPROD_HOST_HEADROOM (40) free slots on the
//   calling thread before Swift runs; code that nests (copying tables either way) reserves
//   more at each level with `reserve`, and copies at most `maxDepth` levels.
// - Threads: a host function works only on the `lua_State` it was called with (the
//   `LuaStack` it receives), which is the coroutine's own when a plugin calls from inside a
//   coroutine, never on the sandbox's main state.
// - Host functions never call Lua (no re-entrancy); `LuaSandbox.run` and `call` refuse to
//   start while a host function is running.

// MARK: - Stack access that never raises

/// Non-raising operations on one Lua thread's stack, for the host side of the bridge (see
/// the rules above).
public struct LuaStack {
  let state: OpaquePointer

  init(_ state: OpaquePointer) { self.state = state }

  /// The deepest nesting of tables the host copies, in either direction (Swift → Lua and
  /// Lua → Swift).
  public static let maxDepth = 200

  // MARK: Space

  /// Makes sure `slots` more values fit on the stack; false when the stack cannot grow.
  func reserve(_ slots: Int32) -> Bool { lua_checkstack(state, slots) != 0 }

  // MARK: Reading

  /// Number of values on the stack.
  public var top: Int32 { lua_gettop(state) }

  /// The Lua type at `index`.
  func type(at index: Int32) -> Int32 { lua_type(state, index) }

  /// The Lua type name at `index` (the basic type: a metatable's `__name` is not consulted).
  public func typeName(at index: Int32) -> String { String(cString: lua_typename(state, lua_type(state, index))) }

  /// Lua's truthiness of the value at `index` (false only for nil, none and false).
  func boolean(at index: Int32) -> Bool { lua_toboolean(state, index) != 0 }

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

  /// Copies the value at `index` into Swift, reading tables with raw access only.
  ///
  /// Call it only from host code under the allocator's bypass (a host function, or
  /// `LuaSandbox.withHostAllocations`): keeping functions takes registry references.
  ///
  /// - Parameters:
  ///   - index: a stack index.
  ///   - keepFunctions: when true, functions are stored in the registry and returned as
  ///     references; otherwise they are described as `.other("function")`.
  ///   - budget: the largest number of table entries to copy, in total.
  /// - Throws: ``LuaReadError`` for tables nested more than ``maxDepth`` deep, too many
  ///   entries, or a stack that cannot grow; the problem names where, e.g.
  ///   `tables are nested more than 200 deep (at tally.a[1][1]…)`.
  public func value(at index: Int32, keepFunctions: Bool = false, budget: Int = 1_000_000) throws(LuaReadError) -> LuaValue {
    var remaining = budget
    do {
      return try read(lua_absindex(state, index), depth: 0, keepFunctions: keepFunctions, remaining: &remaining)
    } catch {
      throw LuaReadError(problem: error.located)
    }
  }

  private func read(_ index: Int32, depth: Int, keepFunctions: Bool, remaining: inout Int) throws(NestedProblem) -> LuaValue {
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
      guard depth < Self.maxDepth else { throw NestedProblem("tables are nested more than \(Self.maxDepth) deep") }
      guard reserve(4) else { throw NestedProblem("the Lua stack is full") }
      return .table(try readTable(index, depth: depth, keepFunctions: keepFunctions, remaining: &remaining))
    default:
      return .other(typeName(at: index))
    }
  }

  private func readTable(_ index: Int32, depth: Int, keepFunctions: Bool, remaining: inout Int) throws(NestedProblem) -> LuaTable {
    var table = LuaTable()
    let length = Int(lua_rawlen(state, index))
    guard length <= remaining else { throw NestedProblem("a table has more than \(remaining) entries") }
    table.array.reserveCapacity(length)
    for position in 0..<length {
      lua_rawgeti(state, index, lua_Integer(position + 1))
      defer { clua_pop(state, 1) }
      do {
        table.array.append(try read(lua_gettop(state), depth: depth + 1, keepFunctions: keepFunctions, remaining: &remaining))
      } catch {
        throw error.inside("[\(position + 1)]")
      }
    }
    remaining -= length
    lua_pushnil(state)
    while true {
      switch coprod_next(state, index) {
      case 0: return table
      case 1: break
      default:
        defer { clua_pop(state, 1) }
        throw NestedProblem("a table could not be read (\(string(at: -1) ?? "next failed"))")
      }
      // key at -2, value at -1
      remaining -= 1
      guard remaining >= 0 else {
        clua_pop(state, 2)
        throw NestedProblem("a table has too many entries")
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
          throw error.inside(key)
        }
      } else {
        table.otherKeys.append("a \(typeName(at: -2)) key")
      }
      clua_pop(state, 1)
    }
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
  /// Pushes a Swift copy of a Lua value (functions are pushed from the registry).
  ///
  /// - Throws: ``LuaCallError`` when tables are nested more than ``maxDepth`` deep (naming
  ///   where, e.g. `data is nested more than 200 deep (at rounds[1].a…)`) or the stack cannot
  ///   grow; nothing is left on the stack then.
  public func push(_ value: LuaValue) throws(LuaCallError) {
    let base = lua_gettop(state)
    do {
      try push(value, depth: 0)
    } catch {
      lua_settop(state, base)
      throw LuaCallError(error.located)
    }
  }

  private func push(_ value: LuaValue, depth: Int) throws(NestedProblem) {
    switch value {
    case .nil, .other: lua_pushnil(state)
    case .boolean(let flag): push(flag)
    case .integer(let number): push(number)
    case .number(let number): push(number)
    case .string(let text): push(text)
    case .function(let function): lua_rawgeti(state, clua_registryindex(), lua_Integer(function.reference))
    case .table(let table):
      guard depth < Self.maxDepth else { throw NestedProblem("data is nested more than \(Self.maxDepth) deep") }
      guard reserve(4) else { throw NestedProblem("the Lua stack is full") }
      pushTable(array: table.array.count, fields: table.fields.count)
      for (position, item) in table.array.enumerated() {
        do { try push(item, depth: depth + 1) } catch { throw error.inside("[\(position + 1)]") }
        lua_rawseti(state, -2, lua_Integer(position + 1))
      }
      for key in table.fields.keys.sorted() {
        do { try push(table.fields[key] ?? .nil, depth: depth + 1) } catch { throw error.inside(key) }
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
  /// Pops a value and stores it in the table at `index` under `key` (raw: a plugin's
  /// `__newindex` never runs).
  func setField(_ key: String, inTableAt index: Int32) {
    let table = lua_absindex(state, index)
    push(key)
    lua_rotate(state, -2, 1)
    lua_rawset(state, table)
  }
  /// Pops a value and stores it in the table at -2 at `position` (raw).
  public func setIndex(_ position: Int) { lua_rawseti(state, -2, lua_Integer(position)) }
  /// Pops a value (on top) and its key (below it) and stores them in the table below both
  /// (raw).
  func setEntry() { lua_rawset(state, -3) }
  /// Pushes `table[key]` (raw: a plugin's `__index` never runs) for the table at `index`.
  func pushField(_ key: String, of index: Int32) {
    let table = lua_absindex(state, index)
    push(key)
    lua_rawget(state, table)
  }
  /// Pushes `table[position]` (raw) for the table at `index`.
  func pushItem(of index: Int32, at position: Int) { lua_rawgeti(state, index, lua_Integer(position)) }
  /// Moves the top value to `index`, shifting those above it up.
  func insert(at index: Int32) { lua_rotate(state, index, 1) }
  /// Removes the value at `index`, shifting those above it down.
  func remove(at index: Int32) { clua_remove(state, index) }
  /// Sets the stack top (never runs `__close`: the host makes no to-be-closed slots).
  func setTop(_ index: Int32) { lua_settop(state, index) }
  /// Pops `count` values.
  public func pop(_ count: Int32 = 1) { clua_pop(state, count) }
}

// MARK: - Errors

/// A value could not be copied out of Lua.
public struct LuaReadError: Error, Sendable, Equatable {
  /// What is wrong with the value.
  public var problem: String
}

/// A problem found while copying nested tables, with the path to it collected on the way
/// out (so the path costs nothing when all goes well).
private struct NestedProblem: Error {
  var problem: String
  var path: [String] = []

  init(_ problem: String) { self.problem = problem }

  /// The same problem one level further out, under `key` (a field name or `[n]`).
  func inside(_ key: String) -> NestedProblem {
    var outer = self
    outer.path.append(key)
    return outer
  }

  /// The problem and where: its first four keys, e.g. `(at tally.a[1][1]…)`.
  var located: String {
    guard !path.isEmpty else { return problem }
    let keys = path.reversed()
    var text = ""
    for key in keys.prefix(4) { text += key.hasPrefix("[") || text.isEmpty ? key : ".\(key)" }
    return "\(problem) (at \(text)\(keys.count > 4 ? "…" : ""))"
  }
}
