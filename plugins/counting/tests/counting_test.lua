-- Tests for the counting library: coprod plugins test plugins/counting
-- Its modules are files of this plugin, so the tests require them by their own names.

local int = require "int"
local rational = require "rational"

local max = math.maxinteger

test("small sums stay Lua integers", function()
  expect.eq(int.add(2, 3), 5)
  expect.eq(math.type(int.add(2, 3)), "integer")
  expect.eq(int.sum({ 1, 2, 3, 4 }), 10)
end)

test("a sum past 2^63 is exact, never wrapped", function()
  expect.eq(int.add(max, 1), "9223372036854775808")
  expect.eq(int.add(max, max), "18446744073709551614")
  expect.eq(int.mul(max, 2), "18446744073709551614")
  expect.eq(int.sub(math.mininteger, 1), "-9223372036854775809")
end)

test("a result that fits again comes back as a Lua integer", function()
  local big = int.add(max, 10)
  expect.eq(int.sub(big, 20), max - 10)
  expect.eq(math.type(int.sub(big, 20)), "integer")
end)

test("comparisons order exact integers of any size", function()
  local big = int.add(max, max)
  expect.eq(int.cmp(big, max), 1)
  expect.eq(int.cmp(max, big), -1)
  expect.truthy(int.lt(1, big))
  expect.truthy(int.eq(int.add(max, 1), "9223372036854775808"))
end)

test("division is floor division with its remainder, as Lua's // and %", function()
  local q, r = int.divmod(7, 2)
  expect.eq({ q, r }, { 3, 1 })
  q, r = int.divmod(-7, 2)
  expect.eq({ q, r }, { -4, 1 })
  q, r = int.divmod(int.add(max, max), max)
  expect.eq({ q, r }, { 2, 0 })
end)

test("small refuses a value beyond 64 bits, naming it", function()
  expect.eq(int.small(42, "the budget"), 42)
  expect.error(function() int.small(int.add(max, 1), "the budget") end, "the budget")
end)

test("rationals are kept in lowest terms and compared exactly", function()
  local third = rational.new(1, 3)
  local sum = rational.add(third, rational.new(1, 6))
  expect.eq(rational.cmp(sum, rational.new(1, 2)), 0)
  expect.eq(rational.floor(rational.new(7, 2)), 3)
  expect.eq(rational.ceil(rational.new(7, 2)), 4)
  expect.eq(rational.show(rational.new(2, 3)), "0.67")
end)

-- MARK: bounded floats

local B = require "bounded"

--- Whether the exact value x (a rational { n, d } of small integers) lies in [v - r, v + r].
local function covers(v, r, n, d) return v - r <= n / d and n / d <= v + r end

test("small integers are exact bounded numbers; larger ones carry their rounding", function()
  expect.eq({ B.of(7) }, { 7.0, 0.0 })
  local v, r = B.of(int.add(max, max))
  expect.truthy(r > 0, "radius of a 64-bit-plus integer")
  expect.truthy(v - r <= 2.0 ^ 64 and 2.0 ^ 64 <= v + r, "covers 2^64 - 2")
end)

test("a long chain of roundings stays inside its bound", function()
  -- 0.1 is not a float; add 1/10 ten thousand times: exactly 1000
  local tenth, rt = B.div(1.0, 0.0, 10.0, 0.0)
  local v, r = 0.0, 0.0
  for _ = 1, 10000 do v, r = B.add(v, r, tenth, rt) end
  expect.truthy(v ~= 1000, "the float sum itself is off")
  expect.truthy(covers(v, r, 1000, 1), "the bound covers 1000")
  expect.truthy(r < 1e-6, "and stays small")
end)

test("sign decides only what the bound proves", function()
  local third, r = B.div(1.0, 0.0, 3.0, 0.0)
  expect.eq(B.sign(B.sub(third, r, 0.3333, 0.0)), 1)
  expect.eq(B.sign(B.sub(third, r, 0.3334, 0.0)), -1)
  -- 3 × (1/3) - 1 is exactly 0, but the floats cannot show it: too close to call
  local three, r3 = B.mul(third, r, 3.0, 0.0)
  expect.eq(B.sign(B.sub(three, r3, 1.0, 0.0)), nil)
  expect.eq(B.sign(0.0, 0.0), 0)
  expect.eq(B.div(1.0, 0.0, 1e-20, 1e-19), nil)
end)

test("show rounds half up like rational.show, or declines when the bound straddles a cent", function()
  expect.eq(B.show(B.div(2.0, 0.0, 3.0, 0.0)), rational.show(rational.new(2, 3)))
  expect.eq(B.show(0.126, 0.0), "0.13")
  expect.eq(B.show(0.125, 0.0), nil) -- exactly half a cent: left to exact arithmetic
  expect.eq(B.show(1234567.0, 0.0, 100), "12345.67")
  expect.eq(B.show(0.125, 1e-9), nil)
end)
