-- Tests for approval voting: coprod plugins test plugins/approval
-- approvals.csv: A approved by 4, B by 6, C by 3.

test("the most approved candidate wins", function()
  local result = fixtures.count("fixtures/approvals.csv")
  expect.eq(result.winners, { "B" })
end)

test("two seats go to the two most approved", function()
  local result = fixtures.count("fixtures/approvals.csv", { seats = 2 })
  expect.eq(result.winners, { "B", "A" })
end)

test("an exact tie is broken by lot, and recorded", function()
  local result = fixtures.count("fixtures/tie.csv")
  expect.eq(#result.winners, 1)
  expect.eq(#result.tie_breaks, 1)
end)
