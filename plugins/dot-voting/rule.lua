-- coprod — co-production toolkit. Apache-2.0.
--
-- Dot voting (cumulative voting with a dot budget): every person places up to `dots` dots
-- (0, the default: the file's own `max_sum_points`, as Pabulib cumulative files declare, else 3) on
-- the options, several on one option if they like; the `seats` options with most dots win.
-- A ballot with more dots than the budget is rejected as a whole. See docs/rules/dot-voting.md.

local int = require "org.coprod.counting/int"
local highest = require "org.coprod.counting/highest"

return coprod.voting_rule {
  name = "Dot voting",
  ballot = { "cumulative", "score" },
  count = function(election, count)
    local dots, from = election.settings.dots, "the dots setting"
    if dots == 0 then
      dots, from = math.tointeger(tonumber(election.metadata.max_sum_points)), "the file's max_sum_points"
      if not dots then dots, from = 3, "the default" end
    end
    if type(dots) ~= "number" or dots < 1 then error("the dots setting must be a positive whole number, or 0 for the file's own limit") end
    local totals = {}
    for _, id in ipairs(election.candidates) do totals[id] = 0 end
    local rejected, rejected_people = 0, 0
    for _, b in ipairs(election:ballots()) do
      local used, negative = 0, false
      for _, p in coprod.sorted_pairs(b.points) do
        used = int.add(used, p)
        negative = negative or p < 0
      end
      if int.gt(used, dots) or negative then
        rejected, rejected_people = rejected + 1, int.add(rejected_people, b.count)
      else
        for id, p in coprod.sorted_pairs(b.points) do totals[id] = int.add(totals[id], int.mul(p, b.count)) end
      end
    end
    count:round { tally = totals, note = ("Each person had %d dot(s) to place (%s); the dots on each option are added up."):format(dots, from) }
    if int.gt(rejected_people, 0) then
      count:note(("%s person(s) placed more than %d dot(s) (or a negative number) and their dots were not counted."):format(int.show(rejected_people), dots))
    end
    highest.elect(election, count, totals, election.seats, "dots")
  end,
}
