-- wrk: POST the example uplink for decoding; counts every answer that is not 200 (each wrk
-- thread has its own Lua state, so the counts are gathered from the threads at the end).
wrk.method = "POST"
wrk.body = '{"hex": "000000000100320100000000"}'
wrk.headers["Content-Type"] = "application/json"

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
