-- Tests for the tally summary: coprod plugins test plugins/tally-summary
-- fixtures.tally(): instant runoff, 9 ballots; C excluded in round 1, B elected in round 2.

test("names the rule, the ballots and the winner", function()
  local text = fixtures.render(fixtures.tally())
  expect.truthy(text:find("9 ballots were counted with Instant runoff.", 1, true), "the opening line")
  expect.truthy(text:find("Chosen: Community garden (B).", 1, true), "the winner")
end)

test("explains each round with its table and reasons", function()
  local text = fixtures.render(fixtures.tally())
  expect.truthy(text:find("## Round 2", 1, true), "round 2")
  expect.truthy(text:find("| Community garden (B) | 5 |", 1, true), "B's votes in round 2")
  expect.truthy(text:find("Youth club hours (C) excluded: fewest first preferences", 1, true), "why C was excluded")
end)

test("says so when nothing was chosen", function()
  local data = fixtures.tally()
  data.winners = {}
  expect.truthy(fixtures.render(data):find("No option was chosen.", 1, true))
end)

test("in Welsh, with the rule's own notes in its words", function()
  local text = fixtures.render(fixtures.tally(), { lang = "cy" })
  expect.truthy(text:find("# Sut y gwnaed y penderfyniad\n", 1, true), "title")
  expect.truthy(text:find("Cafodd 9 papur pleidleisio eu cyfrif gyda Instant runoff.", 1, true), "ballots")
  expect.truthy(text:find("Dewiswyd: Community garden (B).", 1, true), "winner")
  expect.truthy(text:find("| Opsiwn | Pleidleisiau |", 1, true), "table")
  expect.truthy(text:find("Youth club hours (C) wedi'i eithrio: fewest first preferences", 1, true), "note")
end)
