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

--- The candidate a rank group gives its value to: the one member in `live` (a set), nil when
--- none is, or (nil, true) when several are (an ambiguous preference ends the ballot).
local function choice_in(group, live)
  local found
  for _, id in ipairs(group) do
    if live[id] then
      if found then return nil, true end
      found = id
    end
  end
  return found
end

--- Runs the count, recording every round on `count`.
function meek.count(election, count)
  -- a candidate's votes, the excess and the quota are at most papers x SCALE
  common.check_size(election, SCALE, "Meek")
  local seats = election.seats
  local ballots = election:ballots()
  local order = election.candidates
  local keep, state = {}, {}
  for _, id in ipairs(order) do keep[id] = SCALE; state[id] = "hopeful" end

  -- Ballots sharing their first preferences pass value identically down them, so they are
  -- walked together: a tree of rank groups, each node holding how many ballots go through it
  -- (`through`) and how many end there (`ending`). A pass visits only the nodes a ballot's
  -- value can still reach: a node whose candidate keeps everything (hopeful) stops it.
  local group_of, through, ending, first_child, next_sibling = {}, {}, {}, {}, {}
  local unranked = 0 -- ballots that rank no one
  do
    local child_index = {} -- "parent|group" -> node
    local nodes = 0
    first_child[0] = 0
    for _, b in ipairs(ballots) do
      local node = 0
      for _, group in ipairs(b.ranking) do
        local key = node .. "|" .. table.concat(group, "\0")
        local next_node = child_index[key]
        if not next_node then
          nodes = nodes + 1
          next_node = nodes
          child_index[key] = next_node
          group_of[next_node], through[next_node], ending[next_node] = group, 0, 0
          first_child[next_node] = 0
          next_sibling[next_node] = first_child[node]
          first_child[node] = next_node
        end
        through[next_node] = through[next_node] + b.count
        node = next_node
      end
      if node == 0 then unranked = unranked + b.count else ending[node] = ending[node] + b.count end
    end
  end

  --- One pass over the ballots with the current keep values.
  local function distribute()
    local votes, excess = {}, unranked * SCALE
    for _, id in ipairs(order) do votes[id] = 0 end
    local live = {}
    for _, id in ipairs(order) do live[id] = keep[id] > 0 end
    -- `w`: the value each ballot through `node` still carries on arriving there.
    local function visit(node, w)
      local found, several = choice_in(group_of[node], live)
      local n = through[node]
      if several then -- an ambiguous preference ends these ballots
        excess = excess + w * n
        return
      end
      if found then
        local kept = w * keep[found] // SCALE
        votes[found] = votes[found] + kept * n
        w = w - kept
        if w == 0 then return end
      end
      excess = excess + w * ending[node]
      local child = first_child[node]
      while child ~= 0 do
        visit(child, w)
        child = next_sibling[child]
      end
    end
    local child = first_child[0]
    while child ~= 0 do
      visit(child, SCALE)
      child = next_sibling[child]
    end
    return votes, excess
  end

  local function quota_of(excess)
    return (election.voters * SCALE - excess) // (seats + 1) + 1
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
    count:note(("Quota: (votes still in play %s) / (%d seats + 1) = %s."):format(show(election.voters * SCALE - excess), seats, show(quota)))
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
