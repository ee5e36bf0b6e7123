-- Tests for Open Space: coprod plugins test plugins/open-space
-- fixtures.rehearse() runs the format on a synthetic room, as coprod run --dry-run does: everyone
-- posts a topic and in every slot everyone writes notes that name no topic, so the parallel
-- sessions run for every time slot the `time_slots` setting allows.

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

test("a rehearsal runs every stage, in order, with three slots of sessions", function()
  local session = fixtures.rehearse { people = 12 }
  expect.eq(stage_ids(session), { "opening", "principles", "agenda", "marketplace", "sessions", "sessions", "sessions", "closing" })
  for _, s in ipairs(session.stages) do expect.eq(s.status, "ended", s.stage) end
end)

test("the parallel sessions repeat, one iteration per time slot, each with everyone's notes", function()
  local slots = runs(fixtures.rehearse { people = 12 }, "sessions")
  local notes = 0
  for i, slot in ipairs(slots) do
    expect.eq(slot.iteration, i)
    notes = notes + #slot.contributions
  end
  expect.eq(notes, 3 * 12)
end)

test("the time_slots setting limits the slots", function()
  expect.eq(#runs(fixtures.rehearse { people = 12, settings = { time_slots = 1 } }, "sessions"), 1)
  expect.eq(#runs(fixtures.rehearse { people = 12, settings = { time_slots = 5 } }, "sessions"), 5)
end)

test("the format stops at six slots whatever the setting says", function()
  expect.eq(#runs(fixtures.rehearse { people = 6, settings = { time_slots = 9 } }, "sessions"), 6)
end)

test("the opening circle is everyone together", function()
  local opening = runs(fixtures.rehearse { people = 9 }, "opening")[1]
  expect.eq(opening.groups.method, "plenary")
  expect.eq(#opening.groups.rounds[1], 1)
  expect.eq(#opening.groups.rounds[1][1], 9)
end)

test("everyone may post a topic on the agenda", function()
  expect.eq(#runs(fixtures.rehearse { people = 9 }, "agenda")[1].contributions, 9)
end)

test("the same seed gives the same session", function()
  expect.eq(fixtures.rehearse { people = 9, seed = 4 }, fixtures.rehearse { people = 9, seed = 4 })
end)
