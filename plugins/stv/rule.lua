-- coprod — co-production toolkit. Apache-2.0.
--
-- Single transferable vote. `method = scottish` (default) follows the Scottish Local
-- Government Elections Order 2007 (SSI 2007/42, Schedule 1, rules 45-52): integer Droop
-- quota, weighted inclusive Gregory surplus transfers with transfer values truncated to five
-- decimal places, exclusions at current value, ties by the history rule then by lot.
-- `method = meek` counts by Meek's method (scottish.lua / meek.lua). See docs/rules/stv.md.

local scottish = require "scottish"
local meek = require "meek"

return coprod.voting_rule {
  name = "Single transferable vote",
  ballot = { "ranked" },
  count = function(election, count)
    if election.seats < 1 then error("stv needs at least one seat") end
    local method = election.settings.method or "scottish"
    if method == "scottish" then
      scottish.count(election, count)
    elseif method == "meek" then
      meek.count(election, count)
    else
      error("unknown method '" .. tostring(method) .. "': use scottish or meek")
    end
  end,
}
