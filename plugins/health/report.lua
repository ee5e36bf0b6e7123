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

local function plural(n, one, many)
  return n .. " " .. (n == 1 and one or (many or one .. "s"))
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
local rungs = { "Coercion", "Educating", "Informing", "Consultation", "Engagement", "Co-design", "Co-production" }
local supports = { inform = 3, consult = 4, involve = 5, collaborate = 6, empower = 7 }

-- MARK: Sections; each returns its line for the summary table.

local function power(data, doc)
  local c = data.consultation
  doc:heading(2, "Power: what was declared")
  if not c.ladder then
    doc:paragraph("No consultation record yet: declare the question, its purpose and how much say people have with `coprod consultation set`, so everyone knows what they are part of.")
    return { "Ladder integrity", "not declared" }
  end
  doc:paragraph(("Declared: %s, rung %d of 7 (%s). Promised: %s. %s"):format(
    c.ladder.name, c.ladder.rung, c.ladder.band, c.spectrum.level, c.spectrum.promise))
  doc:chart { kind = "gauge", title = "Ladder of co-production: the rung declared and the rung the promise supports", scale = rungs,
    markers = { { label = "Declared", step = c.ladder.rung }, { label = "Promise supports", step = supports[c.spectrum.level] } } }
  if #c.notes == 0 then
    doc:paragraph("The promise made matches the rung declared.")
    return { "Ladder integrity", c.ladder.name .. " with " .. c.spectrum.level .. ": consistent" }
  end
  doc:list(c.notes)
  return { "Ladder integrity", plural(#c.notes, "caution") .. " (see below)" }
end

local function fairness(data, doc)
  local c = data.consultation
  doc:heading(2, "A fair consultation: the Gunning principles")
  if not c.gunning then
    doc:paragraph("Nothing recorded yet.")
    return { "Gunning principles", "not recorded" }
  end
  local rows, evidenced = {}, 0
  for _, p in ipairs(c.gunning) do
    if p.evidence then evidenced = evidenced + 1 end
    rows[#rows + 1] = { p.principle, p.evidence or "no evidence recorded yet" }
  end
  doc:table { columns = { "Principle", "Evidence" }, rows = rows }
  if c.days then doc:paragraph(("Open for %s, from %s to %s."):format(plural(c.days, "day"), c.opens, c.closes)) end
  return { "Gunning principles", evidenced .. " of 4 with evidence" }
end

local function diversity(data, doc)
  local k = data.minimum_group_size
  local people = data.people
  doc:heading(2, "Who took part")
  if people < k then
    doc:paragraph(("%s so far: too few (fewer than %d) to say more without singling anyone out."):format(plural(people, "person", "people"), k))
    return { "Who took part", plural(people, "person", "people") }
  end
  local rows, shown, memberships = {}, {}, 0
  for _, g in ipairs(data.participation.perspective) do
    rows[#rows + 1] = { g.group, g.suppressed and ("fewer than " .. k) or g.count, g.suppressed and "-" or percent(g.count, people) }
    if not g.suppressed then shown[#shown + 1] = g.count; memberships = memberships + g.count end
  end
  doc:table { columns = { "Perspective", "People", "Share of people" }, rows = rows, counts = { "People" } }
  -- Blau over the perspective groups shown (a person may hold several); small groups are
  -- left out so the index cannot reveal their size.
  local finding = plural(people, "person", "people")
  if #shown < 2 then
    doc:paragraph(("Variety of perspectives is not shown: fewer than two perspectives have %d or more people."):format(k))
  else
    local index = blau(shown, memberships)
    doc:paragraph(("Variety among the perspectives shown (Blau index): %.2f, where 0 means everyone shares one perspective and %.2f is the most %d perspectives allow."):format(
      index, 1 - 1 / #shown, #shown))
    finding = finding .. ", Blau " .. string.format("%.2f", index)
  end
  doc:paragraph("People may hold more than one perspective. Groups smaller than " .. k .. " are not shown, so no one can be singled out.")
  return { "Who took part", finding }
end

local function voice(data, doc)
  local k = data.minimum_group_size
  local v, people = data.voice, data.people
  doc:heading(2, "Whose voice is heard")
  if people < k then
    doc:paragraph(("Fewer than %d people take part, too few to compare voices without singling anyone out."):format(k))
    return { "Voice balance", "too few people to show" }
  end
  if v.contributions == 0 then
    doc:paragraph("No contributions from people taking part yet.")
    return { "Voice balance", "no contributions yet" }
  end
  doc:paragraph(("%s of %s contributed at least once (%s). Inequality of contributions between people (Gini, counting people who said nothing as zero): %.2f, where 0 means everyone contributed equally."):format(
    v.speakers, plural(people, "person", "people"), percent(v.speakers, people), v.gini))
  local rows, shares = {}, {}
  for _, group in ipairs(v.groups) do
    local ratio = (group.contributions / v.contributions) / (group.people / people)
    rows[#rows + 1] = { group.group, percent(group.people, people), percent(group.contributions, v.contributions), string.format("%.2f", ratio) }
    shares[#shares + 1] = { name = group.group, values = {
      math.floor(group.people * 100 / people + 0.5), math.floor(group.contributions * 100 / v.contributions + 0.5) } }
  end
  if #rows > 0 then
    doc:table { columns = { "Perspective", "Share of people", "Share of contributions", "Voice ratio" }, rows = rows }
    doc:chart { kind = "stacked-bar", title = "Voice balance: each perspective's share of people and of contributions", label = "Share of",
      categories = { "People", "Contributions" }, series = shares, unit = "%" }
    doc:paragraph("A voice ratio below 1 means the group said less than its share of the people taking part; above 1, more.")
  else
    doc:paragraph("No perspective has " .. k .. " or more people yet, so voice is not shown by group.")
  end
  if data.withheld > 0 then
    doc:paragraph(plural(data.withheld, "contribution") .. " left out because the person withdrew their consent.")
  end
  return { "Voice balance", ("%d of %d contributed; Gini %.2f"):format(v.speakers, people, v.gini) }
end

local function followThrough(data, doc)
  doc:heading(2, "Follow-through")
  if #data.decisions == 0 and #data.commitments == 0 then
    doc:paragraph("Nothing has been decided or promised yet.")
    return { "Follow-through", "nothing decided yet" }
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
      columns = { "Decisions", "Accepted", "Partly accepted", "Rejected" },
      rows = { { #data.decisions, outcomes.accepted, outcomes["partly-accepted"], outcomes.rejected } },
    }
    if needing > 0 then
      doc:paragraph(("Decisions not fully accepted that say why: %d of %d."):format(explained, needing))
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
    doc:paragraph("No commitments yet: say what will be done, by whom and by when, with `coprod commitments add`.")
    return { "Follow-through", plural(#data.decisions, "decision") .. ", no commitments yet" }
  end
  doc:table {
    columns = { "Commitments", "Planned", "In progress", "Done", "Dropped", "Overdue" },
    rows = { { promised, status.planned, status["in-progress"], status.done, status.dropped, overdue } },
  }
  doc:chart { kind = "timeline", title = "Commitments: when due and when done", items = items }
  doc:paragraph(("%d of %d promised done (%s), %d of them with evidence people can check; %s overdue (%s)."):format(
    status.done, promised, percent(status.done, promised), evidenced, plural(overdue, "commitment is", "commitments are"),
    percent(overdue, promised)))
  local middle = median(days)
  if middle then
    doc:paragraph(("From decision to done: %s (median over %s)."):format(plural(middle, "day"), plural(#days, "commitment")))
  end
  return { "Follow-through", ("%d of %d commitments done, %d overdue"):format(status.done, promised, overdue) }
end

local function loopClosure(data, doc)
  doc:heading(2, "Loop closure")
  local published = #data.feedback
  if published == 0 then
    doc:paragraph("No feedback has been published yet, so the people who took part have not been told what was decided or what is being done about it. Publish it (for example `coprod report you-said --out you-said.md`) and record where with `coprod feedback record --title TEXT --channel WHERE --file you-said.md`.")
    return { "Loop closure", "no feedback published yet" }
  end
  local rows, channels, seen, firstCovered = {}, {}, {}, {}
  for _, f in ipairs(data.feedback) do
    rows[#rows + 1] = { f.date, f.channel, f.title, #f.decisions, #f.commitments }
    if not seen[f.channel] then seen[f.channel] = true; channels[#channels + 1] = f.channel end
    for _, id in ipairs(f.decisions) do
      if not firstCovered[id] or f.date < firstCovered[id] then firstCovered[id] = f.date end
    end
  end
  doc:paragraph(("Feedback published %s, so people who took part can see what became of what they said."):format(plural(published, "time")))
  doc:table { columns = { "Published", "Where", "Title", "Decisions", "Commitments" }, rows = rows }
  local finding = ("published %s (%s)"):format(plural(published, "time"), table.concat(channels, ", "))
  if #data.decisions == 0 then
    doc:paragraph("No decisions recorded yet, so none to report back.")
    return { "Loop closure", finding .. "; no decisions yet" }
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
  local coverage = ("%d of %s reported back to people"):format(covered, plural(#data.decisions, "decision"))
  local middle = median(days)
  if middle then
    coverage = coverage .. ("; median %s from decision to feedback"):format(plural(math.tointeger(middle) or middle, "day"))
  end
  doc:paragraph(coverage .. ".")
  if #missing > 0 then
    doc:paragraph("Not reported back yet: " .. table.concat(missing, ", ") .. ". Publish feedback that covers them and record it with `coprod feedback record`.")
  end
  return { "Loop closure", finding .. "; " .. coverage }
end

local function livedExperience(data, doc)
  doc:heading(2, "Lived experience in outcomes")
  local p = data.provenance
  if not p or (p.decisions_traced == 0 and p.commitments_traced == 0) then
    doc:paragraph("No decision or commitment can be traced back to what people said yet. Decisions and commitments made in a session (`coprod run`) keep the contributions their options grew from.")
    return { "Lived experience in outcomes", "nothing traced yet" }
  end
  doc:paragraph(("%s traced back to what people said; with a contribution from someone with lived experience: %d (%s)."):format(
    plural(p.decisions_traced, "decision"), p.decisions_with_lived_experience, percent(p.decisions_with_lived_experience, p.decisions_traced)))
  if p.commitments_traced > 0 then
    doc:paragraph(("%s traced back; with lived experience: %d (%s)."):format(
      plural(p.commitments_traced, "commitment"), p.commitments_with_lived_experience, percent(p.commitments_with_lived_experience, p.commitments_traced)))
  end
  doc:paragraph("A decision is traced when its chosen options keep the contributions they grew from (contribution → idea → option → decision); coprod follows the chain and counts, without saying who.")
  return { "Lived experience in outcomes", ("%d of %d traced decisions"):format(p.decisions_with_lived_experience, p.decisions_traced) }
end

-- A stand-in for `doc` that keeps the blocks, so the summary can come before the sections.
local function recorder()
  local blocks, proxy = {}, {}
  for _, name in ipairs { "heading", "paragraph", "list", "table", "quote", "chart" } do
    proxy[name] = function(_, ...) blocks[#blocks + 1] = { name, table.pack(...) } end
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
    local sections, replay = recorder()
    local rows = {}
    for _, section in ipairs { power, fairness, diversity, voice, livedExperience, followThrough, loopClosure } do
      rows[#rows + 1] = section(data, sections)
    end
    doc:heading(1, "Co-production health: " .. data.consultation.name)
    doc:paragraph("What this workspace shows about how power is shared, whose voices are heard and whether promises are kept. Groups smaller than " .. data.minimum_group_size .. " are never shown.")
    doc:table { columns = { "Indicator", "Finding" }, rows = rows }
    replay(doc)
    doc:paragraph("Made from the workspace at state hash " .. data.state_hash .. ". `coprod verify` shows the hash of a workspace's history, so anyone holding it can check which history this report describes.")
  end,
}
