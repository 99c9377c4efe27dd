-- Shared by the wrk scripts of bench/run.sh: thread bookkeeping, a wall clock, optional status counting, and a
-- done() hook that prints one machine-readable line:
--   BENCH_RESULT {"requests":..,"duration_s":..,"rps":..,"p50_ms":..,"p90_ms":..,"p99_ms":..,"max_ms":..,
--                 "non2xx":..,"socket_errors":{..},"statuses":{..},...}
-- Environment: BENCH_STATUS_COUNTS=1 counts every status code (costs a Lua call per response).
--              BENCH_TARGETS="host:port host:port ..." spreads wrk's threads over several servers (thread k talks to
--              target k mod n), like a load balancer; the URL given to wrk still sets the path and Host header.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]

local common = {}

-- Monotonic wall-clock seconds.
function common.now()
  local t = ffi.new("bench_timespec")
  ffi.C.clock_gettime(1, t)
  return tonumber(t.tv_sec) + tonumber(t.tv_nsec) / 1e9
end

function common.urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

common.threads = {}
local next_id = 0

local targets = {}
for target in (os.getenv("BENCH_TARGETS") or ""):gmatch("%S+") do
  local host, port = target:match("^(.+):(%d+)$")
  table.insert(targets, wrk.lookup(host, port)[1])
end

-- setup() runs in the main Lua state once per thread, before the threads start.
function common.setup(thread)
  thread:set("thread_id", next_id)
  if #targets > 0 then thread.addr = targets[next_id % #targets + 1] end
  next_id = next_id + 1
  table.insert(common.threads, thread)
end

common.count_statuses = os.getenv("BENCH_STATUS_COUNTS") == "1"

-- Per-thread status counts, read back in done() through thread:get().
statuses = {}
function common.count(status)
  statuses[status] = (statuses[status] or 0) + 1
end

local function json_value(v)
  if type(v) == "number" then
    if v ~= v or v == math.huge or v == -math.huge then return "null" end
    if v == math.floor(v) and math.abs(v) < 1e15 then return string.format("%d", v) end
    return string.format("%.3f", v)
  elseif type(v) == "boolean" then
    return tostring(v)
  elseif type(v) == "table" then
    local parts = {}
    for k, x in pairs(v) do
      table.insert(parts, string.format("%q:%s", tostring(k), json_value(x)))
    end
    table.sort(parts)
    return "{" .. table.concat(parts, ",") .. "}"
  elseif v == nil then
    return "null"
  end
  return string.format("%q", tostring(v))
end

-- extra(result) may add fields or correct the duration (e.g. a run that ran out of refresh tokens).
function common.done(summary, latency, extra)
  local result = {
    requests = summary.requests,
    duration_s = summary.duration / 1e6,
    bytes = summary.bytes,
    p50_ms = latency:percentile(50) / 1000,
    p90_ms = latency:percentile(90) / 1000,
    p99_ms = latency:percentile(99) / 1000,
    max_ms = latency.max / 1000,
    mean_ms = latency.mean / 1000,
    -- wrk counts a response with a status above 399 as a status error; the bench expects only 200s.
    non2xx = summary.errors.status,
    socket_errors = {
      connect = summary.errors.connect,
      read = summary.errors.read,
      write = summary.errors.write,
      timeout = summary.errors.timeout,
    },
  }
  if common.count_statuses then
    local merged = {}
    for _, thread in ipairs(common.threads) do
      local counts = thread:get("statuses")
      if counts then
        for status, n in pairs(counts) do
          merged[tostring(status)] = (merged[tostring(status)] or 0) + n
        end
      end
    end
    result.statuses = merged
  end
  if extra then extra(result) end
  result.rps = result.requests / result.duration_s
  io.write("BENCH_RESULT " .. json_value(result) .. "\n")
end

return common
