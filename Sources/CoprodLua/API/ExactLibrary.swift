// coprod — co-production toolkit. Apache-2.0.

import BigInt
import CLua
import CoprodModel

// MARK: - Exact integers in Lua

/// `coprod.exact`: whole numbers of any size for plugins, computed in Swift.
///
/// Lua's integers are 64-bit and wrap silently on overflow. An *exact integer* is a Lua
/// integer when it fits in 64 bits and otherwise a string of its decimal digits (e.g.
/// `"18446744073709551614"`); every function here takes either form and returns the
/// integer form whenever the result fits, so small numbers stay plain Lua integers. The
/// host's counting helpers (`election:approvals()`, `score_totals()`, `pairwise()`,
/// `voters`, `first_preferences`) return exact integers too.
enum ExactLibrary {
  /// The documented functions (the single source of docs/lua-api.md § coprod.exact).
  static let reference: [LuaAPIEntry] = [
    .init("coprod.exact.add(a, b)", "exact integer", "a + b, exactly. `a` and `b` are exact integers: Lua integers or strings of decimal digits (with an optional leading `-`)."),
    .init("coprod.exact.sub(a, b)", "exact integer", "a − b, exactly."),
    .init("coprod.exact.mul(a, b)", "exact integer", "a × b, exactly."),
    .init("coprod.exact.divmod(a, b)", "exact integer, exact integer", "The floor quotient and the remainder of a ÷ b (as Lua's `//` and `%`); an error when b is 0."),
    .init("coprod.exact.gcd(a, b)", "exact integer", "The greatest common divisor of |a| and |b| (0 when both are 0)."),
    .init("coprod.exact.cmp(a, b)", "integer", "-1, 0 or 1 as a is less than, equal to or greater than b."),
    .init("coprod.exact.sum(list)", "exact integer", "The sum of a list of exact integers."),
    .init("coprod.exact.digits", "integer", "The most decimal digits an exact integer may have (\(maxDigits)); beyond it a function stops with an error rather than grow without bound."),
  ]

  /// The longest exact integer, in decimal digits: far beyond any count, yet small enough
  /// that no plugin can make the host spend unbounded time or memory on one number.
  static let maxDigits = 1_000

  /// Reads the exact integer at `position`, or explains what is wrong.
  static func read(_ stack: LuaStack, _ position: Int32, _ function: String) throws(LuaCallError) -> BigInt {
    if stack.isInteger(at: position), let value = stack.integer(at: position) { return BigInt(value) }
    if let text = stack.string(at: position) {
      let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
      if !digits.isEmpty, digits.count <= maxDigits, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = BigInt(text) {
        return value
      }
    }
    throw LuaCallError("bad argument #\(position) to '\(function)' (exact integer expected: a Lua integer or a string of decimal digits, got \(describe(stack, position)))")
  }

  private static func describe(_ stack: LuaStack, _ position: Int32) -> String {
    if let text = stack.string(at: position) { return "\"\(text.prefix(40))\(text.count > 40 ? "…" : "")\"" }
    if let number = stack.double(at: position) { return "the float \(number)" }
    return stack.typeName(at: position)
  }

  /// Pushes `value` as an exact integer, or fails when it has more than ``maxDigits`` digits.
  static func push(_ value: BigInt, on stack: LuaStack, _ function: String) throws(LuaCallError) {
    if let small = Int64(exactly: value) {
      stack.push(small)
      return
    }
    let text = String(value)
    guard text.count <= maxDigits + 1 else {
      throw LuaCallError("\(function): the result has more than \(maxDigits) digits, beyond what coprod.exact computes")
    }
    stack.push(text)
  }

  /// Installs the functions into the table on top of the stack.
  static func install(into sandbox: LuaSandbox, on stack: LuaStack) {
    func binary(_ name: String, _ operation: @escaping (BigInt, BigInt) throws(LuaCallError) -> BigInt) {
      sandbox.pushFunction(on: stack) { stack throws(LuaCallError) in
        let result = try operation(try read(stack, 1, name), try read(stack, 2, name))
        try push(result, on: stack, name)
        return 1
      }
      stack.setField(name)
    }
    binary("add") { $0 + $1 }
    binary("sub") { $0 - $1 }
    binary("mul") { a, b throws(LuaCallError) in
      guard a.bitWidth + b.bitWidth <= maxDigits * 4 else {
        throw LuaCallError("mul: the result has more than \(maxDigits) digits, beyond what coprod.exact computes")
      }
      return a * b
    }
    binary("gcd") { BigInt($0.magnitude.greatestCommonDivisor(with: $1.magnitude)) }
    sandbox.pushFunction(on: stack) { stack throws(LuaCallError) in
      let a = try read(stack, 1, "divmod"), b = try read(stack, 2, "divmod")
      guard !b.isZero else { throw LuaCallError("divmod: division by zero") }
      var (quotient, remainder) = a.quotientAndRemainder(dividingBy: b)
      // Floor division, as Lua's // and %.
      if !remainder.isZero && (remainder.signum() != b.signum()) {
        quotient -= 1
        remainder += b
      }
      try push(quotient, on: stack, "divmod")
      try push(remainder, on: stack, "divmod")
      return 2
    }
    stack.setField("divmod")
    sandbox.pushFunction(on: stack) { stack throws(LuaCallError) in
      let a = try read(stack, 1, "cmp"), b = try read(stack, 2, "cmp")
      stack.push(a < b ? -1 : (a == b ? 0 : 1))
      return 1
    }
    stack.setField("cmp")
    sandbox.pushFunction(on: stack) { stack throws(LuaCallError) in
      guard stack.type(at: 1) == LUA_TTABLE else {
        throw LuaCallError("bad argument #1 to 'sum' (list of exact integers expected, got \(stack.typeName(at: 1)))")
      }
      var total = BigInt(0)
      let length = lua_rawlen(stack.state, 1)
      var index: lua_Integer = 1
      while index <= lua_Integer(length) {
        lua_rawgeti(stack.state, 1, index)
        total += try read(stack, stack.top, "sum")
        stack.pop()
        index += 1
      }
      try push(total, on: stack, "sum")
      return 1
    }
    stack.setField("sum")
    stack.push(maxDigits)
    stack.setField("digits")
  }
}

extension LuaStack {
  /// Pushes a host count as an exact integer (see ``ExactLibrary``): a Lua integer when it
  /// fits in 64 bits, else its decimal digits.
  func push(exact value: BigInt) {
    if let small = Int64(exactly: value) { push(small) } else { push(String(value)) }
  }
}
