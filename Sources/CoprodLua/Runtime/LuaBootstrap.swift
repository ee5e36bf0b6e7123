// coprod — co-production toolkit. Apache-2.0.

/// Host Lua code run once in every sandbox before the plugin: `require`, `print`, `warn`,
/// `coprod.sorted_pairs` and the read-only `coprod` table. What it captures in locals cannot
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

  local function joined(...)
    local parts = {}
    for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
    return parts
  end
  function print(...) log("info", concat(joined(...), "\t")) end
  function warn(...) log("warning", concat(joined(...), "")) end

  local function key_less(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta == "number" end
    return a < b
  end
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

  coprod = setmetatable({}, {
    __index = api,
    __newindex = function() error("coprod is read-only", 2) end,
    __metatable = "coprod",
  })
  """#
}
