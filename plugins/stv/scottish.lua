-- coprod — co-production toolkit. Apache-2.0.
--
-- The Scottish STV count (SSI 2007/42, Schedule 1, rules 45-52), in exact fixed point:
-- every vote value is an integer number of 1/100000ths of a vote, so the five-decimal
-- truncation of rule 48 is integer division and no other rounding happens.
--
-- Papers are tracked per distinct ballot (its count, current value and holder) in flat
-- arrays. A paper always passes to its voter's highest-ranked *continuing* candidate: every
-- candidate ranked above its current holder had stopped continuing when the paper arrived
-- and cannot continue again, so `election:top_choices` (counted in Swift) gives the next
-- preference of every paper at once. A rank shared by several continuing candidates is an
-- ambiguous preference and ends the paper, as in the legislation.

local common = require "common"

local scottish = {}

local SCALE = 100000
local function show(v) return common.decimal(v, 5) end

--- Runs the count, recording every stage on `count`.
function scottish.count(election, count)
  -- a transfer multiplies a paper's value (up to SCALE) by a surplus (up to papers x SCALE)
  common.check_size(election, SCALE * SCALE, "Scottish")
  local seats = election.seats
  local counts = election:counts()
  local order = election.candidates
  local continuing, papers, total = {}, {}, {}
  for _, id in ipairs(order) do
    continuing[id] = true
    papers[id] = {}
    total[id] = 0
  end
  local value = {} -- value[i]: current value of each paper of ballot i, in 1/SCALE votes
  local history = {}
  local nontransferable, ambiguous_first, valid = 0, 0, 0

  -- MARK: Stage 1 (rule 46): first preferences and the quota
  local first = election:top_choices(order, "exhaust")
  for i, n in ipairs(counts) do
    local c = first[i]
    if c then
      local held = papers[c]
      held[#held + 1] = i
      value[i] = SCALE
      total[c] = total[c] + n * SCALE
      valid = valid + n
    else
      ambiguous_first = ambiguous_first + n
    end
  end
  local quota = valid // (seats + 1) + 1
  local Q = quota * SCALE

  local function tally()
    local t = {}
    for _, id in ipairs(order) do t[id] = show(total[id]) end
    return t
  end
  local function snapshot()
    local s = {}
    for _, id in ipairs(order) do s[id] = total[id] end
    history[#history + 1] = s
  end
  local function continuing_list()
    local l = {}
    for _, id in ipairs(order) do if continuing[id] then l[#l + 1] = id end end
    return l
  end
  local function name(id) return election:name(id) end

  --- Passes every paper `from` holds to its next continuing preference, at the value
  --- `value_of(i)` gives (papers whose value comes to 0 go nowhere). Returns the value each
  --- candidate received and the value that became non-transferable.
  local function pass_on(from, value_of)
    local next_choice = election:top_choices(continuing_list(), "exhaust")
    local moved, lost = {}, 0
    for _, i in ipairs(papers[from]) do
      local v, nxt = value_of(i), next_choice[i]
      if nxt then
        if v > 0 then
          local held = papers[nxt]
          held[#held + 1] = i
          value[i] = v
          total[nxt] = total[nxt] + counts[i] * v
          moved[nxt] = (moved[nxt] or 0) + counts[i] * v
        end
      else
        lost = lost + counts[i] * v
      end
    end
    papers[from] = {}
    return moved, lost
  end

  count:round { tally = tally(), note = ("Stage 1: every ballot paper is counted for its first preference. %d valid paper(s), %d seat(s)."):format(valid, seats) }
  if ambiguous_first > 0 then
    count:note(("%d paper(s) show no clear first preference and are not counted."):format(ambiguous_first))
  end
  count:note(("Quota: %d valid papers / (%d seats + 1), ignoring any fraction, plus 1 = %d votes."):format(valid, seats, quota))
  snapshot()

  local pending = {} -- elected candidates whose surplus is not yet transferred, in election order
  local elected_count = 0

  --- Rule 47/52: elect every continuing candidate at or above the quota, highest first.
  local function elect_at_quota()
    local reached = {}
    for _, id in ipairs(continuing_list()) do
      if total[id] >= Q then reached[#reached + 1] = id end
    end
    table.sort(reached, function(a, b)
      if total[a] ~= total[b] then return total[a] > total[b] end
      local pa, pb
      for i, id in ipairs(order) do
        if id == a then pa = i end
        if id == b then pb = i end
      end
      return pa < pb
    end)
    for _, id in ipairs(reached) do
      if elected_count < seats then
        continuing[id] = nil
        elected_count = elected_count + 1
        count:elect(id, ("%s votes reach the quota of %d"):format(show(total[id]), quota))
        if total[id] > Q then pending[#pending + 1] = id end
      end
    end
  end

  --- Rule 48: transfer the surplus of `e` by weighted inclusive Gregory.
  local function transfer_surplus(e)
    local held, surplus = total[e], total[e] - Q
    local moved, lost_nt = pass_on(e, function(i) return value[i] * surplus // held end)
    local sent = 0
    for _, v in pairs(moved) do sent = sent + v end
    total[e] = Q
    nontransferable = nontransferable + lost_nt
    count:round { tally = tally(), note = ("Transfer of the surplus of %s: %s votes over the quota."):format(name(e), show(surplus)) }
    count:note(("Every paper %s holds passes to its next preference among continuing candidates at a transfer value of (value when received x %s) / %s, cut to 5 decimal places."):format(name(e), show(surplus), show(held)))
    for _, id in ipairs(order) do
      if moved[id] then count:note(("%s receives %s."):format(name(id), show(moved[id]))) end
    end
    count:note(("%s is non-transferable (no further preference); %s is lost by cutting values to 5 decimal places."):format(show(lost_nt), show(surplus - sent - lost_nt)))
  end

  --- Rule 50: exclude `x`, passing each paper on at its current value.
  local function exclude(x, why)
    continuing[x] = nil
    local moved, lost = pass_on(x, function(i) return value[i] end)
    total[x] = 0
    nontransferable = nontransferable + lost
    count:round { tally = tally(), note = ("Exclusion of %s: each of their papers passes to its next preference among continuing candidates at its current value."):format(name(x)) }
    count:exclude(x, why)
    for _, id in ipairs(order) do
      if moved[id] then count:note(("%s receives %s."):format(name(id), show(moved[id]))) end
    end
    if lost > 0 then count:note(("%s is non-transferable (no further preference)."):format(show(lost))) end
  end

  -- MARK: Main loop
  while true do
    elect_at_quota()
    if elected_count == seats then break end
    local left = continuing_list()
    if #left <= seats - elected_count then
      -- rule 52: as many continuing candidates as vacancies
      for _, id in ipairs(left) do
        continuing[id] = nil
        elected_count = elected_count + 1
        count:elect(id, "the continuing candidates are no more than the seats left")
      end
      break
    end
    if #pending > 0 then
      -- rule 49: largest surplus first; equal surpluses by the history rule, then by lot
      local best = {}
      for _, id in ipairs(pending) do
        if #best == 0 or total[id] > total[best[1]] then best = { id }
        elseif total[id] == total[best[1]] then best[#best + 1] = id end
      end
      if #best > 1 then
        local narrowed, at = common.history(best, history, "highest")
        if at then
          count:note(("Surpluses of %d candidates are equal; the one with most votes at stage %d is transferred first (rule 49)."):format(#best, at))
        end
        best = narrowed
      end
      local e = count:break_tie(best, "surplus to transfer first")
      common.remove(pending, e)
      transfer_surplus(e)
    else
      -- rule 50/51: exclude the lowest continuing candidate
      local low = {}
      for _, id in ipairs(left) do
        if #low == 0 or total[id] < total[low[1]] then low = { id }
        elseif total[id] == total[low[1]] then low[#low + 1] = id end
      end
      local why = ("lowest total (%s) and no surplus left to transfer"):format(show(total[low[1]]))
      if #low > 1 then
        local narrowed, at = common.history(low, history, "lowest")
        if at then
          why = why .. (("; tied, so the one with fewest votes at stage %d is excluded (rule 51)"):format(at))
        end
        low = narrowed
      end
      local x = count:break_tie(low, "to exclude")
      exclude(x, why)
    end
    snapshot()
  end
  if nontransferable > 0 then
    count:note(("In all, %s votes became non-transferable."):format(show(nontransferable)))
  end
end

return scottish
