-- coprod — co-production toolkit. Apache-2.0.
--
-- A plain-Lua stand-in for the Swift host of Lua API v1 (docs: notes/LUA_API.md), used to
-- run the bundled voting rules with the standalone `lua5.4` interpreter. It builds the
-- `election`, `count` and `coprod` values exactly as the contract describes, runs a rule in a
-- sandboxed environment and returns the record of the count.

local M = {}

-- MARK: - Helpers

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta == "number" end
    return a < b
  end)
  return keys
end

--- Iterates a table in sorted key order (numbers first, then strings), as `coprod.sorted_pairs`.
function M.sorted_pairs(t)
  local keys, i = sorted_keys(t), 0
  return function()
    i = i + 1
    local k = keys[i]
    if k ~= nil then return k, t[k] end
  end
end

-- MARK: - Seeded lot

-- A small deterministic generator (xorshift64*) for `--tie-break lot`; the real host uses its
-- own generator, so only determinism (same seed, same choice) is mirrored, not the values.
local function make_lot(seed)
  local state = (seed ~ 0x9E3779B97F4A7C15) | 1
  return function(n)
    state = state ~ (state >> 12)
    state = state ~ (state << 25)
    state = state ~ (state >> 27)
    local x = (state * 0x2545F4914F6CDD1D) >> 1
    return x % n + 1
  end
end

-- MARK: - Election

--- Builds the read-only election view from a parsed profile.
-- profile = { kind, candidates = {{id, name, cost}}, ballots = {...}, seats, budget, settings }
function M.election(profile)
  local e = {
    kind = profile.kind,
    seats = profile.seats or 1,
    budget = profile.budget,
    settings = profile.settings or {},
    metadata = profile.metadata or {},
    money_decimals = profile.money_decimals or 0,
  }
  local ids, byid = {}, {}
  for _, c in ipairs(profile.candidates) do
    ids[#ids + 1] = c.id
    byid[c.id] = c
  end
  e.candidates = ids
  local voters = 0
  for _, b in ipairs(profile.ballots) do voters = voters + b.count end
  e.voters = voters
  e.ballot_count = #profile.ballots
  local ballots = profile.ballots

  function e:name(id) return byid[id] and byid[id].name or id end
  function e:cost(id) return byid[id] and byid[id].cost or nil end
  function e:money(units)
    local one = math.tointeger(10 ^ e.money_decimals)
    local text = tostring(math.abs(units) // one)
    if e.money_decimals > 0 then text = text .. ("." .. "%0" .. e.money_decimals .. "d"):format(math.abs(units) % one) end
    return (units < 0 and "-" or "") .. text
  end
  function e:ballots() return ballots end

  local function check_ranked(what)
    if e.kind ~= "ranked" then error(what .. " needs ranked ballots", 3) end
  end

  function e:first_preferences(continuing, weights)
    check_ranked("first_preferences")
    local set, tally = {}, {}
    for _, id in ipairs(continuing) do set[id] = true; tally[id] = 0 end
    local exhausted = 0
    for i, b in ipairs(ballots) do
      local value = weights and weights[i] or b.count
      local top
      for _, group in ipairs(b.ranking) do
        for _, id in ipairs(group) do
          if set[id] then top = top or {}; top[#top + 1] = id end
        end
        if top then break end
      end
      if top then
        if #top == 1 then
          tally[top[1]] = tally[top[1]] + value
        else
          for _, id in ipairs(top) do tally[id] = tally[id] + value / #top end
        end
      else
        exhausted = exhausted + value
      end
    end
    return tally, exhausted
  end

  function e:top_choices(continuing, on_tie)
    check_ranked("top_choices")
    local set, out = {}, {}
    for _, id in ipairs(continuing) do set[id] = true end
    for i, b in ipairs(ballots) do
      out[i] = false
      for _, group in ipairs(b.ranking) do
        local found, tied
        for _, id in ipairs(group) do
          if set[id] then
            if found and on_tie ~= "exhaust" then error("top_choices: ballot " .. i .. " ranks " .. found .. " and " .. id .. " equal", 2) end
            tied = found ~= nil
            found = found or id
          end
        end
        if found then out[i] = not tied and found; break end
      end
    end
    return out
  end

  function e:counts()
    local out = {}
    for i, b in ipairs(ballots) do out[i] = b.count end
    return out
  end

  function e:pairwise()
    check_ranked("pairwise")
    local m = {}
    for _, a in ipairs(ids) do
      m[a] = {}
      for _, b in ipairs(ids) do if a ~= b then m[a][b] = 0 end end
    end
    for _, b in ipairs(ballots) do
      local level = {}
      for r, group in ipairs(b.ranking) do
        for _, id in ipairs(group) do level[id] = r end
      end
      for _, x in ipairs(ids) do
        local lx = level[x]
        if lx then
          for _, y in ipairs(ids) do
            local ly = level[y]
            if x ~= y and (ly == nil or lx < ly) then m[x][y] = m[x][y] + b.count end
          end
        end
      end
    end
    return m
  end

  function e:approvals()
    local t = {}
    for _, id in ipairs(ids) do t[id] = 0 end
    for _, b in ipairs(ballots) do
      if b.approved then
        for _, id in ipairs(b.approved) do t[id] = t[id] + b.count end
      elseif b.ranking then
        for _, group in ipairs(b.ranking) do
          for _, id in ipairs(group) do t[id] = t[id] + b.count end
        end
      else
        error("approvals needs approval or ranked ballots", 2)
      end
    end
    return t
  end

  function e:score_totals()
    local t = {}
    for _, id in ipairs(ids) do t[id] = 0 end
    for _, b in ipairs(ballots) do
      if not b.points then error("score_totals needs score or cumulative ballots", 2) end
      for id, p in pairs(b.points) do t[id] = t[id] + p * b.count end
    end
    return t
  end

  return e
end

-- MARK: - Count

--- Builds the count record. `order` maps candidate id → input position.
function M.count(candidates, method, seed)
  local rec = { rounds = {}, winners = {}, excluded = {}, tie_breaks = {} }
  local position = {}
  for i, id in ipairs(candidates) do position[id] = i end
  local lot = make_lot(seed or 0)
  local status = {}
  local c = {}

  local function current()
    if #rec.rounds == 0 then rec.rounds[1] = { round = 1, notes = {} } end
    return rec.rounds[#rec.rounds]
  end

  function c:round(t)
    t = t or {}
    local r = { round = #rec.rounds + 1, notes = {} }
    if t.tally then
      r.tally = {}
      for k, v in pairs(t.tally) do r.tally[k] = v end
    end
    if t.note then r.notes[1] = t.note end
    rec.rounds[#rec.rounds + 1] = r
  end

  function c:note(text) table.insert(current().notes, text) end

  local function act(id, reason, list, what)
    if not position[id] then error(what .. ": unknown candidate " .. tostring(id), 3) end
    if status[id] then error(what .. ": " .. id .. " is already " .. status[id], 3) end
    status[id] = what == "elect" and "elected" or "excluded"
    list[#list + 1] = id
    table.insert(current().notes, (what == "elect" and "Elected " or "Excluded ") .. id .. ": " .. (reason or ""))
    local r = current()
    r.actions = r.actions or {}
    r.actions[#r.actions + 1] = { action = status[id], candidate = id, reason = reason }
  end

  function c:elect(id, reason) act(id, reason, rec.winners, "elect") end
  function c:exclude(id, reason) act(id, reason, rec.excluded, "exclude") end

  function c:break_tie(ids, reason)
    if #ids == 0 then error("break_tie: no candidates", 2) end
    if #ids == 1 then return ids[1] end
    local sorted = {}
    for i, id in ipairs(ids) do
      if not position[id] then error("break_tie: unknown candidate " .. tostring(id), 2) end
      sorted[i] = id
    end
    table.sort(sorted, function(a, b) return position[a] < position[b] end)
    local chosen
    if method == "input-order" then chosen = sorted[1]
    elseif method == "reverse-input-order" then chosen = sorted[#sorted]
    else chosen = sorted[lot(#sorted)] end
    current()
    rec.tie_breaks[#rec.tie_breaks + 1] = {
      round = #rec.rounds, candidates = sorted, chosen = chosen,
      method = method or "lot", reason = reason,
    }
    return chosen
  end

  function c:elected() return { table.unpack(rec.winners) } end
  function c:excluded() return { table.unpack(rec.excluded) } end

  return c, rec
end

-- MARK: - Sandbox

--- Loads a rule's entry file in a sandbox and returns its definition.
function M.load_rule(folder, entry, lot_seed)
  local env = {}
  for _, k in ipairs { "assert", "error", "ipairs", "next", "pairs", "select", "tonumber",
    "tostring", "type", "rawequal", "rawlen", "rawget", "rawset", "setmetatable",
    "getmetatable", "pcall", "xpcall", "print", "table", "utf8", "coroutine" } do
    env[k] = _G[k]
  end
  env.string = {}
  for k, v in pairs(string) do if k ~= "dump" then env.string[k] = v end end
  env.math = {}
  for k, v in pairs(math) do if k ~= "randomseed" then env.math[k] = v end end
  math.randomseed(lot_seed or 0)
  env.os = { time = os.time, date = os.date, clock = os.clock, difftime = os.difftime }
  env.load = function(text, name, mode, e)
    if type(text) ~= "string" then error("load: text only", 2) end
    return load(text, name, "t", e or env)
  end
  -- The mock's coprod.exact works on 64-bit integers only and stops where the real host
  -- would switch to big integers (see Sources/CoprodLua/API/ExactLibrary.swift).
  local function small(op)
    return function(a, b)
      local ok, v = pcall(op, math.tointeger(a), math.tointeger(b))
      if not ok or math.type(v) ~= "integer" then error("the mock host's coprod.exact handles 64-bit integers only", 2) end
      return v
    end
  end
  local exact = {
    add = small(function(a, b) local s = a + b; assert((b >= 0) == (s >= a)); return s end),
    sub = small(function(a, b) local s = a - b; assert((b >= 0) == (s <= a)); return s end),
    mul = small(function(a, b) local p = a * b; assert(a == 0 or (p // a == b and p % a == 0)); return p end),
    cmp = small(function(a, b) return a < b and -1 or (a == b and 0 or 1) end),
    gcd = small(function(a, b) a, b = math.abs(a), math.abs(b); while b ~= 0 do a, b = b, a % b end; return a end),
    divmod = function(a, b) return a // b, a % b end,
    digits = 1000,
  }
  env.coprod = {
    api_version = 1,
    exact = exact,
    sorted_pairs = M.sorted_pairs,
    voting_rule = function(def)
      assert(type(def) == "table" and type(def.count) == "function", "voting_rule needs a count function")
      return def
    end,
  }
  local loaded = {}
  env.require = function(name)
    if loaded[name] ~= nil then return loaded[name] end
    local base, module = folder, name
    local dependency, rest = name:match("^([^/]+)/(.+)$")
    if dependency then -- bundled libraries: plugins/<last part of the id>
      base, module = folder .. "/../" .. dependency:match("([^.]+)$"), rest
    end
    local path = base .. "/" .. module:gsub("%.", "/") .. ".lua"
    local chunk, err = loadfile(path, "t", env)
    if not chunk then error("require: " .. err, 2) end
    loaded[name] = chunk() or true
    return loaded[name]
  end
  local chunk, err = loadfile(folder .. "/" .. entry, "t", env)
  if not chunk then error(err) end
  return chunk()
end

return M
