-- coprod — co-production toolkit. Apache-2.0.
--
-- Bounded numbers: fast float arithmetic that knows how wrong it may be. A bounded number is
-- a pair of Lua floats (v, r), r >= 0, with the promise that the exact value lies in
-- [v - r, v + r]. Every operation returns a new pair whose radius covers the rounding of
-- the operation itself (at most 2^-53 of the result; 2^-50 is used) and the radii of its
-- operands, and is then widened by a factor 1 + 2^-30 that covers the rounding of the
-- radius's own arithmetic. A decision taken from a bounded number is exact when it is
-- taken at all: `sign` answers nil when the interval contains zero, and the caller then
-- computes exactly (with int.lua / rational.lua) instead.
--
-- Pairs are passed as two values, never as tables, so nothing is allocated:
--
--     local B = require "org.coprod.counting/bounded"
--     local v, r = B.div(B.of(budget), B.of(voters))     -- budget / voters
--     local s = B.sign(B.sub(v, r, B.of(cost)))           -- -1, 0, 1, or nil: too close

local abs, mtype, tonumber = math.abs, math.type, tonumber

local bounded = {}

local U = 2.0 ^ -50      -- bound on one rounding, relative to the result (unit roundoff is 2^-53)
local K = 1 + 2.0 ^ -30  -- widens each radius to cover the rounding of its own computation
local SAFE = 2.0 ^ 53    -- integers up to this size convert to floats exactly

--- An exact integer (a Lua integer or a string of digits, see int.lua) or a float as a
--- bounded number; exact when the value converts to a float without rounding.
function bounded.of(x)
  if mtype(x) == "float" then return x, 0.0 end
  local v = mtype(x) == "integer" and x + 0.0 or tonumber(x) + 0.0
  if mtype(x) == "integer" and abs(x) <= SAFE then return v, 0.0 end
  return v, abs(v) * U * K
end

--- a + b.
function bounded.add(a, ra, b, rb)
  local v = a + b
  return v, (ra + rb + abs(v) * U) * K
end

--- a - b.
function bounded.sub(a, ra, b, rb)
  local v = a - b
  return v, (ra + rb + abs(v) * U) * K
end

--- a × b.
function bounded.mul(a, ra, b, rb)
  local v = a * b
  return v, (abs(v) * U + abs(a) * rb + abs(b) * ra + ra * rb) * K
end

--- a ÷ b, or nil when b's interval contains zero.
function bounded.div(a, ra, b, rb)
  local low = abs(b) - rb
  if low <= 0 then return nil end
  local v = a / b
  return v, (abs(v) * U + (abs(a) * rb + abs(b) * ra) / (abs(b) * low * (1 - 2.0 ^ -30))) * K
end

--- -1, 0 or 1 as the exact value is negative, zero or positive; nil when the interval
--- contains zero and the value is not exactly zero (too close to call).
function bounded.sign(v, r)
  if v > r then return 1 elseif -v > r then return -1 elseif v == 0 and r == 0 then return 0 end
  return nil
end

--- The smallest exact value the pair allows that is at least 0: a lower bound on |x|.
function bounded.low(v, r)
  local low = abs(v) - r
  if low <= 0 then return 0.0 end
  return low * (1 - 2.0 ^ -30)
end

--- The value written with `places` decimals (default 2) after dividing by `scale` (default
--- 1), rounded half up as rational.show does, or nil when the rounding cannot be decided
--- from the interval.
function bounded.show(v, r, scale, places)
  scale, places = scale or 1, places or 2
  if v < 0 then return nil end
  local factor = math.tointeger(10 ^ places)
  local lo = (v - r) / scale * factor * (1 - 2.0 ^ -40)
  local hi = (v + r) / scale * factor * (1 + 2.0 ^ -40)
  if hi >= SAFE / 4 then return nil end
  local a, b = math.floor(lo + 0.5), math.floor(hi + 0.5)
  if a ~= b then return nil end
  local whole, part = a // factor, a % factor
  local text = ("%d"):format(whole)
  if places > 0 then text = text .. "." .. ("%0" .. places .. "d"):format(part) end
  return text
end

return bounded
