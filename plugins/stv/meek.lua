-- coprod — co-production toolkit. Apache-2.0.
--
-- Meek's method (Hill, Wichmann & Woodall 1987), in fixed point with nine decimal places as
-- in the New Zealand STV calculation rules: a ballot's value passes down its preferences,
-- each candidate keeping the share given by its keep value (rounded down) and passing on the
-- rest; keep values of elected candidates are lowered (rounded up) until each holds the quota.

local common = require "common"

local meek = {}

local SCALE = 1000000000
local TOLERANCE = 10000 -- converged when the total surplus is below 0.00001 votes
local MAX_ITERATIONS = 1000

local function show(v) return common.decimal(v, 9) end

--- Runs the count, recording every round on `count`.
function meek.count(election, count)
  -- a candidate's votes, the excess and the quota are at most papers x SCALE
  common.check_size(election, SCALE, "Meek")
  local seats = election.seats
  local order = election.candidates
  local keep, state = {}, {}
  for _, id in ipairs(order) do keep[id] = SCALE; state[id] = "hopeful" end

  --- One pass over the ballots with the current keep values: each ballot's value passes
  --- down its preferences, a candidate with keep value k keeping value * k // SCALE of it (a
  --- hopeful candidate, k = SCALE, keeps all; an excluded one, k = 0, none), and a rank
  --- shared by several candidates still in the count ending the ballot. Counted in Swift over
  --- the distinct ballots.
  local function distribute()
    return election:keep_value_totals(keep, SCALE)
  end

  local voters = election.voters -- read once: the host sums the ballot counts on each read
  local function quota_of(excess)
    return (voters * SCALE - excess) // (seats + 1) + 1
  end

  local function count_of(s)
    local n = 0
    for _, id in ipairs(order) do if state[id] == s then n = n + 1 end end
    return n
  end

  local round = 0
  while true do
    round = round + 1
    -- converge keep values of the elected candidates
    local votes, excess, quota
    for _ = 1, MAX_ITERATIONS do
      votes, excess = distribute()
      quota = quota_of(excess)
      local surplus, changed = 0, false
      for _, id in ipairs(order) do
        if state[id] == "elected" and votes[id] > quota then surplus = surplus + votes[id] - quota end
      end
      if surplus < TOLERANCE then break end
      for _, id in ipairs(order) do
        if state[id] == "elected" and votes[id] > 0 then
          local k = common.mul_div_ceil(keep[id], quota, votes[id])
          if k > SCALE then k = SCALE end
          if k ~= keep[id] then changed = true end
          keep[id] = k
        end
      end
      if not changed then break end
    end
    local t = {}
    for _, id in ipairs(order) do if state[id] ~= "excluded" then t[id] = show(votes[id]) end end
    count:round { tally = t, note = ("Round %d: every ballot passes down its preferences; each elected candidate keeps only its keep value's share, so that it holds the quota."):format(round) }
    count:note(("Quota: (votes still in play %s) / (%d seats + 1) = %s."):format(show(voters * SCALE - excess), seats, show(quota)))
    for _, id in ipairs(order) do
      if state[id] == "elected" then count:note(("%s keeps %s of each vote reaching it."):format(election:name(id), show(keep[id]))) end
    end

    local reached = {}
    for _, id in ipairs(order) do
      if state[id] == "hopeful" and votes[id] >= quota then reached[#reached + 1] = id end
    end
    table.sort(reached, function(a, b) return votes[a] > votes[b] end)
    for _, id in ipairs(reached) do
      if count_of("elected") < seats then
        state[id] = "elected"
        count:elect(id, ("%s votes reach the quota"):format(show(votes[id])))
      end
    end
    if count_of("elected") == seats then break end
    if count_of("elected") + count_of("hopeful") <= seats then
      for _, id in ipairs(order) do
        if state[id] == "hopeful" then
          state[id] = "elected"
          count:elect(id, "the remaining candidates are no more than the seats left")
        end
      end
      break
    end
    if #reached == 0 then
      local low = {}
      for _, id in ipairs(order) do
        if state[id] == "hopeful" then
          if #low == 0 or votes[id] < votes[low[1]] then low = { id }
          elseif votes[id] == votes[low[1]] then low[#low + 1] = id end
        end
      end
      local x = count:break_tie(low, "to exclude")
      state[x] = "excluded"
      keep[x] = 0
      count:exclude(x, ("fewest votes (%s) and no one else reaches the quota"):format(show(votes[x])))
    end
  end
end

return meek
