-- coprod — co-production toolkit. Apache-2.0.
--
-- Copeland: compare every pair head to head; a candidate scores one point for each rival it
-- beats and loses one for each rival that beats it (a draw scores nothing); the highest score
-- wins. See docs/rules/copeland.md.

local int = require "org.coprod.counting/int"

return coprod.voting_rule {
  name = "Copeland",
  ballot = { "ranked" },
  count = function(election, count)
    if election.seats ~= 1 then error(("copeland elects one candidate, but %d seats were asked for"):format(election.seats)) end
    local ids, m = election.candidates, election:pairwise()
    local score, top = {}, nil
    for _, a in ipairs(ids) do
      local s = 0
      for _, b in ipairs(ids) do
        if a ~= b then
          local d = int.cmp(m[a][b], m[b][a])
          if d > 0 then s = s + 1 elseif d < 0 then s = s - 1 end
        end
      end
      score[a] = s
      if top == nil or s > top then top = s end
    end
    count:round { tally = score, note = "Each candidate gets one point for every rival more voters prefer it to, and loses one for every rival preferred to it." }
    local best = {}
    for _, a in ipairs(ids) do if score[a] == top then best[#best + 1] = a end end
    if #best > 1 then count:note(("%d candidates share the highest score, %d."):format(#best, top)) end
    local w = count:break_tie(best, "to elect")
    count:elect(w, ("highest score (%d)"):format(top))
  end,
}
