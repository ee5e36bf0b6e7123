-- coprod — co-production toolkit. Apache-2.0.
--
-- Runs one bundled voting rule on a ballot file with the mock host, printing the count as
-- JSON shaped like `coprod tally --format json` (or a short text account).
--
--   lua5.4 Tests/lua/run_rule.lua PLUGIN_DIR FILE [--seats N] [--budget B]
--          [--tie-break lot|input-order|reverse-input-order] [--seed N]
--          [--option key=value]... [--format json|text]
--
-- Input files: PrefLib .soc/.soi/.toc/.toi/.cat, Pabulib .pb, and a simple CSV
-- (`ballot[,count[,reason]]` per line, ranked `A>B=C`, approval `A;C`, scores `A:5;B:3`;
-- the first line names the columns).

local here = arg[0]:match("^(.*)/[^/]*$") or "."
package.path = here .. "/?.lua;" .. package.path
local host = require "mock_host"

-- MARK: - Arguments

local plugin, file = arg[1], arg[2]
if not plugin or not file then
  io.stderr:write("usage: run_rule.lua PLUGIN_DIR FILE [options]\n")
  os.exit(64)
end
local opts = { options = {}, format = "json", tie = "lot", seed = 0 }
local i = 3
while i <= #arg do
  local a, v = arg[i], arg[i + 1]
  if a == "--seats" then opts.seats = math.tointeger(tonumber(v))
  elseif a == "--budget" then opts.budget = math.tointeger(tonumber(v))
  elseif a == "--tie-break" then opts.tie = v
  elseif a == "--seed" then opts.seed = math.tointeger(tonumber(v))
  elseif a == "--format" then opts.format = v
  elseif a == "--option" then
    local k, val = v:match("^([^=]+)=(.*)$")
    opts.options[k] = val
  else
    io.stderr:write("unknown option " .. a .. "\n"); os.exit(64)
  end
  i = i + 2
end

local function fail(msg)
  io.stderr:write("coprod: " .. msg .. "\n")
  os.exit(1)
end

local function read_lines(path)
  local f = io.open(path, "rb")
  if not f then fail(path .. ": cannot open") end
  local text = f:read("a"):gsub("^\239\187\191", "")
  f:close()
  local lines = {}
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = line:gsub("\r$", "") end
  return lines, text
end

-- MARK: - Manifest

local function manifest(folder)
  local lines = read_lines(folder .. "/plugin.yaml")
  local m = { settings = {} }
  local in_settings, current
  for _, line in ipairs(lines) do
    local k, v = line:match("^(%w[%w_]*):%s*(.-)%s*$")
    if k then
      in_settings = (k == "settings")
      if k == "id" or k == "version" then m[k] = v end
    elseif in_settings then
      local name = line:match("^  ([%w_-]+):%s*$")
      if name then current = { }; m.settings[name] = current
      else
        local sk, sv = line:match("^    (%w+):%s*(.-)%s*$")
        if sk and current then current[sk] = sv end
      end
    end
    local entry = line:match("^%s+entry:%s*(%S+)")
    if entry then m.entry = entry end
  end
  return m
end

local function setting_value(spec, raw)
  local t = spec.type
  if t == "integer" then return math.tointeger(tonumber(raw)) or fail("setting must be an integer: " .. raw) end
  if t == "number" then return tonumber(raw) or fail("setting must be a number: " .. raw) end
  if t == "boolean" then return raw == "true" end
  return (raw:gsub('^"(.*)"$', "%1"))
end

-- MARK: - Parsers

local function add_ballot(list, index, key, ballot)
  local at = index[key]
  if at then list[at].count = list[at].count + ballot.count
  else list[#list + 1] = ballot; index[key] = #list end
end

local function parse_preflib(path, ext)
  local lines = read_lines(path)
  local candidates, names, n = {}, {}, 0
  local ballots, index = {}, {}
  local kind = ext == "cat" and "approval" or "ranked"
  for ln, line in ipairs(lines) do
    if line:sub(1, 1) == "#" then
      local num = line:match("^# NUMBER ALTERNATIVES:%s*(%d+)")
      if num then n = tonumber(num) end
      local ai, an = line:match("^# ALTERNATIVE NAME (%d+):%s*(.-)%s*$")
      if ai then names[ai] = an end
    elseif line:match("%S") then
      local cnt, body = line:match("^%s*(%d+)%s*:%s*(.-)%s*$")
      if not cnt then fail(path .. ":" .. ln .. ": expected 'count: ranking'") end
      local groups = {}
      for tok in body:gmatch("{[^}]*}") do end
      local pos = 1
      while pos <= #body do
        local c1 = body:sub(pos, pos)
        if c1 == "{" then
          local close = body:find("}", pos, true)
          local g = {}
          for id in body:sub(pos + 1, close - 1):gmatch("%d+") do g[#g + 1] = id end
          groups[#groups + 1] = g
          pos = close + 1
        elseif c1:match("%d") then
          local s, e = body:find("%d+", pos)
          groups[#groups + 1] = { body:sub(s, e) }
          pos = e + 1
        else
          pos = pos + 1
        end
      end
      local count = math.tointeger(tonumber(cnt))
      if kind == "approval" then
        local approved = groups[1] or {}
        table.sort(approved, function(a, b) return tonumber(a) < tonumber(b) end)
        add_ballot(ballots, index, table.concat(approved, ","), { count = count, approved = approved })
      else
        local parts = {}
        for _, g in ipairs(groups) do parts[#parts + 1] = table.concat(g, "=") end
        add_ballot(ballots, index, table.concat(parts, ">"), { count = count, ranking = groups })
      end
    end
  end
  for k = 1, n do
    local id = tostring(k)
    candidates[k] = { id = id, name = names[id] or id }
  end
  return { kind = kind, candidates = candidates, ballots = ballots }
end

local function split(s, sep)
  local out = {}
  for piece in (s .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do out[#out + 1] = piece end
  return out
end

local function parse_pabulib(path)
  local lines = read_lines(path)
  local section, header
  local meta, candidates, ballots, index = {}, {}, {}, {}
  for ln, line in ipairs(lines) do
    if line == "META" or line == "PROJECTS" or line == "VOTES" then
      section, header = line, nil
    elseif line:match("%S") then
      local fields = split(line, ";")
      if not header then
        header = {}
        for k, f in ipairs(fields) do header[f] = k end
      elseif section == "META" then
        meta[fields[1]] = fields[2]
      elseif section == "PROJECTS" then
        candidates[#candidates + 1] = {
          id = fields[header.project_id],
          name = header.name and fields[header.name] or fields[header.project_id],
          cost = fields[header.cost],
        }
      elseif section == "VOTES" then
        local vote = split(fields[header.vote], ",")
        local vt = meta.vote_type
        if vt == "approval" or vt == "choose-1" then
          add_ballot(ballots, index, table.concat(vote, ","), { count = 1, approved = vote })
        elseif vt == "ordinal" then
          local groups = {}
          for _, id in ipairs(vote) do groups[#groups + 1] = { id } end
          add_ballot(ballots, index, table.concat(vote, ">"), { count = 1, ranking = groups })
        else
          local pts = split(fields[header.points], ",")
          local points, key = {}, {}
          for k, id in ipairs(vote) do
            points[id] = math.tointeger(tonumber(pts[k]))
            key[#key + 1] = id .. ":" .. pts[k]
          end
          add_ballot(ballots, index, table.concat(key, ";"), { count = 1, points = points })
        end
      end
    end
  end
  local kind = ({ approval = "approval", ["choose-1"] = "approval", ordinal = "ranked",
    cumulative = "cumulative", scoring = "score" })[meta.vote_type]
  if not kind then fail(path .. ": unknown vote_type " .. tostring(meta.vote_type)) end
  -- approved lists follow the input order of candidates, as the contract says
  local pos = {}
  for k, c in ipairs(candidates) do pos[c.id] = k end
  for _, b in ipairs(ballots) do
    if b.approved then table.sort(b.approved, function(a, c) return pos[a] < pos[c] end) end
  end
  -- money as the host keeps it: whole units of the smallest decimal any amount is written with
  local function decimals(text)
    local fraction = (text or ""):gsub(",", "."):match("%.(%d-)0*$") or ""
    return #fraction
  end
  local places = decimals(meta.budget)
  for _, c in ipairs(candidates) do places = math.max(places, decimals(c.cost)) end
  local function units(text)
    if not text then return nil end
    local whole, fraction = text:gsub(",", "."):match("^(%d+)%.?(%d*)$")
    fraction = (fraction .. string.rep("0", places)):sub(1, places)
    return math.tointeger(tonumber(whole .. fraction))
  end
  for _, c in ipairs(candidates) do c.cost = units(c.cost) end
  return { kind = kind, candidates = candidates, ballots = ballots, budget = units(meta.budget),
    money_decimals = places }
end

local function parse_csv(path)
  local lines = read_lines(path)
  local candidates, seen = {}, {}
  local ballots, index = {}, {}
  local kind
  local function cand(id)
    if not seen[id] then seen[id] = true; candidates[#candidates + 1] = { id = id, name = id } end
  end
  for ln, line in ipairs(lines) do
    local fixed = line:match("^#%s*candidates:%s*(.-)%s*$")
    if fixed then
      for _, id in ipairs(split(fixed, ",")) do cand(id:match("^%s*(.-)%s*$")) end
    elseif ln > 1 and line:match("%S") and line:sub(1, 1) ~= "#" then
      local fields = split(line, ",")
      local text, count, reason = fields[1], math.tointeger(tonumber(fields[2] or "1")) or 1, fields[3]
      if reason == "" then reason = nil end
      local b = { count = count, reason = reason }
      if text:find(":") then
        kind = kind or "score"
        b.points = {}
        for _, part in ipairs(split(text, ";")) do
          local id, p = part:match("^%s*(.-)%s*:%s*(-?%d+)%s*$")
          cand(id); b.points[id] = math.tointeger(tonumber(p))
        end
      elseif text:find(">") then
        kind = kind or "ranked"
        b.ranking = {}
        for _, g in ipairs(split(text, ">")) do
          local group = {}
          for _, id in ipairs(split(g, "=")) do id = id:match("^%s*(.-)%s*$"); cand(id); group[#group + 1] = id end
          b.ranking[#b.ranking + 1] = group
        end
      else
        kind = kind or "approval"
        b.approved = {}
        for _, id in ipairs(split(text, ";")) do
          id = id:match("^%s*(.-)%s*$")
          if id ~= "" then cand(id); b.approved[#b.approved + 1] = id end
        end
      end
      add_ballot(ballots, index, text .. "\0" .. (reason or ""), b)
    end
  end
  return { kind = kind or "approval", candidates = candidates, ballots = ballots }
end

-- MARK: - JSON

local function json(v, out)
  local t = type(v)
  if t == "table" then
    if #v > 0 or next(v) == nil and getmetatable(v) == "array" then
      out[#out + 1] = "["
      for k, x in ipairs(v) do
        if k > 1 then out[#out + 1] = "," end
        json(x, out)
      end
      out[#out + 1] = "]"
    elseif next(v) == nil then
      out[#out + 1] = "{}"
    else
      out[#out + 1] = "{"
      local first = true
      for k, x in host.sorted_pairs(v) do
        if not first then out[#out + 1] = "," end
        first = false
        json(tostring(k), out); out[#out + 1] = ":"; json(x, out)
      end
      out[#out + 1] = "}"
    end
  elseif t == "string" then
    out[#out + 1] = '"' .. v:gsub('[%c"\\]', function(c)
      return ({ ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n" })[c] or string.format("\\u%04x", c:byte())
    end) .. '"'
  elseif t == "number" then
    if math.type(v) == "integer" then out[#out + 1] = tostring(v)
    else
      local s = string.format("%.17g", v)
      for p = 1, 17 do
        local c = string.format("%." .. p .. "g", v)
        if tonumber(c) == v then s = c; break end
      end
      out[#out + 1] = s
    end
  elseif t == "boolean" then out[#out + 1] = tostring(v)
  else out[#out + 1] = "null" end
end

local function array(t) return setmetatable(t, { __metatable = "array" }) end

-- MARK: - Main

local m = manifest(plugin)
local ext = file:match("%.(%w+)$")
local profile
if ext == "pb" then profile = parse_pabulib(file)
elseif ext == "csv" then profile = parse_csv(file)
elseif ext == "soc" or ext == "soi" or ext == "toc" or ext == "toi" or ext == "cat" then profile = parse_preflib(file, ext)
else fail(file .. ": unknown file type") end
profile.seats = opts.seats or profile.seats or 1
profile.budget = opts.budget or profile.budget
profile.settings = {}
for name, spec in pairs(m.settings) do
  local raw = opts.options[name] or spec.default
  if raw ~= nil then profile.settings[name] = setting_value(spec, raw) end
end
for name in pairs(opts.options) do
  if not m.settings[name] then fail("unknown option " .. name) end
end

local rule = host.load_rule(plugin, m.entry or "rule.lua", opts.seed)
local accepted = type(rule.ballot) == "table" and rule.ballot or { rule.ballot }
local ok_kind = false
for _, k in ipairs(accepted) do ok_kind = ok_kind or k == profile.kind end
if not ok_kind then fail(m.id .. " does not accept " .. profile.kind .. " ballots") end

local election = host.election(profile)
local count, rec = host.count(election.candidates, opts.tie, opts.seed)
local ok, err = pcall(rule.count, election, count)
if not ok then fail(m.id .. ": " .. tostring(err)) end

if opts.format == "text" then
  for _, r in ipairs(rec.rounds) do
    print("Round " .. r.round)
    if r.tally then
      for k, v in host.sorted_pairs(r.tally) do print("  " .. k .. ": " .. tostring(v)) end
    end
    for _, n in ipairs(r.notes) do print("  " .. n) end
  end
  for _, t in ipairs(rec.tie_breaks) do
    print("Tie (" .. t.reason .. ") between " .. table.concat(t.candidates, ", ") .. ": chose " .. t.chosen .. " by " .. t.method)
  end
  print("Winners: " .. table.concat(rec.winners, ", "))
else
  for _, r in ipairs(rec.rounds) do array(r.notes) end
  for _, t in ipairs(rec.tie_breaks) do array(t.candidates) end
  local out = {}
  json({
    rule = { id = m.id, version = m.version },
    winners = array(rec.winners),
    rounds = array(rec.rounds),
    tie_breaks = array(rec.tie_breaks),
    input = { file = file, ballots = election.voters, candidates = #election.candidates },
  }, out)
  print(table.concat(out))
end
