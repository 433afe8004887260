"""The budget's rule as Lua scripts that Redis runs atomically, for redis_limiter.py."""

# A grant put into its place in the ascending list `key`, whose values are `grants`, looking from
# index `from` on (a Lua function the scripts below that insert begin with).
_INSERT_IN_ORDER = """
local function insert_in_order(key, grants, from, value, stamp)
  for i = from, #grants do
    if tonumber(grants[i]) > value then
      redis.call('LINSERT', key, 'BEFORE', grants[i], stamp)
      return
    end
  end
  redis.call('RPUSH', key, stamp)
end
"""

# The same rule as LocalRateLimiter, atomically inside Redis, with Redis's own clock so that every
# process agrees on "now". KEYS: every grant (ascending), bulk grants, the last interactive ask, a
# follow-up waiting. ARGV: mode (interactive | finishing | follow-up | follow-up-overdue | bulk |
# overdue | peek), interactive window, share limit and seconds (0 0: no share), how long a held
# follow-up counts as waiting, then (limit, seconds, bulk limit, follow-up limit, overdue follow-up
# limit) for each window.
BUDGET_SCRIPT = (
    _INSERT_IN_ORDER
    + """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local eps = 0.000001
local mode = ARGV[1]
local recent_for = tonumber(ARGV[2])
local share_limit = tonumber(ARGV[3])
local share_seconds = tonumber(ARGV[4])
local poll = tonumber(ARGV[5])
local windows, bulk_windows, follow_up_windows, bulk_minute = {}, {}, {}, {}
local depth, longest = 1, 1
for i = 6, #ARGV, 5 do
  local limit, seconds = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  table.insert(windows, {limit, seconds})
  table.insert(bulk_windows, {tonumber(ARGV[i + 2]), seconds})
  if seconds >= 60 then table.insert(bulk_minute, {tonumber(ARGV[i + 2]), seconds}) end
  if mode == 'follow-up-overdue' then
    table.insert(follow_up_windows, {tonumber(ARGV[i + 4]), seconds})
  else
    table.insert(follow_up_windows, {tonumber(ARGV[i + 3]), seconds})
  end
  depth = math.max(depth, limit)
  longest = math.max(longest, seconds)
end
local ttl = math.ceil(longest) + 60

local function next_slot(key, limits)
  local slot = now
  local len = redis.call('LLEN', key)
  if len > 0 then slot = math.max(slot, tonumber(redis.call('LINDEX', key, -1))) end
  for _, w in ipairs(limits) do
    if len >= w[1] then
      slot = math.max(slot, tonumber(redis.call('LINDEX', key, -w[1])) + w[2])
    end
  end
  return slot
end

local function push(key, slot, keep)
  redis.call('RPUSH', key, string.format('%.6f', slot))
  redis.call('LTRIM', key, -keep, -1)
  redis.call('EXPIRE', key, ttl)
end

local function book_bulk(slot)
  push(KEYS[1], slot, 2 * depth)
  push(KEYS[2], slot, math.max(1, share_limit))
  return {string.format('%.6f', slot - now), 1, 0, string.format('%.6f', slot)}
end

-- A finishing call: where the calls sent (or due) by now leave room, ahead of others' bookings,
-- which check again before sending; kept in order in the list.
local function book_first(key, limits, keep)
  local grants = redis.call('LRANGE', key, 0, -1)
  local due = 0
  for i, value in ipairs(grants) do
    if tonumber(value) <= now then due = i else break end
  end
  local ready = now
  for _, w in ipairs(limits) do
    if due >= w[1] then ready = math.max(ready, tonumber(grants[due - w[1] + 1]) + w[2]) end
  end
  local stamp = string.format('%.6f', ready)
  insert_in_order(key, grants, due + 1, ready, stamp)
  redis.call('LTRIM', key, -keep, -1)
  redis.call('EXPIRE', key, ttl)
  return ready, stamp
end

local free = next_slot(KEYS[1], windows)
if mode == 'peek' then return {string.format('%.6f', free - now), 0, 0} end
if mode == 'interactive' or mode == 'finishing' then
  local slot, stamp = free, string.format('%.6f', free)
  if mode == 'finishing' then
    slot, stamp = book_first(KEYS[1], windows, 2 * depth)
  else
    push(KEYS[1], free, 2 * depth)
  end
  redis.call('SET', KEYS[3], string.format('%.6f', now), 'EX', math.ceil(recent_for) + 1)
  return {string.format('%.6f', slot - now), 1, 0, stamp}
end
-- A follow-up: only a slot free now in its own windows (a lookup's calls free in the second, unless
-- overdue; the desk's share of the minute) with none booked ahead. Front-desk work: it marks the
-- desk active, never counts in bulk's share.
if mode == 'follow-up' or mode == 'follow-up-overdue' then
  local allowed = next_slot(KEYS[1], follow_up_windows)
  if allowed <= now + eps then
    push(KEYS[1], now, 2 * depth)
    redis.call('SET', KEYS[3], string.format('%.6f', now), 'EX', math.ceil(recent_for) + 1)
    return {'0', 1, 0, string.format('%.6f', now)}
  end
  local held = 0
  local last = redis.call('LINDEX', KEYS[1], -1)
  if (last and tonumber(last) > now + eps) or allowed > free + eps then held = 1 end
  redis.call('SET', KEYS[4], '1', 'PX', math.max(1, math.floor(poll * 1000)))
  return {string.format('%.6f', allowed - now), 0, held}
end

-- Whether one more call now keeps the windows within their limits (booked slots count as sent).
local function room_now(limits)
  local len = redis.call('LLEN', KEYS[1])
  for _, w in ipairs(limits) do
    if len >= w[1] and tonumber(redis.call('LINDEX', KEYS[1], -w[1])) + w[2] > now + eps then
      return false
    end
  end
  return true
end

local last = redis.call('GET', KEYS[3])
local recent = last and (now - tonumber(last) < recent_for)
if not recent then
  if free <= now + eps then return book_bulk(now) end
  return {string.format('%.6f', free - now), 0, 0}
end
-- Follow-ups before bulk: none taken while one waits.
if redis.call('EXISTS', KEYS[4]) == 1 then return {string.format('%.6f', poll), 0, 1} end
local share_at = now
if share_limit > 0 then share_at = next_slot(KEYS[2], {{share_limit, share_seconds}}) end
if mode == 'overdue' then
  if share_at > now + eps or not room_now(bulk_minute) then
    return {string.format('%.6f', math.max(share_at - now, poll)), 0, 1}
  end
  return book_bulk(free)
end
local allowed = math.max(next_slot(KEYS[1], bulk_windows), share_at)
if allowed <= now + eps then return book_bulk(now) end
local held = 0
if allowed > free + eps then held = 1 end
return {string.format('%.6f', allowed - now), 0, held}
"""
)


# Just before a call booked for a slot is sent: swap the booking for the real send time if the calls
# really sent (or due) by now leave room, else book it again where they do. KEYS: every grant.
# ARGV: the booked slot as stored, then (limit, seconds) for each window.
CONFIRM_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('LREM', KEYS[1], 1, ARGV[1])
local grants = redis.call('LRANGE', KEYS[1], 0, -1)
local due = 0
for i, value in ipairs(grants) do
  if tonumber(value) <= now then due = i else break end
end
local ready = now
local longest = 1
for i = 2, #ARGV, 2 do
  local limit, seconds = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  longest = math.max(longest, seconds)
  if due >= limit then ready = math.max(ready, tonumber(grants[due - limit + 1]) + seconds) end
end
if ready <= now + 0.000001 then ready = now end
local stamp = string.format('%.6f', ready)
local kept = {}
local placed = false
for _, value in ipairs(grants) do
  if not placed and tonumber(value) > ready then
    table.insert(kept, stamp)
    placed = true
  end
  table.insert(kept, value)
end
if not placed then table.insert(kept, stamp) end
redis.call('DEL', KEYS[1])
redis.call('RPUSH', KEYS[1], unpack(kept))
redis.call('EXPIRE', KEYS[1], math.ceil(longest) + 60)
return {string.format('%.6f', ready - now), stamp}
"""
