-- coprod — co-production toolkit. Apache-2.0.
--
-- Dot voting (cumulative voting with a dot budget): every person places up to `dots` dots
-- (0, the default: the file's own `max_sum_points`, as Pabulib cumulative files declare, else 3) on
-- the options, several on one option if they like; the `seats` options with most dots win.
-- A ballot with more dots than the budget is rejected as a whole. See docs/rules/dot-voting.md.

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
  name = "Dot voting",
  ballot = { "cumulative", "score" },
  count = function(election, count)
    local dots, from = election.settings.dots, "the dots setting"
    if dots == 0 then
      dots, from = math.tointeger(tonumber(election.metadata.max_sum_points)), "the file's max_sum_points"
      if not dots then dots, from = 3, "the default" end
    end
    if type(dots) ~= "number" or dots < 1 then error("the dots setting must be a positive whole number, or 0 for the file's own limit") end
    local totals = {}
    for _, id in ipairs(election.candidates) do totals[id] = 0 end
    local rejected, rejected_people = 0, 0
    for _, b in ipairs(election:ballots()) do
      local used, negative = 0, false
      for _, p in coprod.sorted_pairs(b.points) do
        used = used + p
        negative = negative or p < 0
      end
      if used > dots or negative then
        rejected, rejected_people = rejected + 1, rejected_people + b.count
      else
        for id, p in coprod.sorted_pairs(b.points) do totals[id] = totals[id] + p * b.count end
      end
    end
    count:round { tally = totals, note = ("Each person had %d dot(s) to place (%s); the dots on each option are added up."):format(dots, from) }
    if rejected_people > 0 then
      count:note(("%d person(s) placed more than %d dot(s) (or a negative number) and their dots were not counted."):format(rejected_people, dots))
    end
    elect_highest(election, count, totals, election.seats, "dots")
  end,
}
