-- coprod — co-production toolkit. Apache-2.0.
--
-- Participatory budgeting ("local people deciding how to allocate part of a public budget";
-- domain brief § 2, PB Unit toolkit 2010, PB Scotland Charter):
--   1. identify the pot;          2. a steering group (before the day: the roles);
--   3. engagement;                4. priorities and ideas;
--   5. proposal development and shortlisting — officers check cost and feasibility;
--   6. deliberate and vote;       7. commission and scrutinise delivery;  8. evaluate.
-- On the day: the pot is explained, residents put forward ideas at mixed tables, shortlist
-- them with dots, officers cost the shortlisted ideas (and say which are not feasible), then
-- everyone votes on the costed proposals, counted by the method of equal shares (pb-mes)
-- within the pot, and delivery is committed to. The pot is the `budget` setting (plugin.yaml;
-- set it in the inputs file: `settings: { budget: 60000 }`). See
-- docs/formats/participatory-budgeting.md.

--- The whole pounds in a costing note, written "£4,000" or "£4000" (the last amount wins),
--- and the note without it: "Fix the hearing loop: £4,000" → 4000, "Fix the hearing loop".
local function priced(text)
  local amount, last = nil, nil
  for digits in text:gmatch("£%s*([%d,]+)") do last = digits end
  if last then amount = math.tointeger(tonumber((last:gsub(",", "")))) end
  local name = text:gsub("%s*£%s*[%d,]+[%s%.]*$", "")
  for _, dash in ipairs({ "%s*[:;,%-]%s*$", "%s*—%s*$", "%s*–%s*$" }) do name = name:gsub(dash, "") end
  return amount, name
end

--- How many ideas residents shortlist for costing when there are more.
local SHORTLIST = 5

--- The ideas residents shortlisted: the contribution ids behind the dot vote's winners, or
--- nil when the dot vote was skipped (every idea went forward).
local function shortlisted(session)
  local result = session:results("shortlist")
  if result == nil then return nil end
  local chosen, ids = {}, {}
  for _, id in ipairs(result.winners) do chosen[id] = true end
  for _, option in ipairs(result.options) do
    if chosen[option.id] then for _, source in ipairs(option.from) do ids[source] = true end end
  end
  return ids
end

--- The costed proposals on the ballot: each costing note with a price that grew from a
--- shortlisted idea. A note without a price records why an idea is not feasible and is not
--- on the ballot. In a rehearsal the simulated notes carry no prices and grow from ideas
--- picked at random, so each goes on the ballot at a stand-in price of a quarter of the pot.
local function costed_proposals(session)
  local chosen = shortlisted(session)
  local rehearsal = session.id == "rehearsal"
  local options = {}
  for i, note in ipairs(session:contributions("costing")) do
    local from_shortlist = chosen == nil or rehearsal
    for _, source in ipairs(note.from) do
      if chosen and chosen[source] then from_shortlist = true end
    end
    if note.text == nil then
      error(("costing note %s cannot be read: officers' notes are written with quote: true"):format(note.id))
    end
    local cost, name = priced(note.text)
    if rehearsal and cost == nil then cost = session.settings.budget // 4 end
    if from_shortlist and cost then
      options[#options + 1] = { id = "c" .. i, name = name, cost = cost, from = { note.id } }
    end
  end
  return options
end

return coprod.session_format {
  name = "Participatory Budgeting",
  description = "The pot, residents' ideas, a shortlist chosen with dots, proposals costed by officers, a vote counted by the method of equal shares, then delivery commitments.",
  roles = { "facilitator", "steering group", "officers (costing)" },
  stages = {
    { id = "the-pot", title = "The pot and the rules", minutes = 15,
      prompt = "How much money there is, where it comes from, what it can and cannot pay for, and how the vote works." },
    { id = "ideas", title = "Priorities and ideas", minutes = 40, capture = "idea",
      groups = coprod.groups.tables { size = 6, mix = "perspective" },
      prompt = "What would make the most difference here? Say each idea in a few words." },
    -- Shortlist with dots when there are more ideas than officers can cost on the day.
    { id = "shortlist", title = "Shortlist", minutes = 15,
      when = function(session) return #session:contributions("ideas") > SHORTLIST end,
      vote = { rule = "dot-voting", options = "ideas", dots = 3, seats = SHORTLIST },
      prompt = "Three dots each: which ideas should officers cost today?" },
    { id = "costing", title = "Costing and feasibility", minutes = 30, capture = "idea", from = "ideas",
      prompt = "Officers cost each shortlisted idea (\"Name: £4,000\") or say why it is not feasible." },
    { id = "vote", title = "Vote", minutes = 20,
      when = function(session) return #costed_proposals(session) >= 1 end,
      options = costed_proposals,
      vote = { rule = "pb-mes", ballot = "approval",
        budget = function(session) return session.settings.budget end },
      prompt = "Tick every proposal you support. The pot is shared out by the method of equal shares." },
    { id = "delivery", title = "Commissioning and tracking", minutes = 15, capture = "commitment",
      prompt = "Who delivers each funded proposal, by when, and how residents will track progress." },
  },
}
