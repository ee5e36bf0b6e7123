-- coprod — co-production toolkit. Apache-2.0.
--
-- Consent decision-making (sociocracy): each participant answers each proposal with a
-- score ballot, 2 = consent, 1 = stand aside (a concern, not blocking), 0 = objection. A
-- ballot may carry a reason (the CSV `reason` column, seen here as `ballot.reason`). A
-- proposal passes when no one objects with a reason; objections without a reason are listed
-- but do not block until a reason is given. Every proposal that passes is "elected"; those
-- with a reasoned objection are "excluded". See docs/rules/consent.md.

local ANSWERS = { [0] = "object", [1] = "stand aside", [2] = "consent" }

local int = require "org.coprod.counting/int"

return coprod.voting_rule {
  name = "Consent (sociocratic)",
  ballot = { "score" },
  count = function(election, count)
    local ids = election.candidates
    local tally, objections, asides = {}, {}, {}
    for _, id in ipairs(ids) do
      tally[id] = "0 consent, 0 stand aside, 0 object"
      objections[id] = {}
      asides[id] = {}
    end
    local n = {}
    for _, id in ipairs(ids) do n[id] = { [0] = 0, [1] = 0, [2] = 0 } end
    for _, b in ipairs(election:ballots()) do
      for id, p in coprod.sorted_pairs(b.points) do
        if not ANSWERS[p] then
          error(("a ballot answers %s with %s; answers are 2 (consent), 1 (stand aside) or 0 (object)"):format(id, tostring(p)))
        end
        n[id][p] = int.add(n[id][p], b.count)
        if p == 0 then table.insert(objections[id], { reason = b.reason, count = b.count }) end
        if p == 1 and b.reason then table.insert(asides[id], { reason = b.reason, count = b.count }) end
      end
    end
    for _, id in ipairs(ids) do
      tally[id] = ("%s consent, %s stand aside, %s object"):format(int.show(n[id][2]), int.show(n[id][1]), int.show(n[id][0]))
    end
    count:round { tally = tally, note = "Each proposal passes unless someone objects and gives a reason. Standing aside records a concern without blocking." }
    for _, id in ipairs(ids) do
      local reasoned = 0
      for _, o in ipairs(objections[id]) do
        if o.reason and o.reason:match("%S") then
          reasoned = int.add(reasoned, o.count)
          count:note(("Objection to %s (%d): %s"):format(election:name(id), o.count, o.reason))
        else
          count:note(("Objection to %s (%d) without a reason: it does not block until a reason is given."):format(election:name(id), o.count))
        end
      end
      for _, a in ipairs(asides[id]) do
        count:note(("Concern about %s (%d, standing aside): %s"):format(election:name(id), a.count, a.reason))
      end
      if int.gt(reasoned, 0) then
        count:exclude(id, ("%s reasoned objection(s); the proposal goes back for amendment"):format(int.show(reasoned)))
      else
        count:elect(id, "no reasoned objection")
      end
    end
  end,
}
