-- client_credentials POST (form body from env WRK_BODY). A response counts as good only when it is
-- HTTP 200 with an access_token: errors are never counted as speed.
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
common.install('"access_token"')
