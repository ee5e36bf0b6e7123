-- coprod — co-production toolkit. Apache-2.0.
--
-- 1-2-4-All (Liberating Structures; domain brief § 2, newwaysofworking.notion.site), 12
-- minutes: alone for 1 minute, in pairs for 2, in fours for 4, then all together for 5 —
-- each four shares one idea that stands out. Pairs are seated by the host's table mixing
-- (session:tables, mixed by perspective, so people meet someone unlike them); each four is
-- two of those pairs. With an odd number of people one pair is a trio; a pair left over
-- joins the last four. See docs/formats/1-2-4-all.md.

--- Pairs of people mixed by perspective; a person left on their own joins the last pair.
local function pairs_of_people(session)
  local plan = session:tables { size = 2, mix = "perspective" }
  local groups = {}
  for _, group in ipairs(plan.rounds[1]) do
    if #group == 1 and #groups > 0 then
      table.insert(groups[#groups], group[1])
    else
      groups[#groups + 1] = group
    end
  end
  return groups
end

--- Fours: the pairs of the `pairs` stage joined two by two; a pair left over joins the
--- last four.
local function fours_of_pairs(session)
  local made = session:groups("pairs") or { session.attendees }
  local groups = {}
  for i = 1, #made, 2 do
    local four = {}
    for _, id in ipairs(made[i]) do four[#four + 1] = id end
    if made[i + 1] then
      for _, id in ipairs(made[i + 1]) do four[#four + 1] = id end
    end
    if made[i + 1] == nil and #groups > 0 then
      for _, id in ipairs(four) do table.insert(groups[#groups], id) end
    else
      groups[#groups + 1] = four
    end
  end
  return groups
end

return coprod.session_format {
  name = "1-2-4-All",
  description = "A minute alone, two in pairs, four in fours, then five all together: everyone's ideas heard in twelve minutes.",
  roles = { "facilitator" },
  stages = {
    { id = "alone", title = "1: alone", minutes = 1, groups = coprod.groups.solo {},
      prompt = "On your own, in silence: what ideas do you have about {{topic}}?" },
    { id = "pairs", title = "2: in pairs", minutes = 2, groups = pairs_of_people,
      prompt = "In pairs: build on each other's ideas." },
    { id = "fours", title = "4: in fours", minutes = 4, capture = "idea", groups = fours_of_pairs,
      prompt = "Two pairs together: notice similarities and differences. Which idea stands out?" },
    { id = "all", title = "All", minutes = 5, capture = "idea", from = "fours",
      when = function(session) return #session:contributions("fours") >= 1 end,
      prompt = "Each four shares one idea that stands out. Repeat until the room has the ideas it needs." },
  },
}
