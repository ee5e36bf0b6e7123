-- Tests for the Nominal Group Technique: coprod plugins test plugins/nominal-group
-- fixtures.rehearse() runs the format on a synthetic room, as coprod run --dry-run does: everyone
-- gives an idea in the round-robin and the recorder merges them into max(2, min(6, people / 3))
-- clarified ideas.

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

test("a rehearsal runs every stage, in order", function()
  local session = fixtures.rehearse { people = 12 }
  expect.eq(stage_ids(session), { "question", "silent-writing", "round-robin", "clarify", "ranking", "next-steps" })
  for _, s in ipairs(session.stages) do expect.eq(s.status, "ended", s.stage) end
end)

test("silent writing seats everyone on their own", function()
  local groups = stage(fixtures.rehearse { people = 7 }, "silent-writing").groups.rounds[1]
  expect.eq(#groups, 7)
  for _, group in ipairs(groups) do expect.eq(#group, 1) end
end)

test("the ranking's options are the clarified ideas, in the order they were written", function()
  local session = fixtures.rehearse { people = 12 }
  local clarified = stage(session, "clarify").contributions
  expect.eq(#clarified, 4)
  local options = stage(session, "ranking").options
  expect.eq(#options, 4)
  for i, option in ipairs(options) do
    expect.eq(option.id, "n" .. i)
    expect.eq(option.name, clarified[i].text)
    expect.eq(option.from, { clarified[i].id })
  end
end)

test("the ranking is a Borda count of everyone's rankings with three winners", function()
  local ranking = stage(fixtures.rehearse { people = 12 }, "ranking")
  expect.eq(ranking.ballots, 12)
  expect.eq(ranking.count.rule.id, "org.coprod.borda")
  expect.eq(#ranking.count.winners, 3)
end)

test("the shortlist setting caps the ideas that go to the ranking", function()
  local session = fixtures.rehearse { people = 30, settings = { shortlist = 4 } }
  expect.eq(#stage(session, "clarify").contributions, 6)
  local options = stage(session, "ranking").options
  expect.eq(#options, 4)
  expect.eq(options[4].name, "Theme 4 (simulated)")
end)

test("with fewer than three ideas to rank the ranking is skipped", function()
  local small = fixtures.rehearse { people = 6 }
  expect.eq(#stage(small, "clarify").contributions, 2)
  expect.eq(stage(small, "ranking").status, "skipped")
  expect.eq(stage(fixtures.rehearse { people = 12, settings = { shortlist = 2 } }, "ranking").status, "skipped")
end)

test("the same seed gives the same session", function()
  expect.eq(fixtures.rehearse { people = 9, seed = 4 }, fixtures.rehearse { people = 9, seed = 4 })
end)
