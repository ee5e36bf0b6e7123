-- coprod — co-production toolkit. Apache-2.0.
--
-- Pieces shared by both STV methods: fixed-point display and the history
-- tie rule.

local int = require "org.coprod.counting/int"

local common = {}

--- Stops with a clear error when the election has more papers than `method` can count
--- exactly: values are fixed point in 64-bit integers, and `factor` is the largest multiple
--- of the number of papers the method computes with.
function common.check_size(election, factor, method)
  local limit = math.maxinteger // factor
  if int.gt(election.voters, limit) then
    error(("%s STV keeps vote values in 64-bit fixed point and counts at most %d ballot papers exactly; this election has %s"):format(method, limit, int.show(election.voters)), 0)
  end
end

--- Formats an integer scaled by 10^digits as a decimal string ("123.45678").
function common.decimal(v, digits)
  local scale = 10 ^ digits // 1
  local sign = v < 0 and "-" or ""
  v = math.abs(v)
  return ("%s%d.%0" .. digits .. "d"):format(sign, v // scale, v % scale)
end

--- Narrows `tied` with the history rule: go back through earlier stages (most recent first)
--- and keep those with the highest (`want = "highest"`) or lowest total at the first stage
--- where they differ, repeating until one is left or the stages run out.
function common.history(tied, history, want)
  local left = tied
  for s = #history, 1, -1 do
    local snap, best = history[s], nil
    for _, id in ipairs(left) do
      local v = snap[id] or 0
      if best == nil or (want == "highest" and v > best) or (want == "lowest" and v < best) then best = v end
    end
    local narrowed = {}
    for _, id in ipairs(left) do
      if (snap[id] or 0) == best then narrowed[#narrowed + 1] = id end
    end
    if #narrowed < #left then
      left = narrowed
      if #left == 1 then return left, s end
    end
  end
  return left
end

--- ⌈a·b / c⌉ for integers a, b ≥ 0 and c > 0 with a < 2^31, without overflowing 64 bits
--- (a·b itself may not fit): shift-and-add long multiplication modulo c.
function common.mul_div_ceil(a, b, c)
  local whole, r = b // c, b % c
  local q, rem = 0, 0 -- invariant: (bits of a seen so far) * r = q * c + rem, rem < c
  for bit = 30, 0, -1 do
    q, rem = q * 2, rem * 2
    if rem >= c then rem = rem - c; q = q + 1 end
    if (a >> bit) & 1 == 1 then
      rem = rem + r
      if rem >= c then rem = rem - c; q = q + 1 end
    end
  end
  return a * whole + q + (rem > 0 and 1 or 0)
end

--- Removes `id` from the array `list`.
function common.remove(list, id)
  for i, x in ipairs(list) do
    if x == id then table.remove(list, i) return end
  end
end

return common
