// coprod — co-production toolkit. Apache-2.0.

/// Host Lua code run once in every sandbox before the plugin: `require`, `print`, `warn`,
/// `coprod.sorted_pairs`, `coprod.inspect`, plain messages for what the sandbox leaves out
/// (`io`, `os.execute`, …) and the read-only `coprod` table. What it captures in locals cannot
/// be reached or changed by plugin code.
enum LuaBootstrap {
  static let source = #"""
  local find_module, log, api = ...
  local type, error, select, tostring, next = type, error, select, tostring, next
  local sort, concat = table.sort, table.concat
  local setmetatable = setmetatable

  local loaded, loading = {}, {}
  function require(name)
    if type(name) ~= "string" then error("require expects a module name (a string)", 2) end
    local value = loaded[name]
    if value ~= nil then return value end
    if loading[name] then error("circular require of module '" .. name .. "'", 2) end
    local chunk, problem = find_module(name)
    if not chunk then error(problem, 2) end
    loading[name] = true
    local result = chunk(name)
    loading[name] = nil
    if result == nil then result = true end
    loaded[name] = result
    return result
  end

  local function key_less(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta == "number" end
    return a < b
  end

  -- coprod.inspect: a table as readable, deterministic text (sorted keys, nesting shown,
  -- repeated tables and cycles marked, long tables cut).
  local getmetatable, rawget, rawlen, format = getmetatable, rawget, rawlen, string.format
  local function is_identifier(k)
    return type(k) == "string" and k:match("^[%a_][%w_]*$") ~= nil
  end
  local function inspect(value, depth, seen, indent)
    local kind = type(value)
    if kind == "string" then return format("%q", value) end
    if kind ~= "table" then return tostring(value) end
    local mt = getmetatable(value)
    if mt ~= nil and type(mt) == "table" and rawget(mt, "__tostring") then return tostring(value) end
    if seen[value] then return "<cycle>" end
    if depth > 6 then return "{…}" end
    seen[value] = true
    local keys, n = {}, 0
    for k in next, value do
      n = n + 1
      keys[n] = k
    end
    sort(keys, function(a, b)
      local ta, tb = type(a), type(b)
      if (ta == "number" or ta == "string") and (tb == "number" or tb == "string") then return key_less(a, b) end
      if ta ~= tb then return ta < tb end
      return tostring(a) < tostring(b)
    end)
    local parts, length, inner = {}, rawlen(value), indent .. "  "
    for i, k in ipairs(keys) do
      if i > 100 then
        parts[#parts + 1] = "… (" .. (n - 100) .. " more)"
        break
      end
      local text = inspect(rawget(value, k), depth + 1, seen, inner)
      if math.type(k) == "integer" and k >= 1 and k <= length then
        parts[#parts + 1] = text
      elseif is_identifier(k) then
        parts[#parts + 1] = k .. " = " .. text
      else
        parts[#parts + 1] = "[" .. inspect(k, depth + 1, seen, inner) .. "] = " .. text
      end
    end
    seen[value] = nil
    if #parts == 0 then return "{}" end
    local flat = "{ " .. concat(parts, ", ") .. " }"
    if #flat <= 72 and not flat:find("\n", 1, true) then return flat end
    return "{\n" .. inner .. concat(parts, ",\n" .. inner) .. "\n" .. indent .. "}"
  end
  function api.inspect(value)
    return inspect(value, 1, {}, "")
  end

  local function joined(...)
    local parts = {}
    for i = 1, select("#", ...) do
      local value = (select(i, ...))
      parts[i] = type(value) == "table" and inspect(value, 1, {}, "") or tostring(value)
    end
    return parts
  end
  function print(...) log("info", concat(joined(...), "\t")) end
  function warn(...) log("warning", concat(joined(...), "")) end

  function api.sorted_pairs(t)
    if type(t) ~= "table" then error("sorted_pairs expects a table", 2) end
    local keys, n = {}, 0
    for k in next, t do
      local kt = type(k)
      if kt ~= "number" and kt ~= "string" then
        error("sorted_pairs: keys must be numbers or strings, found a " .. kt .. " key", 2)
      end
      n = n + 1
      keys[n] = k
    end
    sort(keys, key_less)
    local i = 0
    return function()
      i = i + 1
      local k = keys[i]
      if k ~= nil then return k, t[k] end
    end
  end

  local function options(kind)
    return function(o)
      local t = { kind = kind }
      if o ~= nil then
        if type(o) ~= "table" then error("coprod.groups." .. kind .. " expects a table of options", 2) end
        for k, v in next, o do t[k] = v end
      end
      return t
    end
  end
  api.groups = setmetatable({}, { __index = {
    solo = options("solo"), pairs = options("pairs"), tables = options("tables"), plenary = options("plenary"),
  }, __newindex = function() error("coprod.groups is read-only", 2) end, __metatable = "coprod.groups" })
  api.turns = setmetatable({}, { __index = {
    round_robin = options("round_robin"), open = options("open"),
  }, __newindex = function() error("coprod.turns is read-only", 2) end, __metatable = "coprod.turns" })

  -- What the sandbox leaves out says so when read, instead of a bare nil.
  local missing = {
    io = "io is not available in the sandbox: plugins cannot read or write files (reports write through doc, rules through count)",
    debug = "debug is not available in the sandbox",
    package = "package is not available in the sandbox: use require \"module\" for files in the plugin's folder",
    dofile = "dofile is not available in the sandbox: use require \"module\" for files in the plugin's folder",
    loadfile = "loadfile is not available in the sandbox: use require \"module\" for files in the plugin's folder",
  }
  setmetatable(_G, {
    __index = function(_, name)
      local problem = missing[name]
      if problem then error(problem, 2) end
    end,
    __metatable = false,
  })
  setmetatable(os, {
    __index = function(_, name)
      error("os." .. tostring(name) .. " is not available in the sandbox (only os.time, os.date, os.clock and os.difftime)", 2)
    end,
    __metatable = false,
  })

  coprod = setmetatable({}, {
    __index = api,
    __newindex = function() error("coprod is read-only", 2) end,
    __metatable = "coprod",
  })
  """#
}
