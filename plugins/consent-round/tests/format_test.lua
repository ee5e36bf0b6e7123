-- Tests for the consent round: coprod plugins test plugins/consent-round
-- fixtures.rehearse() runs the format on a synthetic room, as coprod run --dry-run does. The
-- rehearsal's objections carry no reason, and only a reasoned objection blocks, so the first
-- consent round passes the proposal and no further round is held.

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
  local session = fixtures.rehearse { people = 8 }
  expect.eq(stage_ids(session), { "proposal", "clarify", "reactions", "amend", "consent", "announce" })
  for _, s in ipairs(session.stages) do expect.eq(s.status, "ended", s.stage) end
end)

test("the consent round decides on the amended proposal", function()
  local session = fixtures.rehearse { people = 8 }
  local amended = runs(session, "amend")[1].contributions
  local consent = runs(session, "consent")[1]
  expect.eq(consent.options, { { id = "v1", name = amended[#amended].text, from = { amended[#amended].id } } })
  expect.eq(consent.count.rule.id, "org.coprod.consent")
  expect.eq(consent.ballots, 8)
end)

test("a proposal with no reasoned objection passes in one round", function()
  local consent = runs(fixtures.rehearse { people = 8, settings = { rounds = 5 } }, "consent")
  expect.eq(#consent, 1)
  expect.eq(consent[1].count.winners, { "v1" })
end)

test("clarifying questions and reactions go round everyone in turn", function()
  local session = fixtures.rehearse { people = 8 }
  for _, id in ipairs({ "clarify", "reactions" }) do
    local s = runs(session, id)[1]
    expect.eq(#s.speakingOrders, 1, id)
    expect.eq(#s.speakingOrders[1].order, 8, id)
  end
end)

test("the announcement acts on the decision", function()
  local session = fixtures.rehearse { people = 8 }
  local announce = runs(session, "announce")[1]
  expect.eq(#announce.commitments, 1)
  expect.eq(announce.commitments[1].from, runs(session, "consent")[1].options[1].from)
end)

test("the rounds setting must be a whole number", function()
  expect.error(function() fixtures.rehearse { settings = { rounds = "many" } } end, "settings.rounds: 'many' is not a valid integer")
end)

test("the same seed gives the same session", function()
  expect.eq(fixtures.rehearse { people = 9, seed = 4 }, fixtures.rehearse { people = 9, seed = 4 })
end)
