-- "We asked, you said": renders a workspace for the people who took part.
-- Run in a workspace: coprod report you-said [--out you-said.md]
local kinds = { story = "Stories", idea = "Ideas", comment = "Comments", objection = "Objections" }
local order = { "story", "idea", "comment", "objection" }
local outcomes = { accepted = "accepted", ["partly-accepted"] = "partly accepted", rejected = "not accepted" }
local whyNot = { ["partly-accepted"] = "Why not all of it: ", rejected = "Why not: " }
local statuses = { planned = "planned", ["in-progress"] = "in progress", done = "done", dropped = "dropped" }

-- "We did": each decision (what was chosen, by whom, the outcome and why not, when not
-- accepted) and each commitment (who, when, how it is going and the evidence).
local function weDid(data, doc)
  doc:heading(2, "We did")
  if #data.decisions == 0 and #data.commitments == 0 then
    doc:paragraph("Nothing has been decided yet. When it is, we will say here what was decided, by whom, and what we are doing about it.")
    return
  end
  if #data.decisions > 0 then doc:heading(3, "What was decided") end
  for _, d in ipairs(data.decisions) do
    local chosen = {}
    for _, winner in ipairs(d.winners) do chosen[#chosen + 1] = winner.name end
    local what = #chosen > 0 and table.concat(chosen, ", ") or "nothing was chosen"
    local where = d.session and (" at session " .. d.session) or ""
    doc:paragraph(("%s decided%s%s: %s. Outcome: %s."):format(d.decided_by, where, d.date and (" on " .. d.date) or "", what, outcomes[d.outcome]))
    doc:paragraph(d.rationale)
    if whyNot[d.outcome] and d.reasons then doc:paragraph(whyNot[d.outcome] .. d.reasons) end
  end
  if #data.commitments > 0 then
    doc:heading(3, "What we are doing")
    local rows = {}
    for _, c in ipairs(data.commitments) do
      local evidence = {}
      for _, e in ipairs(c.evidence) do evidence[#evidence + 1] = e.location and (e.summary .. " (" .. e.location .. ")") or e.summary end
      rows[#rows + 1] = {
        c.text, c.owner, c.due and (c.due .. (c.overdue and " (overdue)" or "")) or "-", statuses[c.status],
        c.note or "-", #evidence > 0 and table.concat(evidence, "; ") or "-",
      }
    end
    doc:table { columns = { "We will", "Who", "Due", "Status", "Latest", "Evidence" }, rows = rows }
  end
end

return coprod.report {
  name = "We asked, you said",
  input = "workspace",
  render = function(data, doc)
    local consultation = data.consultation
    doc:heading(1, consultation.name)
    if consultation.question then
      doc:heading(2, "We asked")
      doc:paragraph(consultation.question)
      doc:paragraph(consultation.purpose)
      doc:paragraph(("How much say you have: %s. %s"):format(consultation.spectrum.level, consultation.spectrum.promise))
    end
    doc:heading(2, "Who took part")
    doc:paragraph(data.people .. " people took part.")
    -- A bar per perspective; coprod draws it and suppresses small groups (counts = true).
    local groups, people = {}, {}
    for _, group in ipairs(data.participation.perspective) do
      groups[#groups + 1] = group.group
      people[#people + 1] = not group.suppressed and group.count
    end
    if #groups > 0 then
      doc:chart { kind = "bar", title = "People by perspective", label = "Perspective", categories = groups,
        series = { { name = "People", values = people } }, counts = true }
    end
    doc:paragraph("Groups smaller than " .. data.minimum_group_size .. " are not counted separately, so no one can be singled out.")

    if data.sessions and #data.sessions > 0 then
      doc:heading(2, "How we listened")
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
        local article = session.format:match("^[AEIOUaeiou]") and "an" or "a"
        local line = ("%s: %s %s with %d people, in %d stages."):format(session.started:sub(1, 10), article, session.format, session.people, ran)
        if #chosen > 0 then line = line .. " Together they chose: " .. table.concat(chosen, "; ") .. "." end
        doc:paragraph(line)
      end
    end

    doc:heading(2, "You said")
    if #data.contributions == 0 and data.withheld == 0 then
      doc:paragraph("No stories, ideas or comments have been recorded yet.")
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
        doc:heading(3, kinds[kind])
        for _, text in ipairs(entry.quoted) do doc:quote(text) end
        if entry.unquoted > 0 then
          doc:paragraph(entry.unquoted .. " more, not quoted because the person did not agree to be quoted.")
        end
      end
    end
    if data.withheld > 0 then
      doc:paragraph(data.withheld .. " contribution(s) are not shown because the person withdrew their consent.")
    end

    weDid(data, doc)
    doc:paragraph("Made from the workspace at state hash " .. data.state_hash .. ". `coprod verify` shows the hash of a workspace's history, so anyone holding it can check which history this report describes.")
  end,
}
