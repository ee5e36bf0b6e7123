-- coprod — co-production toolkit. Apache-2.0.
--
-- Method of equal shares (Peters & Skowron) for participatory budgeting, with cost
-- utilities and the Add1 completion, as computed by pabutools and equalshares.net:
-- every voter gets an equal share of the budget; a project is bought by its supporters,
-- sharing its cost as equally as their remaining money allows; each round buys the project
-- whose supporters pay the least per unit of value (cost utilities: a project's value to a
-- supporter is its cost). Add1 reruns the method with every share raised by 1 (one whole
-- unit of money) until the result would overspend or nothing else fits. All money is exact
-- (rationals on exact integers from the org.coprod.counting library: nothing is rounded and
-- nothing overflows), in money units (see election.money_decimals).
-- See docs/rules/pb-mes.md.

local int = require "org.coprod.counting/int"
local Q = require "org.coprod.counting/rational"

return coprod.voting_rule {
  name = "Participatory budgeting, method of equal shares",
  ballot = { "approval", "ranked", "cumulative", "score" },
  count = function(election, count)
    local budget = election.budget
    if not budget then error("pb-mes needs a budget: give --budget or use a Pabulib file with a budget") end
    local completion = election.settings.completion or "add1"
    if completion ~= "add1" and completion ~= "add1-greedy" then
      error("unknown completion '" .. tostring(completion) .. "': use add1 or add1-greedy")
    end
    local ids, position, cost = election.candidates, {}, {}
    for i, id in ipairs(ids) do
      position[id] = i
      cost[id] = election:cost(id)
      if math.type(cost[id]) ~= "integer" or cost[id] < 0 then error(("project %s has no whole-number cost"):format(id)) end
    end
    local one = math.tointeger(10 ^ election.money_decimals) -- one whole unit of money, in money units
    local function money(units) return election:money(units) end
    local function share_text(x) return Q.show(Q.div(x, Q.new(one))) end
    local n = election.voters
    if int.eq(n, 0) then count:round { note = "There are no ballots; nothing is funded." } return end

    -- MARK: supporters, grouped by distinct ballot
    local groups, supporters, votes = {}, {}, {}
    for _, id in ipairs(ids) do supporters[id] = {}; votes[id] = 0 end
    for gi, b in ipairs(election:ballots()) do
      local approved = {}
      if b.approved then approved = b.approved
      elseif b.ranking then
        for _, group in ipairs(b.ranking) do for _, id in ipairs(group) do approved[#approved + 1] = id end end
      else
        for id, p in coprod.sorted_pairs(b.points) do if p > 0 then approved[#approved + 1] = id end end
      end
      groups[gi] = b.count
      for _, id in ipairs(approved) do
        table.insert(supporters[id], gi)
        votes[id] = int.add(votes[id], b.count)
      end
    end
    local free, candidates = {}, {}
    for _, id in ipairs(ids) do
      if #supporters[id] > 0 then
        if cost[id] == 0 then free[#free + 1] = id else candidates[#candidates + 1] = id end
      end
    end

    -- MARK: tie-break order, built up as ties occur so that every rerun resolves them alike
    local rank, ranked = {}, 0
    local function tie_rank(tied)
      local left = {}
      for _, id in ipairs(tied) do if not rank[id] then left[#left + 1] = id end end
      table.sort(left, function(a, b) return position[a] < position[b] end)
      while #left > 0 do
        local pick = count:break_tie(left, "to rank next in the tie-break order for equally good projects")
        ranked = ranked + 1
        rank[pick] = ranked
        for i, id in ipairs(left) do if id == pick then table.remove(left, i) break end end
      end
      return rank
    end

    --- One run of equal shares with `share` (a rational) per voter. Returns the projects
    --- bought, in order, for each its price per unit of value and payers, and `gap`: the
    --- run's outcome (the projects bought) is the same for every share in
    --- [share, share + gap) (gap nil: for every larger share).
    ---
    --- While the run's decisions stay the same, every amount in it is an affine function of
    --- the share: each voter's money m(s) = m + m'·(s − share), each price per unit of value
    --- likewise. So next to each amount the run carries its slope (the `_d` values), and for
    --- every comparison it makes it notes how far the share may grow before the two sides
    --- could meet; the smallest such distance is `gap`. That lets Add1 jump straight to the
    --- next share at which any purchase could change, with exactly the outcome of raising
    --- the share one unit at a time.
    local function run(share)
      local zero, one_q = Q.new(0), Q.new(1)
      local gap
      --- Notes the comparison of two amounts whose difference is f + f'·t at share + t.
      local function track(f, fd)
        if Q.is_zero(fd) then return end
        if Q.is_zero(f) then gap = zero return end
        local t = Q.div(f, fd)
        if Q.cmp(t, zero) < 0 then
          t = Q.sub(zero, t)
          if not gap or Q.cmp(t, gap) < 0 then gap = t end
        end
      end
      local money, slope = {}, {}
      for gi = 1, #groups do money[gi] = share; slope[gi] = one_q end
      local bought, spent, steps = {}, 0, {}
      for _, id in ipairs(free) do bought[#bought + 1] = id; bought[id] = true end
      local open = {}
      for _, id in ipairs(candidates) do open[#open + 1] = id end
      while true do
        local best, best_rho, best_rho_d, tied = nil, nil, nil, {}
        local still = {}
        for _, id in ipairs(open) do
          local c = cost[id]
          local cq = Q.new(c)
          local have, have_d = zero, zero
          for _, gi in ipairs(supporters[id]) do
            local g = Q.new(groups[gi])
            have = Q.add(have, Q.mul(money[gi], g))
            have_d = Q.add(have_d, Q.mul(slope[gi], g))
          end
          track(Q.sub(have, cq), have_d)
          if Q.cmp(have, cq) >= 0 then
            still[#still + 1] = id
            -- smallest rho with sum over supporters of min(money, rho * c) = c
            local sup = {}
            for k, gi in ipairs(supporters[id]) do sup[k] = gi end
            table.sort(sup, function(a, b)
              local d = Q.cmp(money[a], money[b])
              if d ~= 0 then return d < 0 end
              return a < b
            end)
            local paid, paid_d, weight = zero, zero, 0
            for _, gi in ipairs(sup) do weight = int.add(weight, int.mul(groups[gi], c)) end
            local rho, rho_d
            for _, gi in ipairs(sup) do
              local w = Q.new(weight)
              local r = Q.div(Q.sub(cq, paid), w)
              if Q.cmp(Q.mul(r, cq), money[gi]) <= 0 then rho, rho_d = r, Q.div(Q.sub(zero, paid_d), w) break end
              local g = Q.new(groups[gi])
              paid = Q.add(paid, Q.mul(money[gi], g))
              paid_d = Q.add(paid_d, Q.mul(slope[gi], g))
              weight = int.sub(weight, int.mul(groups[gi], c))
            end
            -- the voters who pay all they have are those with less than rho * c
            local pay, pay_d = Q.mul(rho, cq), Q.mul(rho_d, cq)
            for _, gi in ipairs(sup) do track(Q.sub(money[gi], pay), Q.sub(slope[gi], pay_d)) end
            local d = -1
            if best_rho then
              d = Q.cmp(rho, best_rho)
              track(Q.sub(rho, best_rho), Q.sub(rho_d, best_rho_d))
            end
            if d < 0 then best, best_rho, best_rho_d, tied = id, rho, rho_d, { id }
            elseif d == 0 then tied[#tied + 1] = id end
          end
        end
        open = still
        if not best then break end
        if #tied > 1 then
          local r = tie_rank(tied)
          table.sort(tied, function(a, b) return r[a] < r[b] end)
          best = tied[1]
        end
        local cq = Q.new(cost[best])
        local pay, pay_d = Q.mul(best_rho, cq), Q.mul(best_rho_d, cq)
        local payers = 0
        for _, gi in ipairs(supporters[best]) do
          if Q.cmp(money[gi], pay) <= 0 then
            money[gi], slope[gi] = zero, zero
          else
            money[gi], slope[gi] = Q.sub(money[gi], pay), Q.sub(slope[gi], pay_d)
          end
          payers = int.add(payers, groups[gi])
        end
        bought[#bought + 1] = best
        bought[best] = true
        spent = int.add(spent, cost[best])
        steps[#steps + 1] = { id = best, pay = pay, payers = payers, tied = #tied }
        for i, id in ipairs(open) do if id == best then table.remove(open, i) break end end
      end
      return bought, spent, steps, gap
    end

    local function exhaustive(bought, spent)
      for _, id in ipairs(candidates) do
        if not bought[id] and int.le(int.add(spent, cost[id]), budget) then return false end
      end
      return true
    end

    -- MARK: Add1
    -- Raising the share one unit at a time, as Add1 is defined, but skipping the units at
    -- which no purchase can change (see run): the outcome is the same.
    local base = Q.new(budget, n)
    local unit = Q.new(one)
    local function share_at(k) return Q.add(base, Q.new(int.mul(k, one))) end
    local step = 0
    local bought, spent, steps, gap = run(base)
    local previous
    while true do
      if int.gt(spent, budget) then
        step = previous
        bought, spent, steps = run(share_at(step))
        break
      end
      if exhaustive(bought, spent) then break end
      if not gap then break end -- no larger share changes anything: it would never stop
      local jump = Q.ceil(Q.div(gap, unit))
      if int.lt(jump, 1) then jump = 1 end
      previous = int.add(step, int.sub(jump, 1))
      step = int.add(step, jump)
      bought, spent, steps, gap = run(share_at(step))
    end

    -- MARK: the account
    local share = share_at(step)
    count:round { tally = votes, note = ("The budget of %s is shared equally by the %s voters: %s each."):format(money(budget), int.show(n), share_text(base)) }
    count:note("A project is bought by the voters who support it, sharing its cost as equally as their remaining money allows; each time, the project whose supporters pay least per unit of value is bought (a project's value to a supporter is its cost).")
    if int.gt(step, 0) then
      count:note(("Add1: with %s each, money was left that could still buy a project, so each voter's share was raised by 1 at a time; the last result within the budget used %s each."):format(share_text(base), share_text(share)))
    end
    count:round { note = ("Equal shares with %s per voter."):format(share_text(share)) }
    for _, id in ipairs(free) do count:elect(id, "supported and costs nothing") end
    for _, s in ipairs(steps) do
      local why = ("%s supporters; each pays at most %s of its cost %s"):format(int.show(s.payers), share_text(s.pay), money(cost[s.id]))
      if s.tied > 1 then why = why .. (" (equally good as %d other project(s); chosen by the tie-break order)"):format(s.tied - 1) end
      count:elect(s.id, why)
    end
    count:note(("Equal shares spends %s of %s."):format(money(spent), money(budget)))

    if completion == "add1-greedy" then
      count:round { note = ("Greedy completion: the %s left is spent on the remaining projects from most votes down, skipping any that do not fit."):format(money(budget - spent)) }
      local rest = {}
      for _, id in ipairs(ids) do if not bought[id] and int.gt(votes[id], 0) then rest[#rest + 1] = id end end
      local by_votes = {}
      for _, id in ipairs(rest) do
        by_votes[votes[id]] = by_votes[votes[id]] or {}
        table.insert(by_votes[votes[id]], id)
      end
      for _, tied in coprod.sorted_pairs(by_votes) do if #tied > 1 then tie_rank(tied) end end
      table.sort(rest, function(a, b)
        local d = int.cmp(votes[a], votes[b])
        if d ~= 0 then return d > 0 end
        if rank[a] and rank[b] then return rank[a] < rank[b] end
        return position[a] < position[b]
      end)
      for _, id in ipairs(rest) do
        if int.le(int.add(spent, cost[id]), budget) then
          spent = int.add(spent, cost[id])
          count:elect(id, ("%s votes; costs %s, leaving %s"):format(int.show(votes[id]), money(cost[id]), money(budget - spent)))
        end
      end
    end
  end,
}
