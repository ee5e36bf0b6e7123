-- Tests for 1-2-4-All: coprod plugins test plugins/1-2-4-all
-- fixtures.rehearse() runs the format on a synthetic room, as coprod run --dry-run does. The
-- pairs come from the host's table mixing, so these tests check sizes and structure, not who
-- sits with whom.

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

local function sizes(groups)
  local list = {}
  for i, group in ipairs(groups) do list[i] = #group end
  return list
end

local function everyone_once(groups, people)
  local seen, n = {}, 0
  for _, group in ipairs(groups) do
    for _, id in ipairs(group) do
      expect.truthy(not seen[id], id .. " is seated once")
      seen[id] = true
      n = n + 1
    end
  end
  expect.eq(n, people, "people seated")
end

test("a rehearsal runs every stage, in order", function()
  local session = fixtures.rehearse { people = 12 }
  expect.eq(stage_ids(session), { "alone", "pairs", "fours", "all" })
  for _, s in ipairs(session.stages) do expect.eq(s.status, "ended", s.stage) end
end)

test("alone, everyone is on their own", function()
  expect.eq(sizes(stage(fixtures.rehearse { people = 5 }, "alone").groups.rounds[1]), { 1, 1, 1, 1, 1 })
end)

test("twelve people make six pairs and three fours", function()
  local session = fixtures.rehearse { people = 12 }
  local pairs_ = stage(session, "pairs").groups.rounds[1]
  local fours = stage(session, "fours").groups.rounds[1]
  expect.eq(sizes(pairs_), { 2, 2, 2, 2, 2, 2 })
  expect.eq(sizes(fours), { 4, 4, 4 })
  everyone_once(pairs_, 12)
  everyone_once(fours, 12)
end)

test("each four is two of the pairs, joined in order", function()
  for _, people in ipairs({ 8, 12, 13 }) do
    local session = fixtures.rehearse { people = people, seed = 2 }
    local pairs_ = stage(session, "pairs").groups.rounds[1]
    local fours = stage(session, "fours").groups.rounds[1]
    for i, four in ipairs(fours) do
      local joined = {}
      for _, id in ipairs(pairs_[2 * i - 1]) do joined[#joined + 1] = id end
      for _, id in ipairs(pairs_[2 * i]) do joined[#joined + 1] = id end
      if i == #fours and #pairs_ % 2 == 1 then
        for _, id in ipairs(pairs_[#pairs_]) do joined[#joined + 1] = id end
      end
      expect.eq(four, joined, people .. " people, four " .. i)
    end
  end
end)

test("with an odd number of people one pair is a trio", function()
  local session = fixtures.rehearse { people = 13 }
  local pairs_ = stage(session, "pairs").groups.rounds[1]
  expect.eq(#pairs_, 6)
  local trios = 0
  for _, pair in ipairs(pairs_) do
    expect.truthy(#pair == 2 or #pair == 3, "a pair of 2 or 3")
    if #pair == 3 then trios = trios + 1 end
  end
  expect.eq(trios, 1)
  everyone_once(pairs_, 13)
  expect.eq(#stage(session, "fours").groups.rounds[1], 3)
end)

test("a pair left over joins the last four", function()
  local session = fixtures.rehearse { people = 10 }
  expect.eq(#stage(session, "pairs").groups.rounds[1], 5)
  expect.eq(sizes(stage(session, "fours").groups.rounds[1]), { 4, 6 })
end)

test("all together, the room hears ideas drawn from the fours", function()
  local session = fixtures.rehearse { people = 12 }
  local fours = {}
  for _, c in ipairs(stage(session, "fours").contributions) do fours[c.id] = true end
  local shared = stage(session, "all").contributions
  expect.eq(#shared, 4)
  for _, idea in ipairs(shared) do
    expect.eq(#idea.from, 1)
    expect.truthy(fours[idea.from[1]], idea.id .. " comes from an idea of the fours")
  end
end)

test("the same seed gives the same session", function()
  expect.eq(fixtures.rehearse { people = 9, seed = 4 }, fixtures.rehearse { people = 9, seed = 4 })
end)
