-- Tests for the method of equal shares: coprod plugins test plugins/pb-mes
-- small.pb: budget 100 shared by 5 voters; Garden costs 60 (4 supporters), Library 50
-- (3 supporters, two of whom also support Garden), Pool 30 (1 supporter).

test("Garden's supporters pay for it; Library's cannot afford it with what they have left", function()
  local result = fixtures.count("fixtures/small.pb")
  expect.eq(result.winners, { "1" })
end)

test("with 110, Library's supporters can afford it too (22 each before add1)", function()
  local result = fixtures.count("fixtures/small.pb", { budget = 110 })
  expect.eq(result.winners, { "1", "2" })
end)

-- Each share is run in floats with proven error bounds and, where they cannot decide, in
-- exact rationals; `arithmetic = "exact"` runs every share exactly. Both must give the same
-- count, to the last note and tie-break.
local function same_both_ways(file, options)
  options = options or {}
  local fast = fixtures.count(file, options)
  options.settings = { arithmetic = "exact" }
  local exact = fixtures.count(file, options)
  expect.eq(fast.winners, exact.winners, "winners")
  expect.eq(fast.rounds, exact.rounds, "rounds")
  expect.eq(fast.tie_breaks, exact.tie_breaks, "tie_breaks")
  return fast
end

test("floats with bounds and exact rationals agree on every budget from 40 to 400", function()
  for budget = 40, 400, 7 do same_both_ways("fixtures/small.pb", { budget = budget }) end
end)

test("equal prices of 1/2 are a tie, found exactly and broken once", function()
  local result = same_both_ways("fixtures/ties.pb", { tie_break = "input-order" })
  expect.eq(#result.tie_breaks, 1)
  expect.eq(result.winners, { "1", "2" })
end)

test("equal prices that floats cannot tell apart are settled exactly", function()
  -- after the Hall, v1 has 5 left: Swings and Slide each cost its supporters 55/60 per unit
  -- of value, equal only in exact arithmetic
  local result = same_both_ways("fixtures/close.pb", { tie_break = "input-order" })
  expect.eq(result.winners, { "A", "X" })
  expect.eq(#result.tie_breaks, 1)
end)
