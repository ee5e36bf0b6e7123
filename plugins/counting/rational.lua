-- coprod — co-production toolkit. Apache-2.0.
--
-- Exact rational numbers { numerator, denominator } on exact integers (int.lua): always in
-- lowest terms with a positive denominator. Nothing is ever rounded and nothing overflows;
-- small values stay on Lua's fast integer arithmetic.
--
--     local Q = require "org.coprod.counting/rational"
--     local share = Q.new(budget, voters)

local int = require "org.coprod.counting/int"

local add, sub, mul, divmod, gcd, cmp = int.add, int.sub, int.mul, int.divmod, int.gcd, int.cmp

local rational = {}

--- n/d in lowest terms (d defaults to 1).
function rational.new(n, d)
  d = d or 1
  if cmp(d, 0) == 0 then error("division by zero", 2) end
  if cmp(d, 0) < 0 then n, d = sub(0, n), sub(0, d) end
  local g = gcd(n, d)
  if cmp(g, 1) > 0 then n, d = divmod(n, g), (divmod(d, g)) end
  return { n, d }
end

local new = rational.new

--- x + y.
function rational.add(x, y)
  if x[2] == 1 and y[2] == 1 then return { add(x[1], y[1]), 1 } end
  local g = gcd(x[2], y[2])
  local xd, yd = (divmod(x[2], g)), (divmod(y[2], g))
  return new(add(mul(x[1], yd), mul(y[1], xd)), mul(xd, y[2]))
end

--- x - y.
function rational.sub(x, y) return rational.add(x, { sub(0, y[1]), y[2] }) end

--- x × y.
function rational.mul(x, y)
  local g1, g2 = gcd(x[1], y[2]), gcd(y[1], x[2])
  if cmp(g1, 0) == 0 then g1 = 1 end
  if cmp(g2, 0) == 0 then g2 = 1 end
  return new(mul((divmod(x[1], g1)), (divmod(y[1], g2))), mul((divmod(x[2], g2)), (divmod(y[2], g1))))
end

--- x ÷ y.
function rational.div(x, y)
  if cmp(y[1], 0) == 0 then error("division by zero", 2) end
  return rational.mul(x, new(y[2], y[1]))
end

--- -1, 0 or 1 as x is less than, equal to or greater than y.
function rational.cmp(x, y)
  if x[2] == y[2] then return cmp(x[1], y[1]) end
  return cmp(mul(x[1], y[2]), mul(y[1], x[2]))
end

--- Whether x is zero.
function rational.is_zero(x) return cmp(x[1], 0) == 0 end

--- The largest integer not above x.
function rational.floor(x) return (divmod(x[1], x[2])) end

--- The smallest integer not below x.
function rational.ceil(x)
  local q, r = divmod(x[1], x[2])
  if cmp(r, 0) ~= 0 then q = add(q, 1) end
  return q
end

--- x written with `places` decimals (default 2), rounded half up: exact, for people.
function rational.show(x, places)
  places = places or 2
  local scale = 1
  for _ = 1, places do scale = mul(scale, 10) end
  local negative = cmp(x[1], 0) < 0
  local n = negative and sub(0, x[1]) or x[1]
  -- floor((2 n scale + d) / 2d) rounds n/d × scale half up
  local h = (divmod(add(mul(mul(n, scale), 2), x[2]), mul(x[2], 2)))
  local whole, part = divmod(h, scale)
  local text = tostring(whole)
  if places > 0 then
    local digits = tostring(part)
    text = text .. "." .. ("0"):rep(places - #digits) .. digits
  end
  if negative and cmp(h, 0) ~= 0 then text = "-" .. text end
  return text
end

return rational
