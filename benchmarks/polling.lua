-- wrk script of benchmarks/wrk-polling.sh: sends the requests of the file A2E_REQUESTS round robin,
-- one per line "METHOD PATH [BODY]", with the bearer token of A2E_TOKEN.
local requests = {}
local next_request = 0

init = function(args)
  local headers = {
    ["Authorization"] = "Bearer " .. os.getenv("A2E_TOKEN"),
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/json",
  }
  for line in io.lines(os.getenv("A2E_REQUESTS")) do
    local method, path, body = line:match("^(%S+) (%S+) ?(.*)$")
    if body == "" then body = nil end
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
end

request = function()
  next_request = next_request % #requests + 1
  return requests[next_request]
end
