-- The same form POST on every request (client_credentials, password, introspection).
-- Environment: BENCH_BODY (the form, already url-encoded), BENCH_AUTHORIZATION (optional Authorization header value, e.g. "Basic <base64 id:secret>").
local common = dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/common.lua")

wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or ""
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local authorization = os.getenv("BENCH_AUTHORIZATION")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end

setup = common.setup
if common.count_statuses then
  response = function(status) common.count(status) end
end
function done(summary, latency, requests) common.done(summary, latency) end
