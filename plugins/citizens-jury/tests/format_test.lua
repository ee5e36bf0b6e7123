-- Tests for the citizens' jury: coprod plugins test plugins/citizens-jury
-- fixtures.rehearse() runs the format on a synthetic room, as coprod run --dry-run does. The
-- lottery is the host's sortition, so these tests check the panel's size and that the jurors'
-- stages seat only jurors, not who is drawn. The rehearsal's objections carry no reason, so
-- every recommendation passes by consent and the supermajority vote is skipped.

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

local function panel(session)
  local groups = stage(session, "selection").groups.rounds[1]
  expect.eq(#groups, 1, "the lottery draws one panel")
  local set = {}
  for _, id in ipairs(groups[1]) do set[id] = true end
  return groups[1], set
end

test("a rehearsal runs every stage, in order, skipping the supermajority vote", function()
  local session = fixtures.rehearse { people = 30 }
  expect.eq(stage_ids(session),
    { "question", "selection", "evidence", "deliberation", "recommendations", "consent", "supermajority", "response" })
  for _, s in ipairs(session.stages) do
    expect.eq(s.status, s.stage == "supermajority" and "skipped" or "ended", s.stage)
  end
end)

test("the lottery draws as many jurors as the jurors setting asks", function()
  expect.eq(#panel(fixtures.rehearse { people = 30 }), 12)
  expect.eq(#panel(fixtures.rehearse { people = 30, settings = { jurors = 8 } }), 8)
  local drawn = panel(fixtures.rehearse { people = 40, settings = { jurors = 16 } })
  local seen = {}
  for _, id in ipairs(drawn) do
    expect.truthy(not seen[id], id .. " is drawn once")
    seen[id] = true
  end
end)

test("a small room gives a smaller panel rather than none", function()
  local jurors = #panel(fixtures.rehearse { people = 6 })
  expect.truthy(jurors >= 1 and jurors <= 6, "panel of " .. jurors)
end)

test("deliberation seats only the jurors, at tables of about four", function()
  local session = fixtures.rehearse { people = 30 }
  local _, jurors = panel(session)
  local tables = stage(session, "deliberation").groups.rounds[1]
  expect.eq(#tables, 3)
  local seated = 0
  for _, t in ipairs(tables) do
    for _, id in ipairs(t) do
      expect.truthy(jurors[id], id .. " is a juror")
      seated = seated + 1
    end
  end
  expect.eq(seated, 12)
end)

test("only jurors speak and vote", function()
  local session = fixtures.rehearse { people = 30 }
  expect.eq(#stage(session, "evidence").contributions, 30)
  expect.eq(#stage(session, "deliberation").contributions, 12)
  expect.eq(stage(session, "consent").ballots, 12)
end)

test("the consent round decides on the jurors' recommendations", function()
  local session = fixtures.rehearse { people = 30 }
  local recommendations = stage(session, "recommendations").contributions
  local consent = stage(session, "consent")
  expect.eq(#recommendations, 4)
  expect.eq(consent.count.rule.id, "org.coprod.consent")
  expect.eq(#consent.options, 4)
  for i, option in ipairs(consent.options) do expect.eq(option.from, { recommendations[i].id }) end
  expect.eq(#consent.count.winners, 4)
end)

test("the jurors setting must be a whole number", function()
  expect.error(function() fixtures.rehearse { settings = { jurors = "twelve" } } end, "settings.jurors: 'twelve' is not a valid integer")
end)

test("the same seed gives the same session", function()
  expect.eq(fixtures.rehearse { people = 20, seed = 4 }, fixtures.rehearse { people = 20, seed = 4 })
end)
