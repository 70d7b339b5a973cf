-- wrk script: POSTs GraphQL operations with BENCH_TOKEN and counts responses whose body carries
-- GraphQL errors (they come with HTTP 200). Prints one JSON line of results at the end.
-- BENCH_MODE: fixed (BENCH_BODY every time), mix (the bodies in the file BENCH_MIX, one per line,
-- in turn; a body on several lines weighs more), submit or record (a write built per request).
-- BENCH_RATE: when set, the requests per second to send in all (each thread keeps its share
-- on a fixed schedule, as wrk2 does), for latency below saturation; unset, as fast as answered.
local token = os.getenv("BENCH_TOKEN")
local body = os.getenv("BENCH_BODY")
local mode = os.getenv("BENCH_MODE") or "fixed"
nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local sessions = {}
local mix = {}
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
  if mode == "mix" then
    for line in io.lines(os.getenv("BENCH_MIX")) do table.insert(mix, line) end
    -- Threads start at different places in the mix, so they do not move in step.
    counter = math.floor((id - 1) * #mix / nthreads)
  end
end

if rate > 0 then
  local ffi = require("ffi")
  ffi.cdef[[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *now);
  ]]
  local now = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, now) -- CLOCK_MONOTONIC
    return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
  end
  local interval = nthreads * 1000 / rate
  local next_at = nil
  -- Called by wrk before each request: wait for this thread's next slot. A thread that has
  -- fallen behind sends at once rather than piling up a backlog.
  function delay()
    local t = now_ms()
    if next_at == nil or next_at < t then next_at = t end
    local wait = next_at - t
    next_at = next_at + interval
    return math.floor(wait)
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
  if mode == "mix" then
    return wrk.format(nil, "/graphql", nil, mix[(counter - 1) % #mix + 1])
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
