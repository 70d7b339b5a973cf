-- wrk script for the fault run: submits referrals with unique idempotency keys and appends the
-- id of every referral the service acknowledged to BENCH_ACKED (one file per thread), so the
-- run can check afterwards that each acknowledged write is in the database.
local token = os.getenv("BENCH_TOKEN")
local prefix = os.getenv("BENCH_PREFIX") or "fault"
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  acked, failed = 0, 0
  out = io.open(os.getenv("BENCH_ACKED") .. "." .. id, "w")
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

function request()
  counter = counter + 1
  local b = string.format(
    '{"query":"mutation($i: SubmitReferralInput!) { submitReferral(input: $i) { referral { id } } }","variables":{"i":{"idempotencyKey":"%s-%d-%d","child":{"laReference":"%s-%d-%d","dateOfBirth":"2026-10-01","sex":"FEMALE","ethnicity":"WBRI","enteredCareOn":"2026-10-02"},"referredOn":"2026-10-03","proceedingsStage":"ISSUED","returnHomeUnlikely":true,"socialWorker":{"name":"Fault"}}}}',
    prefix, id, counter, prefix, id, counter)
  return wrk.format(nil, "/graphql", nil, b)
end

function response(status, headers, body)
  local referral = string.match(body, '"referral":{"id":"([^"]+)"')
  if status == 200 and referral and not string.find(body, '"errors"', 1, true) then
    acked = acked + 1
    out:write(referral, "\n")
    out:flush()
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local a, f = 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("acked")
    f = f + thread:get("failed")
  end
  io.write(string.format(
    '{"requests":%d,"acknowledged":%d,"failed":%d,"timeouts":%d,"connect_errors":%d,"max_ms":%.1f,"p99_ms":%.2f}\n',
    summary.requests, a, f, summary.errors.timeout, summary.errors.connect,
    latency.max / 1000, latency:percentile(99) / 1000))
end
