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
