-- Tests for dot voting: coprod plugins test plugins/dot-voting
-- dots.csv: A 6 dots, B 3, C 3 (each person places up to 3).

test("the option with most dots wins", function()
  local result = fixtures.count("fixtures/dots.csv")
  expect.eq(result.winners, { "A" })
end)

-- too-many.csv: two people place 5 dots (A 3, B 2), one places 1 on B.
test("a ballot with more dots than allowed (3) is rejected as a whole", function()
  local result = fixtures.count("fixtures/too-many.csv")
  expect.eq(result.winners, { "B" })
end)

test("the dots setting raises the allowance", function()
  local result = fixtures.count("fixtures/too-many.csv", { settings = { dots = 5 } })
  expect.eq(result.winners, { "A" })
end)
