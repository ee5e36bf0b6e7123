-- "We asked, you said": renders a workspace for the people who took part.
-- Run in a workspace: coprod report you-said [--out you-said.md]
local kinds = { story = "Stories", idea = "Ideas", comment = "Comments", objection = "Objections" }
local order = { "story", "idea", "comment", "objection" }

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
    doc:paragraph(#data.participants .. " people took part.")
    local rows = {}
    for _, group in ipairs(data.participation.perspective) do
      rows[#rows + 1] = { group.group, group.suppressed and ("fewer than " .. data.minimum_group_size) or group.count }
    end
    if #rows > 0 then doc:table { columns = { "Perspective", "People" }, rows = rows } end
    doc:paragraph("Groups smaller than " .. data.minimum_group_size .. " are not counted separately, so no one can be singled out.")

    doc:heading(2, "You said")
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
  end,
}
