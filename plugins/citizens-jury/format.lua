-- coprod — co-production toolkit. Apache-2.0.
--
-- Citizens' jury (domain brief § 2; involve.org.uk, Shetland participation toolkit):
--   1. frame the question;   2. sortition (a stratified lottery);
--   3. learning: briefing packs, witnesses, questions and answers;
--   4. facilitated small-group deliberation;
--   5. members draft and vote on recommendations, owning the wording;
--   6. publish the report;   7. public response and implementation monitoring.
-- The panel is drawn at the `selection` stage by session:select_panel from the people
-- present (seeded by the session, so anyone can re-run the draw); staff are not eligible
-- and no perspective takes more than its share of the seats plus one. Every stage marked
-- `people = "selection"` is for the jurors only. Recommendations pass by consent (no reasoned
-- objection); any that meet an objection go to a supermajority vote (two thirds unless the
-- `supermajority` setting says otherwise). See docs/formats/citizens-jury.md.

--- Quotas: staff of the organisations involved are not eligible (they may be witnesses),
--- and the panel mirrors the room: no perspective takes more than its share of the seats
--- plus one. Counts of small groups are hidden from formats, so those groups are left
--- unconstrained.
local function quotas(session, jurors)
  local present = #session.attendees
  local list = { { feature = "perspective", value = "staff", min = 0, max = 0 } }
  for _, group in ipairs(session:attendance_by("perspective")) do
    if group.count and group.group ~= "staff" then
      local share = (group.count * jurors + present - 1) // present   -- rounded up
      list[#list + 1] = { feature = "perspective", value = group.group, min = 0, max = math.min(jurors, share + 1) }
    end
  end
  return list
end

--- The largest panel of at most `jurors` the room can supply within the quotas: the
--- lottery refuses quotas it cannot meet, so a smaller panel is tried until one can.
local function draw_panel(session)
  local last
  for size = math.min(session.settings.jurors, #session.attendees), 1, -1 do
    local ok, panel = pcall(session.select_panel, session, { size = size, quotas = quotas(session, size) })
    if ok then return panel end
    last = panel
  end
  error("no panel can be drawn from the people present: " .. tostring(last))
end

--- The recommendations someone objected to with a reason in the consent round.
local function objected(session)
  local result = session:results("consent")
  if result == nil then return {} end
  local passed, list = {}, {}
  for _, id in ipairs(result.winners) do passed[id] = true end
  for _, option in ipairs(result.options) do
    if not passed[option.id] then list[#list + 1] = { id = option.id, name = option.name, from = option.from } end
  end
  return list
end

return coprod.session_format {
  name = "Citizens' Jury",
  description = "A panel drawn by lottery hears evidence, deliberates in small groups and writes recommendations, decided by consent or else a supermajority.",
  roles = { "lead facilitator", "table facilitators", "stewarding group", "witnesses" },
  stages = {
    { id = "question", title = "The question", minutes = 10,
      prompt = "The sponsor presents the question, why it matters and what will happen to the recommendations." },
    -- The civic lottery: a panel of `jurors` from the people present, stratified by perspective.
    { id = "selection", title = "The lottery", minutes = 10,
      groups = function(session) return { draw_panel(session).selected } end,
      prompt = "The panel is drawn in public; the seed is published so anyone can re-run the draw." },
    { id = "evidence", title = "Evidence and questions", minutes = 120, capture = "comment",
      prompt = "Witnesses, including people with lived experience, give balanced evidence; jurors ask questions." },
    { id = "deliberation", title = "Deliberation", minutes = 90, capture = "idea", people = "selection",
      groups = coprod.groups.tables { size = 4, mix = "perspective" },
      prompt = "In facilitated small groups: what did we hear, what matters most, what should happen?" },
    { id = "recommendations", title = "Drafting recommendations", minutes = 60, capture = "idea", from = "deliberation",
      people = "selection",
      prompt = "Jurors write each recommendation in their own words." },
    -- Consent: a recommendation passes unless a juror objects with a reason (score ballots:
    -- 2 consent, 1 stand aside, 0 object).
    { id = "consent", title = "Consent round", minutes = 30, people = "selection",
      when = function(session) return #session:contributions("recommendations") >= 1 end,
      vote = { rule = "consent", options = "recommendations" },
      prompt = "For each recommendation: consent, stand aside, or object with a reason." },
    -- Recommendations that met an objection go to a supermajority vote.
    { id = "supermajority", title = "Supermajority vote", minutes = 20, people = "selection",
      when = function(session) return #objected(session) >= 1 end,
      options = objected,
      vote = { rule = "supermajority", ballot = "approval",
        settings = function(session) return { share = session.settings.supermajority } end },
      prompt = "Tick each recommendation you support; it stands with the supermajority." },
    { id = "response", title = "Report and public response", minutes = 15, capture = "commitment",
      prompt = "The sponsor commits to publish the report, respond in public to each recommendation, and report progress." },
  },
}
