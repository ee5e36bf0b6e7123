-- coprod — co-production toolkit. Apache-2.0.
--
-- Plurality ("first past the post"): every voter's first choice gets their vote; the
-- `seats` candidates with most votes win. See docs/rules/plurality.md.

local int = require "org.coprod.counting/int"
local highest = require "org.coprod.counting/highest"

return coprod.voting_rule {
  name = "Plurality",
  ballot = { "ranked", "approval" },
  count = function(election, count)
    local totals
    if election.kind == "ranked" then
      totals = election:first_preferences(election.candidates)
      count:round { tally = totals, note = "Each ballot counts once for the candidate it ranks first." }
      count:note("A ballot that puts several candidates equal first is shared equally between them.")
    else
      totals = {}
      for _, id in ipairs(election.candidates) do totals[id] = 0 end
      local spoilt = 0
      for _, b in ipairs(election:ballots()) do
        if #b.approved == 1 then totals[b.approved[1]] = int.add(totals[b.approved[1]], b.count)
        else spoilt = int.add(spoilt, b.count) end
      end
      count:round { tally = totals, note = "Each ballot that marks exactly one candidate counts once for that candidate." }
      if int.gt(spoilt, 0) then count:note(("%s ballot(s) marked no candidate or more than one and were not counted."):format(int.show(spoilt))) end
    end
    highest.elect(election, count, totals, election.seats, "votes")
  end,
}
