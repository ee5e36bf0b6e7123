-- coprod — co-production toolkit. Apache-2.0.
--
-- Greedy participatory budgeting (Pabulib "greedy"): projects in order of votes (approvals,
-- or points for cumulative and score ballots), highest first; each is funded if its cost
-- still fits in what is left of the budget, otherwise skipped. Money is whole money units
-- (integers; see election.money_decimals), so every comparison is exact. See
-- docs/rules/pb-greedy.md.

local int = require "org.coprod.counting/int"

return coprod.voting_rule {
  name = "Participatory budgeting, greedy",
  ballot = { "approval", "cumulative", "score", "ranked" },
  count = function(election, count)
    local budget = election.budget
    if not budget then error("pb-greedy needs a budget: give --budget or use a Pabulib file with a budget") end
    local ids, votes = election.candidates, nil
    if election.kind == "cumulative" or election.kind == "score" then votes = election:score_totals()
    else votes = election:approvals() end
    local unit = (election.kind == "cumulative" or election.kind == "score") and "points" or "votes"
    local function money(units) return election:money(units) end
    local position, order = {}, {}
    for i, id in ipairs(ids) do
      position[id] = i
      order[i] = id
      local cost = election:cost(id)
      if math.type(cost) ~= "integer" or cost < 0 then error(("project %s has no whole-number cost"):format(id)) end
    end
    table.sort(order, function(a, b)
      local d = int.cmp(votes[a], votes[b])
      if d ~= 0 then return d > 0 end
      return position[a] < position[b]
    end)
    count:round { tally = votes, note = ("Projects are taken from the most %s down; each is funded if it still fits in the budget of %s."):format(unit, money(budget)) }
    local left, i = budget, 1
    local function fund(id)
      left = left - election:cost(id)
      count:elect(id, ("%s %s; costs %s, leaving %s"):format(int.show(votes[id]), unit, money(election:cost(id)), money(left)))
    end
    local function skip(id)
      count:exclude(id, ("%s %s; costs %s but only %s is left"):format(int.show(votes[id]), unit, money(election:cost(id)), money(left)))
    end
    while i <= #order do
      local group, v = {}, votes[order[i]]
      while i <= #order and int.eq(votes[order[i]], v) do group[#group + 1] = order[i]; i = i + 1 end
      if int.le(v, 0) then
        for _, id in ipairs(group) do count:exclude(id, ("no %s"):format(unit)) end
      else
        local need = 0
        for _, id in ipairs(group) do need = int.add(need, election:cost(id)) end
        if int.le(need, left) then
          for _, id in ipairs(group) do fund(id) end
        else
          if #group > 1 then
            count:note(("%d projects share %s %s and not all of them fit; the tie-break decides which comes first."):format(#group, int.show(v), unit))
          end
          while #group > 0 do
            local fits = {}
            for _, id in ipairs(group) do
              if election:cost(id) <= left then fits[#fits + 1] = id else skip(id) end
            end
            group = {}
            if #fits > 0 then
              local pick = count:break_tie(fits, "to fund first")
              fund(pick)
              for _, id in ipairs(fits) do if id ~= pick then group[#group + 1] = id end end
            end
          end
        end
      end
    end
    count:note(("%s of the budget of %s is spent; %s is left."):format(money(budget - left), money(budget), money(left)))
  end,
}
