-- coprod — co-production toolkit. Apache-2.0.
--
-- Plurality ("first past the post"): every voter's first choice gets their vote; the
-- `seats` candidates with most votes win. See docs/rules/plurality.md.

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
  name = "Plurality",
  ballot = { "ranked", "approval" },
  count = function(election, count)
    local totals
    if election.kind == "ranked" then
      totals = election:first_preferences(election.candidates)
      count:round { tally = totals, note = "Each ballot counts once for the candidate it ranks first." }
      count:note("A ballot that puts several candidates equal first is shared equally between them.")
    else
      totals = {}
      for _, id in ipairs(election.candidates) do totals[id] = 0 end
      local spoilt = 0
      for _, b in ipairs(election:ballots()) do
        if #b.approved == 1 then totals[b.approved[1]] = totals[b.approved[1]] + b.count
        else spoilt = spoilt + b.count end
      end
      count:round { tally = totals, note = "Each ballot that marks exactly one candidate counts once for that candidate." }
      if spoilt > 0 then count:note(("%d ballot(s) marked no candidate or more than one and were not counted."):format(spoilt)) end
    end
    elect_highest(election, count, totals, election.seats, "votes")
  end,
}
