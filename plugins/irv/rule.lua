-- coprod — co-production toolkit. Apache-2.0.
--
-- Instant runoff (alternative vote, ranked-choice voting): count every ballot for its
-- highest-ranked continuing candidate; a candidate with more than half of the ballots still
-- in play wins; otherwise the candidate with fewest is excluded and its ballots move on.
-- See docs/rules/irv.md.

local int = require "org.coprod.counting/int"

--- Shows a vote total without a trailing ".0" (ballots split by equal rankings give fractions);
--- exact integers beyond 64 bits are strings of digits, shown as they are.
local function num(v)
  if type(v) == "string" then return v end
  local i = math.tointeger(v)
  if i then return tostring(i) end
  return (("%.4f"):format(v):gsub("0+$", ""))
end

return coprod.voting_rule {
  name = "Instant runoff",
  ballot = { "ranked" },
  count = function(election, count)
    if election.seats ~= 1 then
      error(("instant runoff elects one candidate, but %d seats were asked for; use stv for several seats"):format(election.seats))
    end
    local continuing = {}
    for i, id in ipairs(election.candidates) do continuing[i] = id end
    while true do
      local tally, exhausted = election:first_preferences(continuing)
      local active = 0
      for _, id in ipairs(continuing) do active = int.add(active, tally[id]) end
      count:round { tally = tally, note = ("Each ballot counts for its highest-ranked candidate still in the race: %s ballot(s) in play."):format(num(active)) }
      if int.gt(exhausted, 0) then
        count:note(("%s ballot(s) rank none of the remaining candidates and no longer count."):format(num(exhausted)))
      end
      local best, lowest
      for _, id in ipairs(continuing) do
        if not best or int.gt(tally[id], tally[best]) then best = id end
        if not lowest or int.lt(tally[id], tally[lowest]) then lowest = id end
      end
      if #continuing == 1 then
        count:elect(best, "the only candidate left")
        return
      end
      if int.gt(int.mul(tally[best], 2), active) then
        count:elect(best, ("%s of %s ballots in play, more than half"):format(num(tally[best]), num(active)))
        return
      end
      local tied = {}
      for _, id in ipairs(continuing) do
        if int.eq(tally[id], tally[lowest]) then tied[#tied + 1] = id end
      end
      if #tied > 1 then
        count:note(("%s candidates share the fewest votes (%s)."):format(#tied, num(tally[lowest])))
      end
      local out = count:break_tie(tied, "to exclude")
      count:exclude(out, ("fewest votes (%s); no one has more than half"):format(num(tally[out])))
      for i, id in ipairs(continuing) do
        if id == out then table.remove(continuing, i) break end
      end
    end
  end,
}
