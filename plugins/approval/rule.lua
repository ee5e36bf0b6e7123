-- coprod — co-production toolkit. Apache-2.0.
--
-- Approval voting: each candidate gets one point from every voter who approves it; the
-- `seats` candidates with most approvals win. See docs/rules/approval.md.

local int = require "org.coprod.counting/int"
local highest = require "org.coprod.counting/highest"

return coprod.voting_rule {
  name = "Approval",
  ballot = { "approval", "ranked" },
  count = function(election, count)
    local totals = election:approvals()
    count:round { tally = totals, note = "Each ballot gives one approval to every candidate it marks." }
    if election.kind == "ranked" then
      count:note("These are ranked ballots: every candidate a voter ranked counts as approved by that voter.")
    end
    highest.elect(election, count, totals, election.seats, "approvals")
  end,
}
