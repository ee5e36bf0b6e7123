-- Tests for Delphi: coprod plugins test plugins/delphi
-- fixtures.rehearse() runs the format on a synthetic room, as coprod run --dry-run does. The
-- rehearsal's score ballots rate each statement 0-2, so no statement ever reaches the 7-9
-- support the consensus needs: the rating rounds stop when the agreed set stops changing.

local function stage_ids(session)
  local ids = {}
  for i, stage in ipairs(session.stages) do ids[i] = stage.stage end
  return ids
end

local function runs(session, id)
  local list = {}
  for _, s in ipairs(session.stages) do
    if s.stage == id then list[#list + 1] = s end
  end
  return list
end

test("a rehearsal runs every stage, in order", function()
  local session = fixtures.rehearse { people = 12 }
  expect.eq(stage_ids(session), { "briefing", "questions", "statements", "ratings", "ratings", "report" })
  for _, s in ipairs(session.stages) do expect.eq(s.status, "ended", s.stage) end
end)

test("round 1 is answered alone", function()
  local questions = runs(fixtures.rehearse { people = 6 }, "questions")[1]
  expect.eq(questions.groups.method, "solo")
  expect.eq(#questions.groups.rounds[1], 6)
  expect.eq(#questions.contributions, 6)
end)

test("every rating round rates the statements drawn from the answers", function()
  local session = fixtures.rehearse { people = 12 }
  local statements = runs(session, "statements")[1].contributions
  expect.eq(#statements, 4)
  for round, ratings in ipairs(runs(session, "ratings")) do
    expect.eq(ratings.iteration, round)
    expect.eq(ratings.ballots, 12)
    expect.eq(ratings.count.rule.id, "org.coprod.supermajority")
    expect.eq(#ratings.options, #statements)
    for i, option in ipairs(ratings.options) do expect.eq(option.from, { statements[i].id }) end
  end
end)

test("the rounds stop when the agreed set stops changing", function()
  local ratings = runs(fixtures.rehearse { people = 12 }, "ratings")
  expect.eq(#ratings, 2)
  expect.eq(ratings[1].count.winners, {})
  expect.eq(ratings[2].count.winners, {})
end)

test("the rating_rounds setting caps the rounds", function()
  expect.eq(#runs(fixtures.rehearse { people = 12, settings = { rating_rounds = 1 } }, "ratings"), 1)
end)

test("the consensus threshold and the 7-9 support reach the count", function()
  local count = runs(fixtures.rehearse { people = 12, settings = { consensus = 80 } }, "ratings")[1].count
  local notes = {}
  for _, round in ipairs(count.rounds) do
    for _, note in ipairs(round.notes) do notes[#notes + 1] = type(note) == "table" and note.text or note end
  end
  local text = table.concat(notes, "\n")
  expect.truthy(text:find("80%", 1, true), "80% in: " .. text)
  expect.truthy(text:find("7", 1, true), "7 in: " .. text)
end)

test("the same seed gives the same session", function()
  expect.eq(fixtures.rehearse { people = 9, seed = 4 }, fixtures.rehearse { people = 9, seed = 4 })
end)
