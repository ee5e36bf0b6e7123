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
