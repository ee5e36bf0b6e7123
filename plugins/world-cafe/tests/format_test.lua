-- Tests for the World Café: coprod plugins test plugins/world-cafe
-- fixtures.rehearse() runs the format on a synthetic room, as coprod run --dry-run does.

local function stage_ids(session)
  local ids = {}
  for i, stage in ipairs(session.stages) do ids[i] = stage.stage end
  return ids
end

test("a rehearsal runs every stage, in order", function()
  local session = fixtures.rehearse { people = 12 }
  expect.eq(stage_ids(session), { "welcome", "rounds", "rounds", "rounds", "harvest", "priorities", "next-steps" })
  for _, stage in ipairs(session.stages) do expect.eq(stage.status, "ended", stage.stage) end
end)

test("the vote at 'priorities' chooses one option", function()
  local session = fixtures.rehearse { people = 12 }
  for _, stage in ipairs(session.stages) do
    if stage.stage == "priorities" then
      expect.eq(#stage.count.winners, 1)
      return
    end
  end
  expect.fail("no 'priorities' stage")
end)

test("the same seed gives the same session", function()
  expect.eq(fixtures.rehearse { people = 9, seed = 4 }, fixtures.rehearse { people = 9, seed = 4 })
end)
