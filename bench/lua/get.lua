-- GET of the URL given to wrk (headers such as Authorization come from wrk -H).
local common = dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/common.lua")

setup = common.setup
if common.count_statuses then
  response = function(status) common.count(status) end
end
function done(summary, latency, requests) common.done(summary, latency) end
