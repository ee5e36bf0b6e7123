-- coprod — co-production toolkit. Apache-2.0.
--
-- Approval voting: each candidate gets one point from every voter who approves it; the
-- `seats` candidates with most approvals win. See docs/rules/approval.md.

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
  name = "Approval",
  ballot = { "approval", "ranked" },
  count = function(election, count)
    local totals = election:approvals()
    count:round { tally = totals, note = "Each ballot gives one approval to every candidate it marks." }
    if election.kind == "ranked" then
      count:note("These are ranked ballots: every candidate a voter ranked counts as approved by that voter.")
    end
    elect_highest(election, count, totals, election.seats, "approvals")
  end,
}
