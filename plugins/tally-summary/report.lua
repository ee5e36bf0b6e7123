-- Tally Summary: explains a count to residents.
-- Run it on a tally: coprod tally FILE --rule irv --format json > result.json
--                    coprod report tally-summary --data result.json
local function label(data, id)
  for _, c in ipairs(data.input.candidates or {}) do
    if c.id == id and c.name ~= id then return c.name .. " (" .. id .. ")" end
  end
  return id
end

-- The count round by round, for a chart: one bar per round, one segment per option, so
-- transfers show as segments growing from round to round. Options missing from a round
-- (already excluded) count 0 there.
local function flow(data)
  local rounds, series = {}, {}
  for i, round in ipairs(data.rounds) do rounds[i] = "Round " .. round.number end
  for _, c in ipairs(data.input.candidates or {}) do
    local values = {}
    for i, round in ipairs(data.rounds) do values[i] = tonumber((round.tally or {})[c.id]) or 0 end
    series[#series + 1] = { name = label(data, c.id), values = values }
  end
  return { kind = "flow", title = "Votes for each option, round by round", categories = rounds, series = series }
end

return coprod.report {
  name = "Tally Summary",
  input = "tally",
  render = function(data, doc)
    doc:heading(1, "How the decision was made")
    doc:paragraph(data.input.ballots .. " ballots were counted with " .. data.rule.name .. ".")
    if data.rule.shadows then doc:paragraph("Warning: " .. data.rule.shadows .. ".") end
    local winners = {}
    for i, id in ipairs(data.winners) do winners[i] = label(data, id) end
    doc:paragraph(#winners == 0 and "No option was chosen." or ("Chosen: " .. table.concat(winners, ", ") .. "."))
    if #data.rounds > 1 then doc:chart(flow(data)) end
    for _, round in ipairs(data.rounds) do
      doc:heading(2, "Round " .. round.number)
      local rows = {}
      for id, value in coprod.sorted_pairs(round.tally or {}) do rows[#rows + 1] = { label(data, id), value } end
      if #rows > 0 then doc:table { columns = { "Option", "Votes" }, rows = rows } end
      local notes = {}
      for i, note in ipairs(round.notes or {}) do
        notes[i] = note.candidate and (label(data, note.candidate) .. " " .. note.action .. ": " .. note.text) or note.text
      end
      doc:list(notes)
    end
    local ties = data.tie_breaks or {}
    if #ties > 0 then
      local methods = { lot = "by lot (seed " .. data.tie_break.seed .. ")", ["input-order"] = "by the order in the ballot file",
        ["reverse-input-order"] = "by reverse order in the ballot file" }
      doc:heading(2, "Ties")
      local lines = {}
      for i, tie in ipairs(ties) do
        local among = {}
        for j, id in ipairs(tie.among) do among[j] = label(data, id) end
        lines[i] = ("Round %d: %s were tied %s; %s was chosen %s."):format(
          tie.round, table.concat(among, ", "), tie.reason, label(data, tie.chosen), methods[tie.method] or tie.method)
      end
      doc:list(lines)
    end
  end,
}
