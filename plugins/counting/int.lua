-- coprod — co-production toolkit. Apache-2.0.
--
-- Exact integers for counting. Lua's integers are 64-bit and wrap silently on overflow;
-- these functions never do. A value is an *exact integer*: a Lua integer when it fits in 64
-- bits, otherwise a string of decimal digits (see coprod.exact in docs/lua-api.md). Small
-- numbers take a fast path in plain Lua; only results that would overflow go to the host's
-- big-integer arithmetic, and come back as Lua integers whenever they fit again.
--
-- Floats (e.g. Meek STV's fractional votes) are accepted by add, sub, mul, cmp and the
-- comparisons and use float arithmetic, as Lua would.
--
--     local int = require "org.coprod.counting/int"
--     total = int.add(total, b.count)

local exact = coprod.exact
local mtype, type, tostring = math.type, type, tostring
local maxinteger, mininteger = math.maxinteger, math.mininteger

local int = {}

-- |a|, |b| <= ROOT keeps a * b inside 64 bits.
local ROOT = 3037000499

--- a + b.
function int.add(a, b)
  local ta, tb = mtype(a), mtype(b)
  if ta == "integer" and tb == "integer" then
    local s = a + b
    if (b >= 0) == (s >= a) then return s end
  elseif ta == "float" or tb == "float" then
    if ta and tb then return a + b end
  end
  return exact.add(a, b)
end

--- a - b.
function int.sub(a, b)
  local ta, tb = mtype(a), mtype(b)
  if ta == "integer" and tb == "integer" then
    local s = a - b
    if (b >= 0) == (s <= a) then return s end
  elseif ta == "float" or tb == "float" then
    if ta and tb then return a - b end
  end
  return exact.sub(a, b)
end

--- a * b.
function int.mul(a, b)
  local ta, tb = mtype(a), mtype(b)
  if ta == "integer" and tb == "integer" then
    if a <= ROOT and a >= -ROOT and b <= ROOT and b >= -ROOT then return a * b end
  elseif ta == "float" or tb == "float" then
    if ta and tb then return a * b end
  end
  return exact.mul(a, b)
end

--- Floor quotient and remainder of a / b, as Lua's // and %.
function int.divmod(a, b)
  if mtype(a) == "integer" and mtype(b) == "integer" and b ~= 0 and not (b == -1 and a == mininteger) then
    return a // b, a % b
  end
  return exact.divmod(a, b)
end

--- Greatest common divisor of |a| and |b|.
function int.gcd(a, b)
  if mtype(a) == "integer" and mtype(b) == "integer" and a ~= mininteger and b ~= mininteger then
    if a < 0 then a = -a end
    if b < 0 then b = -b end
    while b ~= 0 do a, b = b, a % b end
    return a
  end
  return exact.gcd(a, b)
end

--- -1, 0 or 1 as a is less than, equal to or greater than b.
function int.cmp(a, b)
  if mtype(a) and mtype(b) then
    if a < b then return -1 elseif a == b then return 0 else return 1 end
  end
  return exact.cmp(a, b)
end

--- a < b, a <= b, a == b, a > b.
function int.lt(a, b) return int.cmp(a, b) < 0 end
function int.le(a, b) return int.cmp(a, b) <= 0 end
function int.eq(a, b) return int.cmp(a, b) == 0 end
function int.gt(a, b) return int.cmp(a, b) > 0 end

--- The sum of a list.
function int.sum(list)
  local s = 0
  for i = 1, #list do s = int.add(s, list[i]) end
  return s
end

--- The value as decimal digits (floats as Lua writes them).
function int.show(a)
  return tostring(a)
end

--- Whether `v` is an exact integer (a Lua integer or a string of decimal digits).
function int.is_exact(v)
  return mtype(v) == "integer" or (type(v) == "string" and v:match("^%-?%d+$") ~= nil)
end

--- The value as a Lua integer, or an error naming `what` when it does not fit in 64 bits.
function int.small(v, what)
  if mtype(v) == "integer" then return v end
  error(("%s (%s) is too large for this step of the count, which needs it below %d"):format(what, tostring(v), maxinteger), 2)
end

return int
