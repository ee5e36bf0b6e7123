-- Tests for dot voting: coprod plugins test plugins/dot-voting
-- dots.csv: A 6 dots, B 3, C 3 (each person places up to 3).

test("the option with most dots wins", function()
  local result = fixtures.count("fixtures/dots.csv")
  expect.eq(result.winners, { "A" })
end)

test("a ballot with more dots than allowed is refused", function()
  expect.error(function() fixtures.count("fixtures/too-many.csv") end)
end)
