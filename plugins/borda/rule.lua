-- coprod — co-production toolkit. Apache-2.0.
--
-- Borda count: a ballot gives each candidate one point for every candidate it ranks strictly
-- below (unranked candidates count as below all ranked ones). With complete rankings of m
-- candidates this is the classic m-1, m-2, ..., 0 scoring. See docs/rules/borda.md.

local int = require "org.coprod.counting/int"
local highest = require "org.coprod.counting/highest"

return coprod.voting_rule {
  name = "Borda count",
  ballot = { "ranked" },
  count = function(election, count)
    local m = election:pairwise()
    local totals = {}
    for _, a in ipairs(election.candidates) do
      local s = 0
      for _, b in ipairs(election.candidates) do
        if a ~= b then s = int.add(s, m[a][b]) end
      end
      totals[a] = s
    end
    count:round { tally = totals, note = "Each ballot gives a candidate one point for every candidate ranked below it." }
    count:note("Candidates a voter left unranked count as ranked below all that voter ranked, and equal to each other; equal candidates give each other no points.")
    highest.elect(election, count, totals, election.seats, "points")
  end,
}
