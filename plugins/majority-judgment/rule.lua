-- coprod — co-production toolkit. Apache-2.0.
--
-- Majority judgment (Balinski & Laraki 2011): each candidate's majority grade is the lower
-- median of its grades (higher points = better grade; a voter who did not grade a candidate
-- gives it the lowest grade, 0). Candidates with equal majority grades are compared by their
-- majority values: remove one copy of the majority grade from each and take the new majority
-- grade, repeatedly, until they differ. See docs/rules/majority-judgment.md.

local int = require "org.coprod.counting/int"
local add, sub, cmp, divmod = int.add, int.sub, int.cmp, int.divmod

--- The position of the lower median among `n` grades, counted from the best.
local function wanted(n) return add((divmod(n, 2)), 1) end

--- The lower median of a grade distribution `d` (grade -> count) holding `n` grades, and
--- how many grades lie strictly above it.
local function median(d, grades, n)
  local want, seen = wanted(n), 0
  for i = #grades, 1, -1 do
    local through = add(seen, d[grades[i]] or 0)
    if cmp(through, want) >= 0 then return grades[i], seen end
    seen = through
  end
  return grades[1], seen
end

--- Whether a distribution of `n` grades, with `above` grades above g and `c` copies of g,
--- still has the majority grade g after `t` copies of g are removed.
local function keeps(above, c, n, t)
  local want = wanted(sub(n, t))
  return cmp(above, want) < 0 and cmp(want, sub(add(above, c), t)) <= 0
end

return coprod.voting_rule {
  name = "Majority judgment",
  ballot = { "score" },
  count = function(election, count)
    local ids, n = election.candidates, election.voters
    if int.eq(n, 0) then error("majority judgment needs at least one ballot") end
    local dist, seen_grade = {}, { [0] = true }
    for _, id in ipairs(ids) do dist[id] = {} end
    for _, b in ipairs(election:ballots()) do
      for id, p in coprod.sorted_pairs(b.points) do
        if p < 0 then error(("a ballot gives %s the negative grade %d; grades are 0 or more"):format(id, p)) end
        dist[id][p] = add(dist[id][p] or 0, b.count)
        seen_grade[p] = true
      end
      for _, id in ipairs(ids) do
        if b.points[id] == nil then dist[id][0] = add(dist[id][0] or 0, b.count) end
      end
    end
    local grades = {}
    for g in coprod.sorted_pairs(seen_grade) do grades[#grades + 1] = g end
    local mg = {}
    for _, id in ipairs(ids) do mg[id] = median(dist[id], grades, n) end
    count:round { tally = mg, note = "Each candidate's majority grade: the grade that a majority gives it or better (the lower middle grade; higher is better)." }
    count:note("A voter who did not grade a candidate gives it the lowest grade, 0.")

    --- -1 if a ranks above b, 1 if below, 0 if their majority values are identical; and
    --- how many copies of the shared majority grades were removed before they differed.
    --- Removing one copy at a time would take as many steps as there are voters, so the
    --- copies that leave both majority grades unchanged are removed at once (the same
    --- outcome: the grades compared are the same ones).
    local function compare(a, b)
      local da, db = {}, {}
      for g, c in pairs(dist[a]) do da[g] = c end
      for g, c in pairs(dist[b]) do db[g] = c end
      local left = n
      while cmp(left, 0) > 0 do
        local ma, above_a = median(da, grades, left)
        local mb, above_b = median(db, grades, left)
        if ma ~= mb then return ma > mb and -1 or 1, sub(n, left) end
        local ca, cb = da[ma] or 0, db[mb] or 0
        -- the largest t such that after t removals both majority grades are still ma
        local lo, hi = 0, sub(int.lt(ca, cb) and ca or cb, 1)
        if int.lt(sub(left, 1), hi) then hi = sub(left, 1) end
        while cmp(lo, hi) < 0 do
          local mid = (divmod(add(add(lo, hi), 1), 2))
          if keeps(above_a, ca, left, mid) and keeps(above_b, cb, left, mid) then lo = mid else hi = sub(mid, 1) end
        end
        local removed = add(lo, 1)
        da[ma] = sub(ca, removed)
        db[mb] = sub(cb, removed)
        left = sub(left, removed)
      end
      return 0
    end

    local remaining = {}
    for i, id in ipairs(ids) do remaining[i] = id end
    while #count:elected() < election.seats and #remaining > 0 do
      local best = { remaining[1] }
      for k = 2, #remaining do
        local id = remaining[k]
        local d, depth = compare(id, best[1])
        if d < 0 then
          if int.gt(depth, 0) then
            local copies = int.eq(depth, 1) and "one copy" or ("%s copies"):format(int.show(depth))
            count:note(("%s and %s share the majority grade; after removing %s of it from each, %s's majority grade is higher."):format(election:name(id), election:name(best[1]), copies, election:name(id)))
          end
          best = { id }
        elseif d == 0 then
          best[#best + 1] = id
        end
      end
      if #best > 1 then count:note(("%d candidates have identical grades all the way down."):format(#best)) end
      local w = count:break_tie(best, "to elect")
      count:elect(w, ("best majority grade (%s)"):format(tostring(mg[w])))
      for k, id in ipairs(remaining) do if id == w then table.remove(remaining, k) break end end
    end
  end,
}
