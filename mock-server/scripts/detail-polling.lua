-- wrk script: GET the detail of the tasks in $A2E_IDS round-robin, with the token in $A2E_TOKEN.
-- Used by measure-detail-polling.sh.
local ids = {}
for line in io.lines(os.getenv("A2E_IDS")) do
  ids[#ids + 1] = line
end
local token = os.getenv("A2E_TOKEN")
local counter = 0

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end

function init(args)
  n = offset
end

function request()
  n = n + 1
  local id = ids[(n % #ids) + 1]
  return wrk.format("GET", "/api/v1/userImage2Video/" .. id, { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  io.write(string.format("wrk: %d requests, %.0f requests/s, non-2xx/3xx %d, socket errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("wrk latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
