-- coprod — co-production toolkit. Apache-2.0.
--
-- Borda count: a ballot gives each candidate one point for every candidate it ranks strictly
-- below (unranked candidates count as below all ranked ones). With complete rankings of m
-- candidates this is the classic m-1, m-2, ..., 0 scoring. See docs/rules/borda.md.

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
  name = "Borda count",
  ballot = { "ranked" },
  count = function(election, count)
    local m = election:pairwise()
    local totals = {}
    for _, a in ipairs(election.candidates) do
      local s = 0
      for _, b in ipairs(election.candidates) do
        if a ~= b then s = s + m[a][b] end
      end
      totals[a] = s
    end
    count:round { tally = totals, note = "Each ballot gives a candidate one point for every candidate ranked below it." }
    count:note("Candidates a voter left unranked count as ranked below all that voter ranked, and equal to each other; equal candidates give each other no points.")
    elect_highest(election, count, totals, election.seats, "points")
  end,
}
