-- Tests for the decision record: coprod plugins test plugins/decision-record
-- fixtures.workspace() has one decision, d1 (Tenants' panel, consent rule, partly accepted);
-- `scripted` adds its count, a tie, the session it was taken in and where it came from.

local function scripted(lang)
  local data = fixtures.workspace(lang)
  local d = data.decisions[1]
  d.session, d.stage, d.ballots = "s1", "priorities", 6
  d.attendance = { people = 6, by_perspective = {
    { group = "resident", count = 5, suppressed = false }, { group = "staff", suppressed = true } } }
  d.proposals = { { id = "A", name = "Repairs text updates" }, { id = "B", name = "Community garden" } }
  d.rounds = {
    { number = 1, tally = { A = 3, B = 3 }, elected = {}, excluded = {}, notes = { "A and B tied" } },
    { number = 2, tally = { A = 4, B = 2 }, elected = { "A" }, excluded = { "B" }, notes = {} },
  }
  d.tie_breaks = { { round = 1, among = { "A", "B" }, chosen = "A", method = "lot", reason = "to go first" } }
  d.provenance = { A = { "i001" } }
  data.settings = { decision = "d1" }
  return data
end

test("sets out the decision, who decided and why", function()
  local text = fixtures.render(scripted())
  expect.truthy(text:find("# Decision record d1: Sample consultation\n", 1, true), "title")
  expect.truthy(text:find("| Chosen | Repairs text updates (A) |", 1, true), "what was chosen")
  expect.truthy(text:find("| Date | 10 June 2026 |", 1, true), "the date in words")
  expect.truthy(text:find("At session s1, stage priorities: 6 people present, 6 ballots cast.", 1, true), "who was there")
  expect.truthy(text:find("| staff | fewer than 5 |", 1, true), "a small group is suppressed")
  expect.truthy(text:find("### Why not all of it\n\nEvenings need the union's agreement.", 1, true), "reasons")
end)

test("gives the count round by round with every tie broken", function()
  local text = fixtures.render(scripted())
  expect.truthy(text:find("### Round 2\n\n| Option | Votes |\n| --- | --- |\n| Repairs text updates (A) | 4 |\n| Community garden (B) | 2 |", 1, true), "round 2")
  expect.truthy(text:find("- Repairs text updates (A): elected\n- Community garden (B): excluded", 1, true), "elected and excluded")
  expect.truthy(text:find("- Round 1: Repairs text updates (A), Community garden (B) were tied to go first; Repairs text updates (A) was chosen by lot, with the seed recorded.", 1, true), "the tie")
end)

test("names the rule by id, version and hash, and the state hashes", function()
  local text = fixtures.render(scripted())
  expect.truthy(text:find("| voting rule | org.coprod.consent | 1.0.0 | " .. string.rep("0", 64) .. " | none recorded (bundled or local) |", 1, true), "the rule")
  expect.truthy(text:find("recorded at workspace state hash " .. string.rep("a", 64), 1, true), "the decision's hash")
  expect.truthy(text:find("state hash " .. string.rep("b", 64), 1, true), "the report's hash")
end)

test("follows the choice back to what people said, quoting only with consent", function()
  local text = fixtures.render(scripted())
  expect.truthy(text:find("- Idea i001: “Text people before a visit.”\n- ↳ Story s001: “Nobody told me why the repair was late.”", 1, true), "the chain")
end)

test("a contribution withdrawn since is not shown", function()
  local data = scripted()
  data.decisions[1].provenance = { A = { "s009" } }
  local text = fixtures.render(data)
  expect.truthy(text:find("- s009: not shown (consent withdrawn or erased)", 1, true))
end)

test("a decision recorded from a count's file says ties were not recorded", function()
  local data = scripted()
  data.decisions[1].tie_breaks = nil
  expect.truthy(fixtures.render(data):find("Ties are not recorded with this decision", 1, true))
end)

test("an unknown decision is an error naming the decisions there are", function()
  local data = scripted()
  data.settings.decision = "d9"
  expect.error(function() fixtures.render(data) end, "no decision 'd9' in this workspace (decisions: d1)")
end)

test("in Welsh, with Welsh dates and the host's Welsh texts", function()
  local text = fixtures.render(scripted("cy"), { lang = "cy" })
  expect.truthy(text:find("# Cofnod penderfyniad d1: Sample consultation\n", 1, true), "title")
  expect.truthy(text:find("| Dyddiad | 10 Mehefin 2026 |", 1, true), "Welsh month")
  expect.truthy(text:find("| staff | llai na 5 |", 1, true), "suppression in Welsh")
  expect.truthy(text:find("## Y cyfrif, rownd wrth rownd", 1, true), "count heading")
end)

test("bilingual: Welsh first in every block", function()
  local text = fixtures.render(nil, { lang = "cy+en" })
  expect.truthy(text:find("# Cofnod penderfyniad d1: Sample consultation / Decision record d1: Sample consultation\n", 1, true), "one title, Welsh first")
  local welsh = text:find("Pwy a benderfynodd a pham", 1, true)
  local english = text:find("Who decided and why", 1, true)
  expect.truthy(welsh and english and welsh < english, "Welsh before English")
end)
