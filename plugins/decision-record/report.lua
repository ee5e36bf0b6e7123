-- Decision record: one decision, set out for a committee paper.
-- Run in a workspace: coprod report decision-record [--option decision=d2] [--lang cy|en|cy+en]
-- It sees people only as counts: who decided is the body named when the decision was
-- recorded and, for a decision taken in a session, how many people were there (groups
-- smaller than k suppressed) and how many ballots were cast; never names.

local function find(data)
  local wanted = data.settings.decision or "latest"
  if wanted == "latest" then return data.decisions[#data.decisions] end
  for _, d in ipairs(data.decisions) do
    if d.id == wanted then return d end
  end
  local ids = {}
  for i, d in ipairs(data.decisions) do ids[i] = d.id end
  error(("no decision '%s' in this workspace (decisions: %s); see coprod decisions list"):format(
    wanted, #ids > 0 and table.concat(ids, ", ") or "none yet"), 0)
end

local function namer(d)
  local names = {}
  for _, p in ipairs(d.proposals) do names[p.id] = p.name end
  return function(id) return names[id] and names[id] ~= id and (names[id] .. " (" .. id .. ")") or id end
end

-- Who decided and why: the body, the people present (counts only) and the reasons.
local function whoAndWhy(d, data, doc)
  doc:heading(2, doc:t("who.title"))
  doc:paragraph(doc:t("who.body", { who = d.decided_by }))
  if d.attendance then
    local where = d.stage and doc:t("who.session_stage", { session = d.session, stage = d.stage }) or doc:t("who.session", { session = d.session })
    doc:paragraph(doc:t("who.present", { where = where, people = doc:people(d.attendance.people), ballots = d.ballots or 0, count = d.ballots or 0 }))
    local rows = {}
    for _, g in ipairs(d.attendance.by_perspective) do
      rows[#rows + 1] = { doc:t("perspective." .. g.group), g.suppressed and doc:t("coprod.fewer_than", { k = data.minimum_group_size }) or g.count }
    end
    if #rows > 0 then doc:table { columns = { doc:t("col.perspective"), doc:t("col.people") }, rows = rows, counts = { 2 } } end
  end
  doc:heading(3, doc:t("who.why"))
  doc:paragraph(d.rationale)
  if d.reasons then
    doc:heading(3, doc:t("why_not." .. d.outcome))
    doc:paragraph(d.reasons)
  end
end

-- The count: each round's numbers, who was elected or excluded and the rule's notes.
local function rounds(d, doc, name)
  doc:heading(2, doc:t("count.title"))
  if #d.rounds == 0 then
    doc:paragraph(doc:t("count.none"))
    return
  end
  for _, round in ipairs(d.rounds) do
    doc:heading(3, doc:t("count.round", { n = round.number }))
    local rows = {}
    for id, value in coprod.sorted_pairs(round.tally) do rows[#rows + 1] = { name(id), value } end
    if #rows > 0 then doc:table { columns = { doc:t("col.option"), doc:t("col.votes") }, rows = rows } end
    local lines = {}
    for _, id in ipairs(round.elected) do lines[#lines + 1] = doc:t("count.elected", { option = name(id) }) end
    for _, id in ipairs(round.excluded) do lines[#lines + 1] = doc:t("count.excluded", { option = name(id) }) end
    for _, note in ipairs(round.notes) do lines[#lines + 1] = doc:t("count.note", { note = note }) end
    doc:list(lines)
  end
  doc:heading(3, doc:t("ties.title"))
  if not d.tie_breaks then
    doc:paragraph(doc:t("ties.unknown"))
  elseif #d.tie_breaks == 0 then
    doc:paragraph(doc:t("ties.none"))
  else
    local lines = {}
    for i, tie in ipairs(d.tie_breaks) do
      local among = {}
      for j, id in ipairs(tie.among) do among[j] = name(id) end
      lines[i] = doc:t("ties.tie", {
        round = tie.round, among = table.concat(among, ", "), reason = tie.reason, chosen = name(tie.chosen),
        how = doc:t("ties.method." .. tie.method) })
    end
    doc:list(lines)
  end
end

-- Where the choice came from: the contributions each chosen option grew from, followed back
-- through ideas to stories; words are quoted only where the person agreed.
local function provenance(d, data, doc, name)
  doc:heading(2, doc:t("from.title"))
  local byID = {}
  for _, c in ipairs(data.contributions) do byID[c.id] = c end
  local lines, seen = {}, {}
  local function follow(id, depth)
    if seen[id] or depth > 20 then return end
    seen[id] = true
    local c = byID[id]
    local indent = string.rep("↳ ", depth)
    if not c then
      lines[#lines + 1] = indent .. doc:t("from.withheld", { id = id })
      return
    end
    local kind = doc:t("kind." .. c.kind)
    lines[#lines + 1] = indent .. (c.text and doc:t("from.quoted", { id = id, kind = kind, text = c.text }) or doc:t("from.unquoted", { id = id, kind = kind }))
    for _, parent in ipairs(c.from) do follow(parent, depth + 1) end
  end
  local any = false
  for _, winner in ipairs(d.winners) do
    local sources = d.provenance[winner.id]
    if sources and #sources > 0 then
      any = true
      lines = {}
      seen = {}
      for _, id in ipairs(sources) do follow(id, 0) end
      doc:heading(3, name(winner.id))
      doc:list(lines)
    end
  end
  if not any then doc:paragraph(doc:t("from.none")) end
end

return coprod.report {
  name = "Decision record",
  input = "workspace",
  render = function(data, doc)
    local d = find(data)
    if not d then
      doc:heading(1, doc:t("title_none", { name = data.consultation.name }))
      doc:paragraph(doc:t("none"))
      return
    end
    local name = namer(d)
    local chosen = {}
    for _, w in ipairs(d.winners) do chosen[#chosen + 1] = name(w.id) end
    doc:heading(1, doc:t("title", { id = d.id, name = data.consultation.name }))
    doc:paragraph(doc:t("intro"))
    local rule = d.rule
    doc:table {
      columns = { doc:t("col.item"), doc:t("col.record") },
      rows = {
        { doc:t("row.decision"), d.id },
        { doc:t("row.chosen"), #chosen > 0 and table.concat(chosen, "; ") or doc:t("nothing_chosen") },
        { doc:t("row.decided_by"), d.decided_by },
        { doc:t("row.date"), d.date and doc:date(d.date) or "-" },
        { doc:t("row.session"), d.session and (d.stage and (d.session .. " (" .. d.stage .. ")") or d.session) or "-" },
        { doc:t("row.outcome"), doc:t("outcome." .. d.outcome) },
        { doc:t("row.rule"), rule.id .. " " .. rule.version },
      },
    }
    whoAndWhy(d, data, doc)
    rounds(d, doc, name)
    provenance(d, data, doc, name)
    doc:heading(2, doc:t("plugins.title"))
    doc:table {
      columns = { doc:t("col.role"), doc:t("col.plugin"), doc:t("col.version"), doc:t("col.sha256"), doc:t("col.signer") },
      rows = { { doc:t("plugins.rule"), rule.id, rule.version, rule.sha256, rule.signer or doc:t("plugins.bundled") } },
    }
    doc:paragraph(doc:t("plugins.check"))
    if d.state_hash then doc:paragraph(doc:t("stamp.decision", { hash = d.state_hash })) end
    doc:paragraph(doc:t("stamp.report", { hash = data.state_hash }))
  end,
}
