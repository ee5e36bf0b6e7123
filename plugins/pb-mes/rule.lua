-- coprod — co-production toolkit. Apache-2.0.
--
-- Method of equal shares (Peters & Skowron) for participatory budgeting, with cost
-- utilities and the Add1 completion, as computed by pabutools and equalshares.net:
-- every voter gets an equal share of the budget; a project is bought by its supporters,
-- sharing its cost as equally as their remaining money allows; each round buys the project
-- whose supporters pay the least per unit of value (cost utilities: a project's value to a
-- supporter is its cost). Add1 reruns the method with every share raised by 1 (one whole
-- unit of money) until the result would overspend or nothing else fits, jumping over the
-- units at which nothing can change. Every decision is exact: each share is run in floats
-- with proven error bounds and, where they cannot decide, in exact rationals on exact
-- integers (the org.coprod.counting library: nothing is rounded and nothing overflows), in
-- money units (see election.money_decimals). See docs/rules/pb-mes.md.

local int = require "org.coprod.counting/int"
local Q = require "org.coprod.counting/rational"
local B = require "org.coprod.counting/bounded"

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

    -- MARK: one run in bounded floats
    -- The same run again, on floats that carry a proven bound on their error (the
    -- org.coprod.counting/bounded library), with voters grouped by their money rather than
    -- by ballot: voters who supported the same projects bought so far hold the same money,
    -- so a "class" of them is one amount. Every decision (can the supporters afford it, who
    -- pays all they have, which price is lowest) is taken only when the bounds prove it;
    -- when two amounts are too close to tell apart, the run gives up (returns nil) and the
    -- exact run above is used for that share instead. Equal prices of projects that every
    -- supporter can pay in equal parts are exactly 1/(number of supporters) and are compared
    -- as such, so the common ties of cost utilities are found exactly. Returns what `run`
    -- returns, with each purchase's payment and `gap` as bounded floats (gap: a lower bound
    -- on the exact run's gap; math.huge for none).
    local approved = {} -- per ballot group, the projects it supports that cost something
    for gi = 1, #groups do approved[gi] = {} end
    for _, id in ipairs(candidates) do
      for _, gi in ipairs(supporters[id]) do table.insert(approved[gi], id) end
    end
    local huge = math.huge
    --- After `best` is bought, moves its supporters from their class k to class into[k] (0:
    --- they have spent all), in class (per ballot group) and held (per project, voters per
    --- class), and marks the projects they support as changed.
    local function move(best, into, class, held, changed)
      for _, gi in ipairs(supporters[best]) do
        local k = class[gi]
        if k ~= 0 then
          local new, count = into[k], groups[gi]
          class[gi] = new
          for _, id in ipairs(approved[gi]) do
            changed[id] = true
            local h = held[id]
            local left = h[k] - count
            h[k] = left ~= 0 and left or nil
            if new ~= 0 then h[new] = (h[new] or 0) + count end
          end
        end
      end
    end
    local function fast_run(sv, sr)
      local gap = huge
      --- Notes the comparison of two amounts whose difference is f + f'·t at share + t, as
      --- `track` does, with a lower bound on the distance; false when too close to call.
      local function track(f, rf, fd, rfd)
        if fd == 0 and rfd == 0 then return true end
        local sf, sd = B.sign(f, rf), B.sign(fd, rfd)
        if not sf or not sd then return false end
        if sf == 0 then gap = 0
        elseif sd ~= 0 and sf ~= sd then
          local t = B.low(f, rf) / (math.abs(fd) + rfd) * (1 - 2.0 ^ -30)
          if t < gap then gap = t end
        end
        return true
      end
      -- class c of voters: money mv[c] ± mr[c], its slope dv[c] ± dr[c]; class 0 has spent all
      local mv, mr, dv, dr = { sv }, { sr }, { 1.0 }, { 0.0 }
      local class, held = {}, {} -- class of each ballot group; held[id][c]: supporters of id in class c
      for gi = 1, #groups do class[gi] = 1 end
      for _, id in ipairs(candidates) do held[id] = { [1] = votes[id] } end
      local bought, spent, steps = {}, 0, {}
      for _, id in ipairs(free) do bought[#bought + 1] = id; bought[id] = true end
      local open = {}
      for _, id in ipairs(candidates) do open[#open + 1] = id end
      --- The price per unit of value of `id` as { p, p', rho, rho', n, all } (payment p per
      --- supporter and price rho = p / cost as bounded numbers with their slopes; n the
      --- number of supporters when nobody pays all they have, so that rho is exactly 1/n;
      --- all[c]: class c pays all it has), false when its supporters cannot afford it, nil
      --- when too close to call.
      local function price_of(id)
        local c, h = cost[id] + 0.0, held[id]
        local have, rh, hd, rhd, n_all = 0.0, 0.0, 0.0, 0.0, 0
        for k, count in pairs(h) do
          have, rh = B.add(have, rh, B.mul(mv[k], mr[k], count, 0.0))
          hd, rhd = B.add(hd, rhd, B.mul(dv[k], dr[k], count, 0.0))
          n_all = n_all + count
        end
        local f, rf = B.sub(have, rh, c, 0.0)
        local affordable = B.sign(f, rf)
        if not affordable or not track(f, rf, hd, rhd) then return nil end
        if affordable < 0 then return false end
        -- the payment p with sum over supporters of min(money, p) = cost: those with less
        -- than p pay all they have, the others p each. Starting with nobody paying all, p
        -- only grows as classes join them, so repeat until none joins: then p is exact.
        local all, paid, rp, paid_d, rpd, rest = {}, 0.0, 0.0, 0.0, 0.0, n_all
        local pv, pr, joined, edge
        repeat
          if rest == 0 then return nil end
          local lv, lr = B.sub(c, 0.0, paid, rp) -- cost left for the others to share
          pv, pr = B.div(lv, lr, rest, 0.0)
          joined = false
          for k, count in pairs(h) do
            if not all[k] then
              local s = B.sign(B.sub(mv[k], mr[k], pv, pr))
              if not s then return nil end
              if s == 0 then edge = true end
              if s < 0 then
                all[k], joined = true, true
                paid, rp = B.add(paid, rp, B.mul(mv[k], mr[k], count, 0.0))
                paid_d, rpd = B.add(paid_d, rpd, B.mul(dv[k], dr[k], count, 0.0))
                rest = rest - count
              end
            end
          end
        until not joined
        local pdv, pdr = B.div(-paid_d, rpd, rest, 0.0)
        local rv, rr = B.div(pv, pr, c, 0.0)
        local rdv, rdr = B.div(pdv, pdr, c, 0.0)
        return { pv, pr, pdv, pdr, rv, rr, rdv, rdr, rest == n_all and n_all or nil, all, edge }
      end
      --- -1, 0 or 1 as x's price is below, equal to or above y's; nil when too close to call.
      --- With `tracked`, also notes how far the share may grow before they meet.
      local function compare(x, y, tracked)
        if x[9] and y[9] then return x[9] > y[9] and -1 or x[9] < y[9] and 1 or 0 end
        local gv, gr = B.sub(x[5], x[6], y[5], y[6])
        local d = B.sign(gv, gr)
        if tracked and d and not track(gv, gr, B.sub(x[7], x[8], y[7], y[8])) then return nil end
        return d
      end
      local price, changed = {}, {}
      for _, id in ipairs(candidates) do changed[id] = true end
      while true do
        -- prices change only for projects whose supporters paid in the last purchase
        local still = {}
        for _, id in ipairs(open) do
          if changed[id] then
            local p = price_of(id)
            if p == nil then return nil end
            price[id], changed[id] = p, false
          end
          if price[id] then still[#still + 1] = id end
        end
        open = still
        local best, tied = nil, {}
        for _, id in ipairs(open) do
          local d = best and compare(price[id], price[best]) or -1
          if not d then return nil end
          if d < 0 then best, tied = id, { id } elseif d == 0 then tied[#tied + 1] = id end
        end
        if not best then break end
        -- the outcome stays while every other price stays above the lowest
        for _, id in ipairs(open) do
          if id ~= best and not compare(price[id], price[best], true) then return nil end
        end
        if #tied > 1 then
          local r = tie_rank(tied)
          table.sort(tied, function(a, b) return r[a] < r[b] end)
          best = tied[1]
        end
        -- the supporters pay: each class splits into those who support `best` and the rest
        local p = price[best]
        local pv, pr, pdv, pdr, all = p[1], p[2], p[3], p[4], p[10]
        -- A class that pays exactly all it has would keep some money one unit on: look there.
        if p[11] then gap = 0 end
        local into = {}
        for k in pairs(held[best]) do
          if all[k] then
            -- those who pay all they have may stop doing so as the share grows
            local fv, fr = B.sub(mv[k], mr[k], pv, pr)
            if not track(fv, fr, B.sub(dv[k], dr[k], pdv, pdr)) then return nil end
            into[k] = 0
          else
            local new = #mv + 1
            mv[new], mr[new] = B.sub(mv[k], mr[k], pv, pr)
            dv[new], dr[new] = B.sub(dv[k], dr[k], pdv, pdr)
            into[k] = new
          end
        end
        move(best, into, class, held, changed)
        bought[#bought + 1] = best
        bought[best] = true
        spent = int.add(spent, cost[best])
        steps[#steps + 1] = { id = best, pay = { pv, pr }, payers = votes[best], tied = #tied }
        for i, id in ipairs(open) do if id == best then table.remove(open, i) break end end
      end
      return bought, spent, steps, gap
    end

    -- MARK: a whole range of shares at once
    -- Whether every share from s1 to s2 buys the same projects in the same order, meeting the
    -- same ties. Money only rises with the share, and a project's payment only falls as its
    -- supporters' money rises, so each amount lies between its values at the two ends: the run
    -- keeps, for each class of voters, a lower bound on its money (from s1, rounded down) and
    -- an upper bound (from s2, rounded up). A purchase is certain when its price's upper bound
    -- is below every other project's lower bound, or when both are exactly 1/(number of
    -- supporters); anything less certain answers false, and Add1 runs the shares one by one.
    local DOWN, UP = 1 - 2.0 ^ -50, 1 + 2.0 ^ -50
    local function down(x) if x > 0 then return x * DOWN end return x * UP end
    local function up(x) if x > 0 then return x * UP end return x * DOWN end
    --- Bounds on the payment p with sum over supporters of min(money, p) = cost, for money
    --- between lo and hi: p_low (from hi), p_high (from lo), and whether nobody pays all;
    --- only p_low without lo.
    --- For any set S of supporters, (cost - money of S) / (others) is at most p, with equality
    --- when S is those who pay all; and p <= x exactly when sum of min(money, x) >= cost.
    local function payment_bounds(h, c, lo, hi)
      local n_all = 0
      for _, count in pairs(h) do n_all = n_all + count end
      local function candidate(m) -- a floating estimate of p and its set S
        local pay, paid, rest, all = c / n_all, 0.0, n_all, {}
        repeat
          local joined = false
          for k, count in pairs(h) do
            if not all[k] and m[k] < pay then
              all[k], joined = true, true
              paid, rest = paid + m[k] * count, rest - count
            end
          end
          if rest == 0 then return nil end
          pay = (c - paid) / rest
        until not joined
        return pay, all
      end
      -- lower bound from the money's upper bounds: (cost - their money of S) / others, rounded
      -- down (S empty: cost / supporters, if the estimate finds no S)
      local _, all = candidate(hi)
      local paid, rest = 0.0, n_all
      for k in pairs(all or {}) do paid = up(paid + up(hi[k] * h[k])); rest = rest - h[k] end
      local p_low = down(down(c - paid) / rest)
      if not lo then return p_low end
      -- upper bound from the money's lower bounds: a little above the estimate, checked
      local nobody = true
      local x = c / n_all
      for k in pairs(h) do if lo[k] < up(x) then nobody = false end end
      if nobody then return p_low, up(x), true end
      x = candidate(lo)
      if not x then return nil end
      x = x * (1 + 2.0 ^ -40)
      local sum = 0.0
      for k, count in pairs(h) do sum = down(sum + down((lo[k] < x and lo[k] or x) * count)) end
      if sum < c then return nil end
      return p_low, x, false
    end
    local function range_run(s1, s2)
      local lo, hi = { s1 }, { s2 }
      local class, held = {}, {}
      for gi = 1, #groups do class[gi] = 1 end
      for _, id in ipairs(candidates) do held[id] = { [1] = votes[id] } end
      local open, bought, price, changed = {}, {}, {}, {}
      for _, id in ipairs(candidates) do open[#open + 1] = id; changed[id] = true end
      while true do
        local still = {}
        for _, id in ipairs(open) do
          local c, h = cost[id] + 0.0, held[id]
          if not changed[id] then still[#still + 1] = id goto next end
          changed[id] = false
          local have_lo, have_hi = 0.0, 0.0
          for k, count in pairs(h) do
            have_lo = down(have_lo + down(lo[k] * count))
            have_hi = up(have_hi + up(hi[k] * count))
          end
          if have_lo >= c then
            local p_low, p_high, nobody = payment_bounds(h, c, lo, hi)
            if not p_low then return false end
            local n_all = 0
            for _, count in pairs(h) do n_all = n_all + count end
            price[id] = { down(p_low / c), up(p_high / c), nobody and n_all or nil, p_low, p_high }
            still[#still + 1] = id
          elseif have_hi >= c then
            -- affordable for part of the range at most: then it must lose to the project bought
            price[id] = { down(payment_bounds(h, c, nil, hi) / c), math.huge }
            still[#still + 1] = id
          end
          ::next::
        end
        open = still
        local best
        for _, id in ipairs(open) do
          if price[id][2] < math.huge and (not best or price[id][2] < price[best][2]) then best = id end
        end
        if not best then
          if #open > 0 then return false end
          break
        end
        local tied, b = {}, price[best]
        for _, id in ipairs(open) do
          local p = price[id]
          if p[3] and b[3] then
            if p[3] > b[3] then return false elseif p[3] == b[3] then tied[#tied + 1] = id end
          elseif id ~= best and not (p[1] > b[2]) then return false end
        end
        if #tied == 0 then tied = { best } end
        if #tied > 1 then
          local r = tie_rank(tied)
          table.sort(tied, function(a, z) return r[a] < r[z] end)
          best = tied[1]
          b = price[best]
        end
        local into = {}
        for k in pairs(held[best]) do
          local new = #lo + 1
          lo[new] = math.max(0.0, down(lo[k] - b[5]))
          hi[new] = math.max(0.0, up(hi[k] - b[4]))
          into[k] = new
        end
        move(best, into, class, held, changed)
        bought[#bought + 1] = best
        for i, id in ipairs(open) do if id == best then table.remove(open, i) break end end
      end
      return bought
    end

    -- MARK: Add1
    -- Raising the share one unit at a time, as Add1 is defined, but skipping the units at
    -- which no purchase can change (see run): the outcome is the same. Each share is first
    -- run in bounded floats (fast_run) and, only if that cannot decide, exactly (run).
    local base = Q.new(budget, n)
    local unit = Q.new(one)
    local function share_at(k) return Q.add(base, Q.new(int.mul(k, one))) end
    local SAFE = 2 ^ 53
    local fast = (election.settings.arithmetic or "fast") == "fast"
      and int.le(budget, SAFE) and int.le(n, SAFE) and int.le(one, SAFE)
    for _, id in ipairs(candidates) do if cost[id] > SAFE then fast = false end end
    local budget_v, budget_r = B.of(budget)
    local base_v, base_r = B.div(budget_v, budget_r, B.of(n))
    --- The run at step k: bought, spent, steps, and the number of units to the next share at
    --- which anything can change (nil: none), and whether the payments are bounded floats.
    local function run_at(k)
      if fast and int.le(k, SAFE) then
        local sv, sr = B.add(base_v, base_r, B.of(int.mul(k, one)))
        local bought, spent, steps, gap = fast_run(sv, sr)
        if bought then
          if gap == huge then return bought, spent, steps, nil, true end
          local jump = math.ceil(gap / one)
          if jump < 1 then jump = 1 elseif jump > 2 ^ 40 then jump = 2 ^ 40 end
          return bought, spent, steps, math.tointeger(jump), true
        end
      end
      local bought, spent, steps, gap = run(share_at(k))
      if not gap then return bought, spent, steps, nil, false end
      local jump = Q.ceil(Q.div(gap, unit))
      if int.lt(jump, 1) then jump = 1 end
      return bought, spent, steps, jump, false
    end
    --- Whether every share from step k1 to step k2 buys the projects of `steps`, in order.
    local function same_range(k1, k2, steps)
      local v1, r1 = B.add(base_v, base_r, B.of(int.mul(k1, one)))
      local v2, r2 = B.add(base_v, base_r, B.of(int.mul(k2, one)))
      local bought = range_run(down(v1 - r1 * UP), up(v2 + r2 * UP))
      if not bought or #bought ~= #steps then return false end
      for i, s in ipairs(steps) do if bought[i] ~= s.id then return false end end
      return true
    end
    -- How far past step k Add1 may jump: `jump` units, where the run's own bounds reach, or
    -- further when a whole range of shares is shown to buy the same (same_range). The reach
    -- tried grows while such ranges hold and shrinks when they fail; after failures in a row
    -- it waits a few steps before trying again, as each try costs about one run.
    local reach, misses, wait = 8, 0, 0
    local function wider(k, jump, steps)
      if not fast or reach <= jump or int.gt(int.add(k, reach), SAFE) then return jump end
      if wait > 0 then wait = wait - 1 return jump end
      if same_range(k, k + reach - 1, steps) then
        reach, misses = reach * 2, 0
        return reach // 2
      end
      -- after failures in a row, try again only after as many steps
      reach, misses = math.max(4, reach // 2), misses + 1
      wait = misses
      return jump
    end
    local step = 0
    local bought, spent, steps, jump, bounded = run_at(step)
    local previous
    while true do
      if int.gt(spent, budget) then
        step = previous
        bought, spent, steps, jump, bounded = run_at(step)
        break
      end
      if exhaustive(bought, spent) then break end
      if not jump then break end -- no larger share changes anything: it would never stop
      jump = wider(step, jump, steps)
      previous = int.add(step, int.sub(jump, 1))
      step = int.add(step, jump)
      bought, spent, steps, jump, bounded = run_at(step)
    end
    -- the payments are shown to the cent: from the bounds when they decide it, else exactly
    local function pay_text(s) return B.show(s.pay[1], s.pay[2], one) end
    if bounded then
      for _, s in ipairs(steps) do
        if not pay_text(s) then
          bought, spent, steps = run(share_at(step))
          bounded = false
          break
        end
      end
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
      local pay = bounded and pay_text(s) or share_text(s.pay)
      local why = ("%s supporters; each pays at most %s of its cost %s"):format(int.show(s.payers), pay, money(cost[s.id]))
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
