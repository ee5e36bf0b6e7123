-- Tally Summary: explains a count to residents.
-- Run it on a tally: coprod tally FILE --rule irv --format json > result.json
--                    coprod report tally-summary --data result.json [--lang cy|en|cy+en]
-- Texts come from i18n/LANG.yaml; the rule's own notes and reasons stay in the rule's words.
local function label(data, id)
  for _, c in ipairs(data.input.candidates or {}) do
    if c.id == id and c.name ~= id then return c.name .. " (" .. id .. ")" end
  end
  return id
end

local actions = { elected = true, excluded = true }

-- The count round by round, for a chart: one bar per round, one segment per option, so
-- transfers show as segments growing from round to round. Options missing from a round
-- (already excluded) count 0 there.
local function flow(data, doc)
  local rounds, series = {}, {}
  for i, round in ipairs(data.rounds) do rounds[i] = doc:t("round", { n = round.number }) end
  for _, c in ipairs(data.input.candidates or {}) do
    local values = {}
    for i, round in ipairs(data.rounds) do values[i] = tonumber((round.tally or {})[c.id]) or 0 end
    series[#series + 1] = { name = label(data, c.id), values = values }
  end
  return { kind = "flow", title = doc:t("chart.flow"), categories = rounds, series = series }
end

return coprod.report {
  name = "Tally Summary",
  input = "tally",
  render = function(data, doc)
    doc:heading(1, doc:t("title"))
    doc:paragraph(doc:t("counted", { ballots = data.input.ballots, count = tonumber(data.input.ballots), rule = data.rule.name }))
    if data.rule.shadows then doc:paragraph(doc:t("coprod.note.shadows", { text = data.rule.shadows })) end
    local winners = {}
    for i, id in ipairs(data.winners) do winners[i] = label(data, id) end
    doc:paragraph(#winners == 0 and doc:t("none_chosen") or doc:t("chosen", { winners = table.concat(winners, ", ") }))
    if #data.rounds > 1 then doc:chart(flow(data, doc)) end
    for _, round in ipairs(data.rounds) do
      doc:heading(2, doc:t("round", { n = round.number }))
      local rows = {}
      for id, value in coprod.sorted_pairs(round.tally or {}) do rows[#rows + 1] = { label(data, id), value } end
      if #rows > 0 then doc:table { columns = { doc:t("col.option"), doc:t("col.votes") }, rows = rows } end
      local notes = {}
      for i, note in ipairs(round.notes or {}) do
        local action = actions[note.action] and doc:t("action." .. note.action) or note.action
        notes[i] = note.candidate and (label(data, note.candidate) .. " " .. action .. ": " .. note.text) or note.text
      end
      doc:list(notes)
    end
    local ties = data.tie_breaks or {}
    if #ties > 0 then
      doc:heading(2, doc:t("ties"))
      local lines = {}
      for i, tie in ipairs(ties) do
        local among = {}
        for j, id in ipairs(tie.among) do among[j] = label(data, id) end
        local how = doc:t("method." .. tie.method, { seed = data.tie_break.seed })
        lines[i] = doc:t("tie", { round = tie.round, among = table.concat(among, ", "), reason = tie.reason, chosen = label(data, tie.chosen), how = how })
      end
      doc:list(lines)
    end
  end,
}
