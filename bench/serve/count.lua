-- wrk: one request, the same for every route measured (`WRK_METHOD`, `WRK_BODY` from the
-- environment), counting every answer that is not 200. Each wrk thread has its own Lua state,
-- so the counts are gathered from the threads at the end. Every route runs this same script, so
-- that its cost is the same on each side of a ratio.
wrk.method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  failed = 0
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("failed")
  end
  io.write(string.format("answers other than 200: %d\n", total))
end
