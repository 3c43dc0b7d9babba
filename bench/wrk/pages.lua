-- wrk script: GET the paths listed in $BENCH_PATHS (one a line, drawn at random) with the
-- session cookie in $BENCH_COOKIE; prints one JSON line of results when done.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if line ~= "" then table.insert(paths, line) end
end
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["Accept-Language"] = "fr-FR"

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() + (seed or 0))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "rps": %.1f, "p50_ms": %.1f, "p95_ms": %.1f, '
      .. '"p99_ms": %.1f, "max_ms": %.1f, "errors": %d, "non_2xx_3xx": %d, "timeouts": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, e.status, e.timeout))
end
