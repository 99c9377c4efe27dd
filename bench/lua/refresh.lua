-- refresh_token rotation: every request carries a distinct, valid refresh token, read from a file prepared
-- beforehand (one token per line, each the live head of its own family). Thread k of n takes lines k, k+n, k+2n...
-- Environment:
--   BENCH_TOKENS_FILE   the prepared tokens
--   BENCH_WRK_THREADS   wrk's -t (how the file is split between threads)
--   BENCH_CLIENT_ID     the public client the tokens belong to
--   BENCH_REFRESH_CHAIN 1: also take the rotated refresh token from each answer and use it later (so a run can be
--                       longer than the file; costs a Lua call and a body match per response)
-- When a thread runs out of tokens it stops; the rate is then computed over the time until the last thread stopped,
-- and the result says "exhausted" (prepare more tokens: BENCH_REFRESH_TOKENS).
local common = dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/common.lua")

setup = common.setup

local chain = os.getenv("BENCH_REFRESH_CHAIN") == "1"
local prefix = "grant_type=refresh_token&client_id=" .. common.urlencode(os.getenv("BENCH_CLIENT_ID") or "bench-app")
  .. "&refresh_token="
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }

local pool, harvested = {}, {}
local used = 0
started_at, exhausted_at, sent = nil, nil, 0

function init(args)
  local n = tonumber(os.getenv("BENCH_WRK_THREADS") or "1")
  local path = os.getenv("BENCH_TOKENS_FILE") or error("BENCH_TOKENS_FILE is not set")
  local line_no = 0
  for line in io.lines(path) do
    if line ~= "" then
      if line_no % n == thread_id then table.insert(pool, line) end
      line_no = line_no + 1
    end
  end
  started_at = common.now()
end

function request()
  local token
  if used < #pool then
    used = used + 1
    token = pool[used]
  elseif #harvested > 0 then
    token = table.remove(harvested)
  else
    if not exhausted_at then exhausted_at = common.now() end
    wrk.thread:stop()
    -- The thread is stopping; this request is never completed. An invalid token keeps it harmless.
    token = "exhausted"
  end
  sent = sent + 1
  return wrk.format("POST", nil, headers, prefix .. common.urlencode(token))
end

if chain or common.count_statuses then
  response = function(status, _, body)
    if common.count_statuses then common.count(status) end
    if chain and status == 200 then
      local token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
      if token then table.insert(harvested, token) end
    end
  end
end

function done(summary, latency, requests)
  common.done(summary, latency, function(result)
    -- A thread that ran out stopped early: the run lasted until the last thread stopped (or the full duration).
    local any, longest = false, 0
    for _, thread in ipairs(common.threads) do
      local s, e = thread:get("started_at"), thread:get("exhausted_at")
      if s and e then
        any = true
        longest = math.max(longest, e - s)
      else
        longest = result.duration_s
      end
    end
    result.chain = chain
    if any then
      result.exhausted = true
      result.duration_s = math.min(result.duration_s, longest)
    end
  end)
end
