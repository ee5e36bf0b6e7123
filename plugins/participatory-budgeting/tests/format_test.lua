-- Tests for participatory budgeting: coprod plugins test plugins/participatory-budgeting
-- fixtures.rehearse() runs the format on a synthetic room, as coprod run --dry-run does: everyone
-- puts forward an idea, officers write max(2, min(6, people / 3)) costing notes, and in a
-- rehearsal each note goes on the ballot at a stand-in price of a quarter of the pot.

local function stage_ids(session)
  local ids = {}
  for i, stage in ipairs(session.stages) do ids[i] = stage.stage end
  return ids
end

local function stage(session, id)
  for _, s in ipairs(session.stages) do
    if s.stage == id then return s end
  end
  expect.fail("no '" .. id .. "' stage")
end

local function funded(vote)
  local chosen, total = {}, 0
  for _, id in ipairs(vote.count.winners) do chosen[id] = true end
  for _, option in ipairs(vote.options) do
    if chosen[option.id] then total = total + option.cost end
  end
  return total
end

test("a rehearsal runs every stage, in order", function()
  local session = fixtures.rehearse { people = 12 }
  expect.eq(stage_ids(session), { "the-pot", "ideas", "shortlist", "costing", "vote", "delivery" })
  for _, s in ipairs(session.stages) do expect.eq(s.status, "ended", s.stage) end
end)

test("ideas are gathered at mixed tables of about six", function()
  local ideas = stage(fixtures.rehearse { people = 12 }, "ideas")
  expect.eq(ideas.groups.method, "tables")
  local seated = 0
  for _, table_ in ipairs(ideas.groups.rounds[1]) do seated = seated + #table_ end
  expect.eq(seated, 12)
  expect.eq(#ideas.groups.rounds[1], 2)
end)

test("the shortlist is a dot vote on the ideas that keeps five", function()
  local shortlist = stage(fixtures.rehearse { people = 12 }, "shortlist")
  expect.eq(shortlist.count.rule.id, "org.coprod.dot-voting")
  expect.eq(#shortlist.options, 12)
  expect.eq(#shortlist.count.winners, 5)
end)

test("with five ideas or fewer the shortlist is skipped and every idea is costed", function()
  local session = fixtures.rehearse { people = 5 }
  expect.eq(stage(session, "shortlist").status, "skipped")
  expect.eq(stage(session, "costing").status, "ended")
  expect.eq(#stage(session, "vote").options, 2)
end)

test("the ballot is the costing notes, priced within the pot", function()
  local session = fixtures.rehearse { people = 12 }
  local notes = stage(session, "costing").contributions
  local options = stage(session, "vote").options
  expect.eq(#notes, 4)
  expect.eq(#options, 4)
  for i, option in ipairs(options) do
    expect.eq(option.id, "c" .. i)
    expect.eq(option.name, notes[i].text)
    expect.eq(option.cost, 12500, option.id)
    expect.eq(option.from, { notes[i].id })
  end
end)

test("the vote is counted by equal shares within the budget setting", function()
  local vote = stage(fixtures.rehearse { people = 12 }, "vote")
  expect.eq(vote.count.rule.id, "org.coprod.pb-mes")
  expect.eq(vote.ballots, 12)
  expect.truthy(#vote.count.winners >= 1, "something is funded")
  expect.truthy(funded(vote) <= 50000, "within the default pot")

  local bigger = stage(fixtures.rehearse { people = 12, settings = { budget = 80000 } }, "vote")
  for _, option in ipairs(bigger.options) do expect.eq(option.cost, 20000, option.id) end
  expect.truthy(funded(bigger) <= 80000, "within a pot of 80000")
  expect.eq(bigger.count.rounds[1].notes[1].text, "The budget of 80000 is shared equally by the 12 voters: 6666.67 each.")
end)

test("the budget setting must be a whole number", function()
  expect.error(function() fixtures.rehearse { settings = { budget = "lots" } } end, "settings.budget: 'lots' is not a valid integer")
end)

test("delivery commitments follow the funded proposals", function()
  local session = fixtures.rehearse { people = 12 }
  local winners = stage(session, "vote").count.winners
  local commitments = stage(session, "delivery").commitments
  expect.eq(#commitments, math.min(2, #winners))
end)

test("the same seed gives the same session", function()
  expect.eq(fixtures.rehearse { people = 9, seed = 4 }, fixtures.rehearse { people = 9, seed = 4 })
end)
