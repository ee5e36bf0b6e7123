-- Tests for the Schulze method: coprod plugins test plugins/schulze
-- majority.csv: A 4 first preferences, B 3, C 2; B beats both A (5-4) and C (7-2) head to head.
-- cycle.csv: A beats B 6-3, B beats C 7-2, C beats A 5-4 (no Condorcet winner).

test("the Condorcet winner B wins", function()
  local result = fixtures.count("fixtures/majority.csv")
  expect.eq(result.winners, { "B" })
end)

test("an exact tie is broken by lot, and the tie-break is recorded", function()
  local result = fixtures.count("fixtures/tie.csv")
  expect.eq(#result.winners, 1)
  expect.eq(#result.tie_breaks, 1)
end)

-- unranked.csv: A>B 3, B>A 2, a short ballot for C alone; nobody ranks D.
test("short ballots count, and a candidate nobody ranks loses", function()
  local result = fixtures.count("fixtures/unranked.csv")
  expect.eq(result.winners, { "A" })
end)

test("several seats are refused with a clear message", function()
  expect.error(function() fixtures.count("fixtures/majority.csv", { seats = 2 }) end, "elects one candidate, but 2 seats were asked for")
end)

test("in a cycle the weakest defeat (C over A, 5-4) is dropped and A wins", function()
  local result = fixtures.count("fixtures/cycle.csv")
  expect.eq(result.winners, { "A" })
end)
