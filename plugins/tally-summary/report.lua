-- Tally Summary: explains a count to residents.
-- Run it on a tally: coprod tally FILE --rule irv --format json > result.json
--                    coprod report tally-summary --data result.json
local function label(data, id)
  for _, c in ipairs(data.input.candidates or {}) do
    if c.id == id and c.name ~= id then return c.name .. " (" .. id .. ")" end
  end
  return id
end

return coprod.report {
  name = "Tally Summary",
  input = "tally",
  render = function(data, doc)
    doc:heading(1, "How the decision was made")
    doc:paragraph(data.input.ballots .. " ballots were counted with " .. data.rule.name .. ".")
    local winners = {}
    for i, id in ipairs(data.winners) do winners[i] = label(data, id) end
    doc:paragraph(#winners == 0 and "No option was chosen." or ("Chosen: " .. table.concat(winners, ", ") .. "."))
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
  end,
}
