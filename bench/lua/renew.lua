-- POST /api/auth/renew where every request is a fresh rotation: each thread keeps a queue of unused
-- refresh tokens (seeded from env RENEW_TOKENS, one list per thread), takes one per request and puts
-- back the one the response returns. With as many seeds as connections no token is ever sent twice.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
local queue = {}
function init(args)
  local all = {}
  for t in string.gmatch(os.getenv("RENEW_TOKENS"), "[^,]+") do table.insert(all, t) end
  local threads = tonumber(os.getenv("WRK_THREADS"))
  for i, t in ipairs(all) do if (i - 1) % threads == id - 1 then table.insert(queue, t) end end
end
function request()
  local token = table.remove(queue, 1)
  if token == nil then reused = (reused or 0) + 1; token = last end
  last = token
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, '{"refresh_token":"' .. token .. '"}')
end
function on_response(status, headers, body)
  local token = string.match(body, '"refresh_token"%s*:%s*"([^"]+)"')
  if token then table.insert(queue, token) end
end
local user_setup = setup
common.install('"refresh_token"')
local installed_setup = setup
setup = function(thread) user_setup(thread); installed_setup(thread) end
