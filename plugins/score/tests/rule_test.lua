-- Tests for score voting: coprod plugins test plugins/score
-- scores.csv: totals A 19, B 17, C 10.

test("the highest total wins", function()
  local result = fixtures.count("fixtures/scores.csv")
  expect.eq(result.winners, { "A" })
end)

test("two seats go to the two highest totals", function()
  local result = fixtures.count("fixtures/scores.csv", { seats = 2 })
  expect.eq(result.winners, { "A", "B" })
end)
