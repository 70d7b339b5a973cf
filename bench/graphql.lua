-- wrk script: POSTs one GraphQL operation (BENCH_BODY, or one built per request for writes),
-- with BENCH_TOKEN, and counts responses whose body carries GraphQL errors (they come with
-- HTTP 200). Prints one JSON line of results at the end.
local token = os.getenv("BENCH_TOKEN")
local body = os.getenv("BENCH_BODY")
local mode = os.getenv("BENCH_MODE") or "fixed"
nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
local sessions = {}
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  errors = 0
  responses = 0
  if mode == "record" then
    local file = io.open(os.getenv("BENCH_SESSIONS"), "r")
    local n = 0
    for line in file:lines() do
      n = n + 1
      -- Each thread records its own share, so no session is recorded twice.
      if n % nthreads == id - 1 then table.insert(sessions, line) end
    end
    file:close()
  end
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

function request()
  counter = counter + 1
  if mode == "submit" then
    local b = string.format(
      '{"query":"mutation($i: SubmitReferralInput!) { submitReferral(input: $i) { referral { id } } }","variables":{"i":{"idempotencyKey":"bench-%d-%d","child":{"laReference":"BENCH-%d-%d","dateOfBirth":"2026-10-01","sex":"FEMALE","ethnicity":"WBRI","enteredCareOn":"2026-10-02"},"referredOn":"2026-10-03","proceedingsStage":"ISSUED","returnHomeUnlikely":true,"socialWorker":{"name":"Bench"}}}}',
      id, counter, id, counter)
    return wrk.format(nil, "/graphql", nil, b)
  elseif mode == "record" then
    local session = sessions[counter]
    if session == nil then session = sessions[1] end
    local b = string.format(
      '{"query":"mutation($i: RecordContactSessionInput!) { recordContactSession(input: $i) { session { id } } }","variables":{"i":{"id":"%s","version":1,"outcome":"ATTENDED"}}}',
      session)
    return wrk.format(nil, "/graphql", nil, b)
  end
  return wrk.format(nil, "/graphql", nil, body)
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local errs, total = 0, 0
  for _, thread in ipairs(threads) do
    errs = errs + thread:get("errors")
    total = total + thread:get("responses")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"rps":%.1f,"p50_ms":%.2f,"p95_ms":%.2f,"p99_ms":%.2f,"errors":%d,"error_rate":%.4f}\n',
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errs, total > 0 and errs / total or 0))
end
