-- coprod — co-production toolkit. Apache-2.0.
--
-- Minimax (Simpson-Kramer): a candidate's worst defeat is the largest margin by which any
-- rival beats it head to head (0 if none does); the candidate whose worst defeat is smallest
-- wins. See docs/rules/minimax.md.

local int = require "org.coprod.counting/int"

return coprod.voting_rule {
  name = "Minimax",
  ballot = { "ranked" },
  count = function(election, count)
    if election.seats ~= 1 then error(("minimax elects one candidate, but %d seats were asked for"):format(election.seats)) end
    local ids, m = election.candidates, election:pairwise()
    local worst, least = {}, nil
    for _, a in ipairs(ids) do
      local w = 0
      for _, b in ipairs(ids) do
        if a ~= b then
          local margin = int.sub(m[b][a], m[a][b])
          if int.gt(margin, w) then w = margin end
        end
      end
      worst[a] = w
      if least == nil or int.lt(w, least) then least = w end
    end
    count:round { tally = worst, note = "Each number is the candidate's worst head-to-head defeat: the largest margin by which a rival is preferred to it (0 if it is never beaten)." }
    local best = {}
    for _, a in ipairs(ids) do if int.eq(worst[a], least) then best[#best + 1] = a end end
    if #best > 1 then count:note(("%d candidates share the smallest worst defeat, %s."):format(#best, int.show(least))) end
    local w = count:break_tie(best, "to elect")
    count:elect(w, ("smallest worst defeat (%s)"):format(int.show(least)))
  end,
}
