-- Tests for the supermajority rule: coprod plugins test plugins/supermajority
-- votes.csv: 6 ballots; A is approved by 5, B by 4 (exactly two thirds), C by 1.

test("every option with at least two thirds of the ballots passes, exactly two thirds included", function()
  local result = fixtures.count("fixtures/votes.csv")
  expect.eq(result.winners, { "A", "B" })
end)

test("a higher share set as a percentage leaves B out", function()
  local result = fixtures.count("fixtures/votes.csv", { settings = { share = "75%" } })
  expect.eq(result.winners, { "A" })
end)

test("a share that is not a fraction or percentage is refused", function()
  expect.error(function() fixtures.count("fixtures/votes.csv", { settings = { share = "most" } }) end,
    "write a fraction such as 2/3 or a percentage such as 75%")
end)
