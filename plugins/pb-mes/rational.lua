-- coprod — co-production toolkit. Apache-2.0.
--
-- Exact rational numbers on 64-bit integers, always in lowest terms with a positive
-- denominator. An operation whose result does not fit raises an error rather than rounding.

local rational = {}

local MAX = math.maxinteger

local function gcd(a, b)
  a, b = math.abs(a), math.abs(b)
  while b ~= 0 do a, b = b, a % b end
  return a
end

local function overflow()
  error("the exact money arithmetic of equal shares exceeded 64-bit integers for this election", 0)
end

local function mul(a, b)
  if a ~= 0 and b ~= 0 and math.abs(a) > MAX // math.abs(b) then overflow() end
  return a * b
end

local function add(a, b)
  local s = a + b
  if (a > 0 and b > 0 and s < 0) or (a < 0 and b < 0 and s >= 0) then overflow() end
  return s
end

--- n/d in lowest terms.
function rational.new(n, d)
  d = d or 1
  if d == 0 then error("division by zero", 2) end
  if d < 0 then n, d = -n, -d end
  local g = gcd(n, d)
  if g > 1 then n, d = n // g, d // g end
  return { n, d }
end

local new = rational.new

function rational.add(x, y)
  local g = gcd(x[2], y[2])
  return new(add(mul(x[1], y[2] // g), mul(y[1], x[2] // g)), mul(x[2] // g, y[2]))
end

function rational.sub(x, y) return rational.add(x, { -y[1], y[2] }) end

function rational.mul(x, y)
  local g1, g2 = gcd(x[1], y[2]), gcd(y[1], x[2])
  if g1 == 0 then g1 = 1 end
  if g2 == 0 then g2 = 1 end
  return new(mul(x[1] // g1, y[1] // g2), mul(x[2] // g2, y[2] // g1))
end

function rational.div(x, y)
  if y[1] == 0 then error("division by zero", 2) end
  return rational.mul(x, new(y[2], y[1]))
end

--- -1, 0 or 1 as x <, =, > y (by cross-multiplication).
function rational.cmp(x, y)
  local d = rational.sub(x, y)[1]
  return d < 0 and -1 or (d > 0 and 1 or 0)
end

--- A decimal with two places, for display only.
function rational.show(x)
  return ("%.2f"):format(x[1] / x[2])
end

return rational
