-- coprod — co-production toolkit. Apache-2.0.
--
-- Score (range) voting: add up every candidate's points; the `seats` candidates with the
-- highest totals win. See docs/rules/score.md.

--- Fills `seats` places from the highest totals down; a group of equal totals that does not
--- fit in the places left is narrowed with count:break_tie, one place at a time.
local function elect_highest(election, count, totals, seats, unit)
  local order, position = {}, {}
  for i, id in ipairs(election.candidates) do order[i] = id; position[id] = i end
  table.sort(order, function(a, b)
    if totals[a] ~= totals[b] then return totals[a] > totals[b] end
    return position[a] < position[b]
  end)
  local i = 1
  while #count:elected() < seats and i <= #order do
    local group, v = {}, totals[order[i]]
    while i <= #order and totals[order[i]] == v do group[#group + 1] = order[i]; i = i + 1 end
    local left = seats - #count:elected()
    if #group <= left then
      for _, id in ipairs(group) do count:elect(id, ("%s %s, in the top %d"):format(tostring(v), unit, seats)) end
    else
      count:note(("%d candidates share %s %s but only %d place(s) are left."):format(#group, tostring(v), unit, left))
      for _ = 1, left do
        local pick = count:break_tie(group, "to elect")
        count:elect(pick, ("%s %s, chosen by the tie-break"):format(tostring(v), unit))
        for k, id in ipairs(group) do if id == pick then table.remove(group, k) break end end
      end
    end
  end
end

return coprod.voting_rule {
  name = "Score voting",
  ballot = { "score" },
  count = function(election, count)
    local totals = election:score_totals()
    count:round { tally = totals, note = "Each candidate's points from all ballots are added up." }
    count:note("A candidate a voter did not score gets no points from that voter.")
    elect_highest(election, count, totals, election.seats, "points")
  end,
}
