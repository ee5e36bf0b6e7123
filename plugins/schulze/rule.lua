-- coprod — co-production toolkit. Apache-2.0.
--
-- Schulze method (beat path): the strength of a path of head-to-head wins is its weakest
-- link; a winner's strongest path to every rival is at least as strong as the rival's path
-- back. Link strength is the margin by default (setting `strength`). See docs/rules/schulze.md.

local int = require "org.coprod.counting/int"

return coprod.voting_rule {
  name = "Schulze method",
  ballot = { "ranked" },
  count = function(election, count)
    if election.seats ~= 1 then error(("schulze elects one candidate, but %d seats were asked for"):format(election.seats)) end
    local ids, m = election.candidates, election:pairwise()
    local winning = election.settings.strength == "winning"
    local p = {}
    for _, a in ipairs(ids) do
      p[a] = {}
      for _, b in ipairs(ids) do
        if a ~= b then
          local beats = int.gt(m[a][b], m[b][a])
          p[a][b] = beats and (winning and m[a][b] or int.sub(m[a][b], m[b][a])) or 0
        end
      end
    end
    count:round { note = ("Round 1: every pair of candidates is compared head to head; a win's strength is its %s."):format(winning and "number of votes for the winner" or "margin (votes for minus votes against)") }
    for _, a in ipairs(ids) do
      for _, b in ipairs(ids) do
        if a ~= b and int.gt(m[a][b], m[b][a]) then
          count:note(("%s beats %s by %s to %s."):format(election:name(a), election:name(b), int.show(m[a][b]), int.show(m[b][a])))
        end
      end
    end
    for _, k in ipairs(ids) do
      for _, i in ipairs(ids) do
        if i ~= k then
          for _, j in ipairs(ids) do
            if j ~= k and j ~= i then
              local via = int.lt(p[i][k], p[k][j]) and p[i][k] or p[k][j]
              if int.gt(via, p[i][j]) then p[i][j] = via end
            end
          end
        end
      end
    end
    local beaten, winners = {}, {}
    for _, a in ipairs(ids) do
      local n, ok = 0, true
      for _, b in ipairs(ids) do
        if a ~= b then
          local d = int.cmp(p[a][b], p[b][a])
          if d > 0 then n = n + 1 end
          if d < 0 then ok = false end
        end
      end
      beaten[a] = n
      if ok then winners[#winners + 1] = a end
    end
    count:round { tally = beaten, note = "Round 2: the strength of a chain of wins is its weakest link; each candidate's number is how many rivals its strongest chains beat." }
    if #winners > 1 then
      count:note(("%d candidates are not beaten by anyone's strongest chain."):format(#winners))
    end
    local w = count:break_tie(winners, "to elect")
    count:elect(w, "its strongest chains of wins are at least as strong as every rival's chains back")
  end,
}
