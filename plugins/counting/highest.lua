-- coprod — co-production toolkit. Apache-2.0.
--
-- Electing the candidates with the highest totals, shared by the rules that add up votes,
-- points or dots (approval, plurality, score, borda, dot-voting). Totals are exact integers
-- (see int.lua), so they are ordered exactly however large they are.

local int = require "org.coprod.counting/int"

local highest = {}

--- Fills `seats` places from the highest totals down; a group of equal totals that does not
--- fit in the places left is narrowed with count:break_tie, one place at a time. `unit`
--- names what was counted ("votes", "points", …).
function highest.elect(election, count, totals, seats, unit)
  local order, position = {}, {}
  for i, id in ipairs(election.candidates) do order[i] = id; position[id] = i end
  table.sort(order, function(a, b)
    local d = int.cmp(totals[a], totals[b])
    if d ~= 0 then return d > 0 end
    return position[a] < position[b]
  end)
  local i = 1
  while #count:elected() < seats and i <= #order do
    local group, v = {}, totals[order[i]]
    while i <= #order and int.eq(totals[order[i]], v) do group[#group + 1] = order[i]; i = i + 1 end
    local left = seats - #count:elected()
    if #group <= left then
      for _, id in ipairs(group) do count:elect(id, ("%s %s, in the top %d"):format(int.show(v), unit, seats)) end
    else
      count:note(("%d candidates share %s %s but only %d place(s) are left."):format(#group, int.show(v), unit, left))
      for _ = 1, left do
        local pick = count:break_tie(group, "to elect")
        count:elect(pick, ("%s %s, chosen by the tie-break"):format(int.show(v), unit))
        for k, id in ipairs(group) do if id == pick then table.remove(group, k) break end end
      end
    end
  end
end

return highest
