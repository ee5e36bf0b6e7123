-- Tests for majority judgment: coprod plugins test plugins/majority-judgment
-- grades.csv: median grades A 5, B 3, C 0.
-- polarised.csv: A is loved by 2 and rejected by 3 (median 0); B gets 3 from all (median 3).

test("the best median grade wins", function()
  local result = fixtures.count("fixtures/grades.csv")
  expect.eq(result.winners, { "A" })
end)

test("a broadly acceptable option beats a polarising one", function()
  local result = fixtures.count("fixtures/polarised.csv")
  expect.eq(result.winners, { "B" })
end)
