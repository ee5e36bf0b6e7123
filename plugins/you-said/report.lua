-- "We asked, you said": renders a workspace for the people who took part.
-- Run in a workspace: coprod report you-said [--lang cy|en|cy+en] [--out you-said.md]
-- Every text comes from i18n/LANG.yaml through doc:t, so a language is added by adding a file.
local order = { "story", "idea", "comment", "objection" }

-- "We did": each decision (what was chosen, by whom, the outcome and why not, when not
-- accepted) and each commitment (who, when, how it is going and the evidence).
local function weDid(data, doc)
  doc:heading(2, doc:t("we_did"))
  if #data.decisions == 0 and #data.commitments == 0 then
    doc:paragraph(doc:t("nothing_decided"))
    return
  end
  if #data.decisions > 0 then doc:heading(3, doc:t("what_was_decided")) end
  for _, d in ipairs(data.decisions) do
    local chosen = {}
    for _, winner in ipairs(d.winners) do chosen[#chosen + 1] = winner.name end
    local what = #chosen > 0 and table.concat(chosen, ", ") or doc:t("nothing_chosen")
    local key = "decided" .. (d.session and "_at" or "") .. (d.date and "_on" or "")
    doc:paragraph(doc:t(key, {
      who = d.decided_by, session = d.session or "", date = d.date and doc:date(d.date) or "", day = d.date or "", what = what,
      outcome = doc:t("outcome." .. d.outcome),
    }))
    doc:paragraph(d.rationale)
    if d.outcome ~= "accepted" and d.reasons then doc:paragraph(doc:t("why_not." .. d.outcome, { reasons = d.reasons })) end
  end
  if #data.commitments > 0 then
    doc:heading(3, doc:t("what_we_are_doing"))
    local rows = {}
    for _, c in ipairs(data.commitments) do
      local evidence = {}
      for _, e in ipairs(c.evidence) do evidence[#evidence + 1] = e.location and (e.summary .. " (" .. e.location .. ")") or e.summary end
      rows[#rows + 1] = {
        c.text, c.owner, c.due and doc:t(c.overdue and "overdue" or "due", { date = doc:date(c.due), day = c.due }) or "-",
        doc:t("status." .. c.status), c.note or "-", #evidence > 0 and table.concat(evidence, "; ") or "-",
      }
    end
    doc:table {
      columns = { doc:t("col.we_will"), doc:t("col.who"), doc:t("col.due"), doc:t("col.status"), doc:t("col.latest"), doc:t("col.evidence") },
      rows = rows,
    }
  end
end

return coprod.report {
  name = "We asked, you said",
  input = "workspace",
  render = function(data, doc)
    local consultation = data.consultation
    local k = data.minimum_group_size
    doc:heading(1, consultation.name)
    if consultation.question then
      doc:heading(2, doc:t("we_asked"))
      doc:paragraph(consultation.question)
      doc:paragraph(consultation.purpose)
      doc:paragraph(doc:t("how_much_say", { level = consultation.spectrum.title, promise = consultation.spectrum.promise }))
    end
    doc:heading(2, doc:t("who_took_part"))
    doc:paragraph(doc:t("took_part", { people = doc:people(data.people) }))
    -- A bar per perspective; coprod draws it and suppresses small groups (counts = true).
    local groups, people = {}, {}
    for _, group in ipairs(data.participation.perspective) do
      groups[#groups + 1] = doc:t("perspective." .. group.group)
      people[#people + 1] = not group.suppressed and group.count
    end
    if #groups > 0 then
      doc:chart { kind = "bar", title = doc:t("chart.by_perspective"), label = doc:t("col.perspective"), categories = groups,
        series = { { name = doc:t("col.people"), values = people } }, counts = true }
    end
    doc:paragraph(doc:t("small_groups", { k = k }))

    if data.sessions and #data.sessions > 0 then
      doc:heading(2, doc:t("how_we_listened"))
      for _, session in ipairs(data.sessions) do
        -- Stages count once however often they ran; what was chosen is what a decision
        -- recorded (a vote's last round), not each round of a repeated vote.
        local ran, seen, chosen = 0, {}, {}
        for _, stage in ipairs(session.stages) do
          if stage.status ~= "skipped" and not seen[stage.id] then ran = ran + 1; seen[stage.id] = true end
          if #stage.decisions > 0 then
            for _, winner in ipairs(stage.winners or {}) do chosen[#chosen + 1] = winner.name end
          end
        end
        local line = doc:t("session", {
          date = doc:date(session.started), day = session.started:sub(1, 10), format = session.format,
          article = session.format:match("^[AEIOUaeiou]") and "an" or "a", people = doc:people(session.people), count = ran,
        })
        if #chosen > 0 then line = line .. " " .. doc:t("together_chose", { chosen = table.concat(chosen, "; ") }) end
        doc:paragraph(line)
      end
    end

    doc:heading(2, doc:t("you_said"))
    if #data.contributions == 0 and data.withheld == 0 then
      doc:paragraph(doc:t("nothing_said"))
    end
    local byKind = {}
    for _, c in ipairs(data.contributions) do
      byKind[c.kind] = byKind[c.kind] or { quoted = {}, unquoted = 0 }
      if c.text then
        table.insert(byKind[c.kind].quoted, c.text)
      else
        byKind[c.kind].unquoted = byKind[c.kind].unquoted + 1
      end
    end
    for _, kind in ipairs(order) do
      local entry = byKind[kind]
      if entry then
        doc:heading(3, doc:t("kind." .. kind))
        for _, text in ipairs(entry.quoted) do doc:quote(text) end
        if entry.unquoted > 0 then doc:paragraph(doc:t("not_quoted", { count = entry.unquoted })) end
      end
    end
    if data.withheld > 0 then doc:paragraph(doc:t("withheld", { count = data.withheld })) end

    weDid(data, doc)
    doc:paragraph(doc:t("stamp", { hash = data.state_hash }))
  end,
}
