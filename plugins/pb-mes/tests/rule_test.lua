-- Tests for the method of equal shares: coprod plugins test plugins/pb-mes
-- small.pb: budget 100 shared by 5 voters (20 each); Garden costs 60 (4 votes),
-- Library 50 (3), Pool 30 (1).

test("Garden's 4 supporters can pay for it; what is left funds no more", function()
  local result = fixtures.count("fixtures/small.pb")
  expect.eq(result.winners[1], "1")
end)
