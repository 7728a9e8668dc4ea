-- Shared by the bench scripts: counts bad responses (not 200, or body without the expected marker)
-- across threads and prints one RESULT line: requests seconds p50_ms p99_ms bad socket_errors.
local M = {}
local threads = {}
function M.install(marker)
  function setup(thread) table.insert(threads, thread) end
  local user_init = init
  init = function(args) bad = 0; if user_init then user_init(args) end end
  function response(status, headers, body)
    if status ~= 200 or not string.find(body, marker, 1, true) then bad = bad + 1 end
    if on_response then on_response(status, headers, body) end
  end
  function done(summary, latency, requests)
    local b = 0
    for _, t in ipairs(threads) do b = b + t:get("bad") end
    local e = summary.errors
    io.write(string.format("RESULT %d %.3f %.3f %.3f %d %d\n", summary.requests, summary.duration / 1e6,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, b, e.connect + e.read + e.write + e.timeout))
  end
end
return M
