-- coprod — co-production toolkit. Apache-2.0.
--
-- Ranked pairs (Tideman): take the head-to-head wins from the largest margin down and lock
-- each in unless it would make a cycle with those already locked; the winner is the candidate
-- no locked win points at. Equal margins whose order matters are ordered by a tie-break
-- ranking of the candidates (Tideman's TBRC) drawn with count:break_tie. See docs/rules/ranked-pairs.md.

local int = require "org.coprod.counting/int"

return coprod.voting_rule {
  name = "Ranked pairs",
  ballot = { "ranked" },
  count = function(election, count)
    if election.seats ~= 1 then error(("ranked-pairs elects one candidate, but %d seats were asked for"):format(election.seats)) end
    local ids, m = election.candidates, election:pairwise()
    local function name(id) return election:name(id) end
    local edges = {}
    for ai, a in ipairs(ids) do
      for bi, b in ipairs(ids) do
        if a ~= b and int.gt(m[a][b], m[b][a]) then edges[#edges + 1] = { a = a, b = b, margin = int.sub(m[a][b], m[b][a]), ai = ai, bi = bi } end
      end
    end
    table.sort(edges, function(x, y)
      local d = int.cmp(x.margin, y.margin)
      if d ~= 0 then return d > 0 end
      if x.ai ~= y.ai then return x.ai < y.ai end
      return x.bi < y.bi
    end)
    local locked = {}
    for _, a in ipairs(ids) do locked[a] = {} end
    local function reaches(from, to, extra)
      local seen, stack = { [from] = true }, { from }
      while #stack > 0 do
        local x = table.remove(stack)
        if x == to then return true end
        local outs = {}
        for y in pairs(locked[x]) do outs[#outs + 1] = y end
        if extra and extra[x] then for y in pairs(extra[x]) do outs[#outs + 1] = y end end
        for _, y in ipairs(outs) do
          if not seen[y] then seen[y] = true; stack[#stack + 1] = y end
        end
      end
      return false
    end
    local tbrc
    local function tie_order()
      if tbrc then return tbrc end
      tbrc = {}
      local left = {}
      for i, id in ipairs(ids) do left[i] = id end
      local place = 0
      while #left > 0 do
        local pick = count:break_tie(left, "to rank next in the tie-break order for equal margins")
        place = place + 1
        tbrc[pick] = place
        for i, id in ipairs(left) do if id == pick then table.remove(left, i) break end end
      end
      return tbrc
    end
    local function try_lock(e)
      if reaches(e.b, e.a) then
        count:note(("Skipped: %s over %s by %s would make a cycle."):format(name(e.a), name(e.b), int.show(e.margin)))
      else
        locked[e.a][e.b] = true
        count:note(("Locked: %s over %s by %s."):format(name(e.a), name(e.b), int.show(e.margin)))
      end
    end
    count:round { note = "Head-to-head wins are locked in from the largest margin down; a win that would make a cycle with those already locked is skipped." }
    local i = 1
    while i <= #edges do
      local group = {}
      local j = i
      while j <= #edges and int.eq(edges[j].margin, edges[i].margin) do group[#group + 1] = edges[j]; j = j + 1 end
      -- the order within a group matters only if the wins it could lock would form a cycle together
      local extra, clash = {}, false
      for _, e in ipairs(group) do
        if not reaches(e.b, e.a) then
          extra[e.a] = extra[e.a] or {}
          extra[e.a][e.b] = true
        end
      end
      for _, e in ipairs(group) do
        if extra[e.a] and extra[e.a][e.b] then
          extra[e.a][e.b] = nil
          if reaches(e.b, e.a, extra) then clash = true end
          extra[e.a][e.b] = true
        end
      end
      if clash then
        local t = tie_order()
        count:note(("%d wins share the margin %s and their order matters; they are taken in the tie-break order of their winners (then of their losers, last first)."):format(#group, int.show(group[1].margin)))
        table.sort(group, function(x, y)
          if t[x.a] ~= t[y.a] then return t[x.a] < t[y.a] end
          return t[x.b] > t[y.b]
        end)
      end
      for _, e in ipairs(group) do try_lock(e) end
      i = j
    end
    local sources = {}
    for _, c in ipairs(ids) do
      local beaten = false
      for _, a in ipairs(ids) do if locked[a][c] then beaten = true end end
      if not beaten then sources[#sources + 1] = c end
    end
    if #sources > 1 then count:note(("%d candidates have no locked win against them."):format(#sources)) end
    local w = count:break_tie(sources, "to elect")
    count:elect(w, "no locked head-to-head win points at it")
  end,
}
