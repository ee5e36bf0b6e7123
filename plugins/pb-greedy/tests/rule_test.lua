-- Tests for greedy participatory budgeting: coprod plugins test plugins/pb-greedy
-- small.pb: budget 100; Garden costs 60 (4 votes), Library 50 (3), Pool 30 (1).

test("projects are funded in order of votes while they fit", function()
  local result = fixtures.count("fixtures/small.pb")
  expect.eq(result.winners, { "1", "3" })
end)

test("a bigger budget funds the next project too", function()
  local result = fixtures.count("fixtures/small.pb", { budget = 110 })
  expect.eq(result.winners, { "1", "2" })
end)
