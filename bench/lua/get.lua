-- GET with an optional bearer token (env BEARER); good = 200 with the expected marker (env MARKER).
wrk.method = "GET"
local bearer = os.getenv("BEARER")
if bearer and #bearer > 0 then wrk.headers["Authorization"] = "Bearer " .. bearer end
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
common.install(os.getenv("MARKER"))
