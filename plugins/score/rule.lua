-- coprod — co-production toolkit. Apache-2.0.
--
-- Score (range) voting: add up every candidate's points; the `seats` candidates with the
-- highest totals win. See docs/rules/score.md.

local int = require "org.coprod.counting/int"
local highest = require "org.coprod.counting/highest"

return coprod.voting_rule {
  name = "Score voting",
  ballot = { "score" },
  count = function(election, count)
    local totals = election:score_totals()
    count:round { tally = totals, note = "Each candidate's points from all ballots are added up." }
    count:note("A candidate a voter did not score gets no points from that voter.")
    highest.elect(election, count, totals, election.seats, "points")
  end,
}
