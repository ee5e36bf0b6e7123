-- coprod — co-production toolkit. Apache-2.0.
--
-- Supermajority (a threshold rule): every option supported by at least `share` of the
-- ballots passes, independently of the others; the rest fail. Approval ballots support the
-- options they approve; score ballots support an option they rate `support_from` or more
-- (a Delphi panel's "agreement": e.g. 7-9 on a 1-9 scale). The share is of all ballots
-- cast, so not rating an option counts against it. All comparisons are exact integers:
-- support * denominator >= numerator * ballots. For score ballots each option's median and
-- middle half (the Delphi panel's feedback) are noted too. See docs/rules/supermajority.md.

local int = require "org.coprod.counting/int"

--- The share as an exact fraction: "2/3" or "75%".
local function parse_share(text)
  local n, d = text:match("^%s*(%d+)%s*/%s*(%d+)%s*$")
  if n then n, d = tonumber(n), tonumber(d)
  else
    local percent = text:match("^%s*(%d+)%s*%%%s*$")
    if percent then n, d = tonumber(percent), 100 end
  end
  if not n or math.type(n) ~= "integer" or math.type(d) ~= "integer" or d == 0 or n > d or n == 0 or d > 1000000 then
    error(("the share setting is '%s'; write a fraction such as 2/3 or a percentage such as 75%%, above 0 and at most 1"):format(text))
  end
  return n, d
end

--- A rating written for people: whole, or with .5 when it falls between two.
local function half(twice)
  if twice % 2 == 0 then return tostring(twice // 2) end
  return ("%d.5"):format(twice // 2)
end

--- The rating at 1-based rank `k` of ratings sorted ascending, each {points, count}.
local function at_rank(sorted, k)
  local seen = 0
  for _, r in ipairs(sorted) do
    seen = int.add(seen, r.count)
    if int.le(k, seen) then return r.points end
  end
end

--- Median and middle half (nearest-rank quartiles) of whole ratings, each {points, count}
--- (the counts are exact integers, so a ballot's weight is never expanded).
local function spread(ratings)
  table.sort(ratings, function(a, b) return a.points < b.points end)
  local n = 0
  for _, r in ipairs(ratings) do n = int.add(n, r.count) end
  local half_n, odd = int.divmod(n, 2)
  local middle = odd == 1 and 2 * at_rank(ratings, int.add(half_n, 1))
    or at_rank(ratings, half_n) + at_rank(ratings, int.add(half_n, 1))
  local q1_rank = int.divmod(int.add(n, 3), 4)
  local q3_rank = int.divmod(int.add(int.mul(3, n), 3), 4)
  if int.lt(q1_rank, 1) then q1_rank = 1 end
  if int.lt(q3_rank, 1) then q3_rank = 1 end
  return ("median %s, middle half %d to %d"):format(half(middle), at_rank(ratings, q1_rank), at_rank(ratings, q3_rank))
end

return coprod.voting_rule {
  name = "Supermajority (threshold)",
  ballot = { "approval", "score" },
  count = function(election, count)
    local written = (election.settings.share or "2/3"):gsub("%s", "")
    local num, den = parse_share(written)
    local from = election.settings.support_from or 1
    local ids, voters = election.candidates, election.voters
    local support, ratings = {}, {}
    for _, id in ipairs(ids) do support[id] = 0; ratings[id] = {} end
    local scored = election.kind == "score"
    for _, ballot in ipairs(election:ballots()) do
      if scored then
        for id, points in coprod.sorted_pairs(ballot.points) do
          if points >= from then support[id] = int.add(support[id], ballot.count) end
          ratings[id][#ratings[id] + 1] = { points = points, count = ballot.count }
        end
      else
        for _, id in ipairs(ballot.approved) do support[id] = int.add(support[id], ballot.count) end
      end
    end
    local what = scored and ("rate it %d or more"):format(from) or "approve it"
    count:round { tally = support,
      note = ("An option passes when at least %s of the %s ballot(s) %s."):format(written, voters, what) }
    for _, id in ipairs(ids) do
      local percent = voters ~= 0 and int.divmod(int.mul(100, support[id]), voters) or 0
      local line = ("%s: %s of %s (%s%%)"):format(election:name(id), support[id], voters, percent)
      if scored and #ratings[id] > 0 then
        line = line .. "; " .. spread(ratings[id])
      end
      count:note(line .. ".")
    end
    for _, id in ipairs(ids) do
      if voters ~= 0 and int.le(int.mul(num, voters), int.mul(support[id], den)) then
        count:elect(id, ("supported by %s of %s, at least %s"):format(support[id], voters, written))
      else
        count:exclude(id, ("supported by %s of %s, short of %s"):format(support[id], voters, written))
      end
    end
  end,
}
