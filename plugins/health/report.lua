-- Co-production health: indicators computed from the workspace alone, for the people running
-- the work and for a co-production group reviewing it. It sees people only as counts: groups
-- smaller than the workspace's k are never shown, and the indices over everyone (voice) are
-- computed by coprod, single numbers that single no one out.
-- Run in a workspace: coprod report health [--out health.md]
-- Indicators follow the domain brief, section 4: ladder integrity, diversity (Blau index),
-- voice balance (Gini of contributions, silent people counted as zero), follow-through and
-- lived experience in outcomes (decisions traced back to contributions by people with lived
-- experience), loop closure (feedback published, decisions reported back and how soon).

local function percent(part, whole)
  if whole == 0 then return "-" end
  return string.format("%d%%", math.floor(part * 100 / whole + 0.5))
end

-- Blau's index of variety: 1 - sum of squared shares (0 = all alike).
local function blau(counts, total)
  local sum = 0
  for _, n in ipairs(counts) do sum = sum + (n / total) ^ 2 end
  return 1 - sum
end

local function day(text)
  local y, m, d = text:match("^(%d%d%d%d)-(%d%d)-(%d%d)$")
  return os.time { year = tonumber(y), month = tonumber(m), day = tonumber(d), hour = 12 }
end

local function median(values)
  if #values == 0 then return nil end
  table.sort(values)
  local middle = (#values + 1) // 2
  if #values % 2 == 1 then return values[middle] end
  return (values[middle] + values[middle + 1]) / 2
end

-- The TLAP ladder, lowest rung first, and the rung each IAP2 promise supports (inform and
-- consult match rungs 3 and 4; involve allows engagement; collaborate co-design; empower
-- co-production).
local rungs = { "coercion", "educating", "informing", "consultation", "engagement", "co-design", "co-production" }
local supports = { inform = 3, consult = 4, involve = 5, collaborate = 6, empower = 7 }

-- MARK: Sections; each returns its line for the summary table.

local function power(data, doc)
  local c = data.consultation
  doc:heading(2, doc:t("power.title"))
  if not c.ladder then
    doc:paragraph(doc:t("power.none"))
    return { doc:t("indicator.ladder"), doc:t("power.not_declared") }
  end
  doc:paragraph(doc:t("power.declared", {
    rung = c.ladder.title, number = c.ladder.rung, band = c.ladder.band, level = c.spectrum.title, promise = c.spectrum.promise }))
  local scale = {}
  for i, rung in ipairs(rungs) do scale[i] = (doc:t("coprod.ladder." .. rung):gsub("^%l", string.upper)) end
  doc:chart { kind = "gauge", title = doc:t("chart.ladder"), scale = scale,
    markers = { { label = doc:t("chart.declared"), step = c.ladder.rung }, { label = doc:t("chart.supports"), step = supports[c.spectrum.level] } } }
  if #c.notes == 0 then
    doc:paragraph(doc:t("power.matches"))
    return { doc:t("indicator.ladder"), doc:t("power.consistent", { rung = c.ladder.title, level = c.spectrum.title }) }
  end
  doc:list(c.notes)
  return { doc:t("indicator.ladder"), doc:t("power.cautions", { count = #c.notes }) }
end

local function fairness(data, doc)
  local c = data.consultation
  doc:heading(2, doc:t("fair.title"))
  if not c.gunning then
    doc:paragraph(doc:t("fair.nothing"))
    return { doc:t("indicator.gunning"), doc:t("fair.not_recorded") }
  end
  local rows, evidenced = {}, 0
  for _, p in ipairs(c.gunning) do
    if p.evidence then evidenced = evidenced + 1 end
    rows[#rows + 1] = { p.principle, p.evidence or doc:t("fair.no_evidence") }
  end
  doc:table { columns = { doc:t("col.principle"), doc:t("col.evidence") }, rows = rows }
  if c.days then
    doc:paragraph(doc:t("fair.open", { count = c.days, opens = c.opens, closes = c.closes, opens_date = doc:date(c.opens), closes_date = doc:date(c.closes) }))
  end
  return { doc:t("indicator.gunning"), doc:t("fair.evidenced", { count = evidenced }) }
end

local function diversity(data, doc)
  local k = data.minimum_group_size
  local people = data.people
  doc:heading(2, doc:t("indicator.who"))
  if people < k then
    doc:paragraph(doc:t("who.too_few", { people = doc:people(people), k = k }))
    return { doc:t("indicator.who"), doc:people(people) }
  end
  local rows, shown, memberships = {}, {}, 0
  for _, g in ipairs(data.participation.perspective) do
    rows[#rows + 1] = { doc:t("perspective." .. g.group), g.suppressed and doc:t("coprod.fewer_than", { k = k }) or g.count, g.suppressed and "-" or percent(g.count, people) }
    if not g.suppressed then shown[#shown + 1] = g.count; memberships = memberships + g.count end
  end
  doc:table { columns = { doc:t("col.perspective"), doc:t("col.people"), doc:t("col.share_people") }, rows = rows, counts = { 2 } }
  -- Blau over the perspective groups shown (a person may hold several); small groups are
  -- left out so the index cannot reveal their size.
  local finding = doc:people(people)
  if #shown < 2 then
    doc:paragraph(doc:t("who.no_variety", { k = k }))
  else
    local index = blau(shown, memberships)
    doc:paragraph(doc:t("who.blau", { index = string.format("%.2f", index), most = string.format("%.2f", 1 - 1 / #shown), count = #shown }))
    finding = doc:t("who.finding", { people = finding, index = string.format("%.2f", index) })
  end
  doc:paragraph(doc:t("who.note", { k = k }))
  return { doc:t("indicator.who"), finding }
end

local function voice(data, doc)
  local k = data.minimum_group_size
  local v, people = data.voice, data.people
  doc:heading(2, doc:t("voice.title"))
  if people < k then
    doc:paragraph(doc:t("voice.too_few", { k = k }))
    return { doc:t("indicator.voice"), doc:t("voice.too_few_row") }
  end
  if v.contributions == 0 then
    doc:paragraph(doc:t("voice.none"))
    return { doc:t("indicator.voice"), doc:t("voice.none_row") }
  end
  doc:paragraph(doc:t("voice.spoke", { people = doc:people(v.speakers, people), share = percent(v.speakers, people), gini = string.format("%.2f", v.gini) }))
  local rows, shares = {}, {}
  for _, group in ipairs(v.groups) do
    local ratio = (group.contributions / v.contributions) / (group.people / people)
    local name = doc:t("perspective." .. group.group)
    rows[#rows + 1] = { name, percent(group.people, people), percent(group.contributions, v.contributions), string.format("%.2f", ratio) }
    shares[#shares + 1] = { name = name, values = {
      math.floor(group.people * 100 / people + 0.5), math.floor(group.contributions * 100 / v.contributions + 0.5) } }
  end
  if #rows > 0 then
    doc:table { columns = { doc:t("col.perspective"), doc:t("col.share_people"), doc:t("col.share_contributions"), doc:t("col.voice_ratio") }, rows = rows }
    doc:chart { kind = "stacked-bar", title = doc:t("chart.voice"), label = doc:t("chart.share_of"),
      categories = { doc:t("chart.people"), doc:t("chart.contributions") }, series = shares, unit = "%" }
    doc:paragraph(doc:t("voice.ratio_note"))
  else
    doc:paragraph(doc:t("voice.no_groups", { k = k }))
  end
  if data.withheld > 0 then
    doc:paragraph(doc:t("voice.withheld", { count = data.withheld }))
  end
  return { doc:t("indicator.voice"), doc:t("voice.row", { speakers = v.speakers, people = people, gini = string.format("%.2f", v.gini) }) }
end

local function followThrough(data, doc)
  doc:heading(2, doc:t("indicator.follow"))
  if #data.decisions == 0 and #data.commitments == 0 then
    doc:paragraph(doc:t("follow.nothing"))
    return { doc:t("indicator.follow"), doc:t("follow.nothing_row") }
  end
  local outcomes = { accepted = 0, ["partly-accepted"] = 0, rejected = 0 }
  local needing, explained, decidedOn = 0, 0, {}
  for _, d in ipairs(data.decisions) do
    outcomes[d.outcome] = outcomes[d.outcome] + 1
    if d.outcome ~= "accepted" then
      needing = needing + 1
      if d.reasons then explained = explained + 1 end
    end
    decidedOn[d.id] = d.date
  end
  if #data.decisions > 0 then
    doc:table {
      columns = { doc:t("col.decisions"), doc:t("col.accepted"), doc:t("col.partly"), doc:t("col.rejected") },
      rows = { { #data.decisions, outcomes.accepted, outcomes["partly-accepted"], outcomes.rejected } },
    }
    if needing > 0 then
      doc:paragraph(doc:t("follow.why", { explained = explained, needing = needing }))
    end
  end
  local status = { planned = 0, ["in-progress"] = 0, done = 0, dropped = 0 }
  local overdue, evidenced, days, items = 0, 0, {}, {}
  for _, c in ipairs(data.commitments) do
    status[c.status] = status[c.status] + 1
    items[#items + 1] = { label = c.text, due = c.due, status = c.overdue and "overdue" or c.status,
      done = c.status == "done" and #c.history > 0 and c.history[#c.history].date or nil }
    if c.overdue then overdue = overdue + 1 end
    if c.status == "done" then
      if #c.evidence > 0 then evidenced = evidenced + 1 end
      local from = c.decision and decidedOn[c.decision]
      if from then days[#days + 1] = math.floor(os.difftime(day(c.history[#c.history].date), day(from)) / 86400 + 0.5) end
    end
  end
  local promised = #data.commitments
  if promised == 0 then
    doc:paragraph(doc:t("follow.no_commitments"))
    return { doc:t("indicator.follow"), doc:t("follow.no_commitments_row", { count = #data.decisions }) }
  end
  doc:table {
    columns = { doc:t("col.commitments"), doc:t("col.planned"), doc:t("col.in_progress"), doc:t("col.done"), doc:t("col.dropped"), doc:t("col.overdue") },
    rows = { { promised, status.planned, status["in-progress"], status.done, status.dropped, overdue } },
  }
  doc:chart { kind = "timeline", title = doc:t("chart.commitments"), items = items }
  doc:paragraph(doc:t("follow.done", {
    done = status.done, promised = promised, share = percent(status.done, promised), evidenced = evidenced,
    overdue = doc:t("follow.overdue", { count = overdue }), overdue_share = percent(overdue, promised) }))
  local middle = median(days)
  if middle then
    doc:paragraph(doc:t("follow.median", { days = doc:t("days", { count = middle }), over = doc:t("follow.commitments", { count = #days }) }))
  end
  return { doc:t("indicator.follow"), doc:t("follow.row", { done = status.done, promised = promised, overdue = overdue }) }
end

local function loopClosure(data, doc)
  doc:heading(2, doc:t("indicator.loop"))
  local published = #data.feedback
  if published == 0 then
    doc:paragraph(doc:t("loop.none"))
    return { doc:t("indicator.loop"), doc:t("loop.none_row") }
  end
  local rows, channels, seen, firstCovered = {}, {}, {}, {}
  for _, f in ipairs(data.feedback) do
    rows[#rows + 1] = { doc:t("loop.date", { day = f.date, date = doc:date(f.date) }), f.channel, f.title, #f.decisions, #f.commitments }
    if not seen[f.channel] then seen[f.channel] = true; channels[#channels + 1] = f.channel end
    for _, id in ipairs(f.decisions) do
      if not firstCovered[id] or f.date < firstCovered[id] then firstCovered[id] = f.date end
    end
  end
  doc:paragraph(doc:t("loop.published", { times = doc:t("times", { count = published }) }))
  doc:table { columns = { doc:t("col.published"), doc:t("col.where"), doc:t("col.title"), doc:t("col.decisions"), doc:t("col.commitments") }, rows = rows }
  local finding = doc:t("loop.finding", { times = doc:t("times", { count = published }), channels = table.concat(channels, ", ") })
  if #data.decisions == 0 then
    doc:paragraph(doc:t("loop.no_decisions"))
    return { doc:t("indicator.loop"), finding .. doc:t("loop.no_decisions_row") }
  end
  local covered, days, missing = 0, {}, {}
  for _, d in ipairs(data.decisions) do
    local on = firstCovered[d.id]
    if on then
      covered = covered + 1
      if d.date then days[#days + 1] = math.floor(os.difftime(day(on), day(d.date)) / 86400 + 0.5) end
    else
      missing[#missing + 1] = d.id
    end
  end
  local coverage = doc:t("loop.coverage", { covered = covered, decisions = doc:t("decisions", { count = #data.decisions }) })
  local middle = median(days)
  if middle then
    coverage = coverage .. doc:t("loop.median", { days = doc:t("days", { count = math.tointeger(middle) or middle }) })
  end
  doc:paragraph(coverage .. ".")
  if #missing > 0 then
    doc:paragraph(doc:t("loop.missing", { ids = table.concat(missing, ", ") }))
  end
  return { doc:t("indicator.loop"), finding .. "; " .. coverage }
end

local function livedExperience(data, doc)
  doc:heading(2, doc:t("indicator.lived"))
  local p = data.provenance
  if not p or (p.decisions_traced == 0 and p.commitments_traced == 0) then
    doc:paragraph(doc:t("lived.none"))
    return { doc:t("indicator.lived"), doc:t("lived.none_row") }
  end
  doc:paragraph(doc:t("lived.decisions", {
    decisions = doc:t("decisions", { count = p.decisions_traced }), count = p.decisions_traced, with = p.decisions_with_lived_experience,
    share = percent(p.decisions_with_lived_experience, p.decisions_traced) }))
  if p.commitments_traced > 0 then
    doc:paragraph(doc:t("lived.commitments", {
      commitments = doc:t("follow.commitments", { count = p.commitments_traced }), count = p.commitments_traced, with = p.commitments_with_lived_experience,
      share = percent(p.commitments_with_lived_experience, p.commitments_traced) }))
  end
  doc:paragraph(doc:t("lived.how"))
  return { doc:t("indicator.lived"), doc:t("lived.row", { with = p.decisions_with_lived_experience, traced = p.decisions_traced }) }
end

-- A stand-in for `doc` that keeps the blocks, so the summary can come before the sections.
local function recorder(doc)
  local blocks, proxy = {}, {}
  for _, name in ipairs { "heading", "paragraph", "list", "table", "quote", "chart" } do
    proxy[name] = function(_, ...) blocks[#blocks + 1] = { name, table.pack(...) } end
  end
  -- Texts, dates and numbers come from the real `doc` at once; only blocks are deferred.
  for _, name in ipairs { "t", "date", "number", "people" } do
    proxy[name] = function(_, ...) return doc[name](doc, ...) end
  end
  local function replay(doc)
    for _, block in ipairs(blocks) do doc[block[1]](doc, table.unpack(block[2], 1, block[2].n)) end
  end
  return proxy, replay
end

return coprod.report {
  name = "Co-production health",
  input = "workspace",
  render = function(data, doc)
    local sections, replay = recorder(doc)
    local rows = {}
    for _, section in ipairs { power, fairness, diversity, voice, livedExperience, followThrough, loopClosure } do
      rows[#rows + 1] = section(data, sections)
    end
    doc:heading(1, doc:t("title", { name = data.consultation.name }))
    doc:paragraph(doc:t("intro", { k = data.minimum_group_size }))
    doc:table { columns = { doc:t("col.indicator"), doc:t("col.finding") }, rows = rows }
    replay(doc)
    doc:paragraph(doc:t("stamp", { hash = data.state_hash }))
  end,
}
