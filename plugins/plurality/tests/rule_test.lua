-- Tests for plurality: coprod plugins test plugins/plurality
-- majority.csv: A 4 first preferences, B 3, C 2; B beats both A (5-4) and C (7-2) head to head.
-- cycle.csv: A beats B 6-3, B beats C 7-2, C beats A 5-4 (no Condorcet winner).

test("the most first preferences win, even without a majority", function()
  local result = fixtures.count("fixtures/majority.csv")
  expect.eq(result.winners, { "A" })
end)

test("an exact tie is broken by lot, and the tie-break is recorded", function()
  local result = fixtures.count("fixtures/tie.csv")
  expect.eq(#result.winners, 1)
  expect.eq(#result.tie_breaks, 1)
end)

-- unranked.csv: A>B 3, B>A 2, a short ballot for C alone; nobody ranks D.
test("with three seats, the candidate nobody ranks is the one left out", function()
  local result = fixtures.count("fixtures/unranked.csv", { seats = 3 })
  expect.eq(#result.winners, 3)
  for _, id in ipairs(result.winners) do expect.truthy(id ~= "D", "D was elected") end
end)

test("two seats go to the two with most first preferences", function()
  local result = fixtures.count("fixtures/majority.csv", { seats = 2 })
  expect.eq(result.winners, { "A", "B" })
end)
