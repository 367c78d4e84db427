-- wrk script: signed 10 KB GitHub push deliveries, each with a unique X-GitHub-Delivery.
-- The body is fixed, so its signature is computed once by run.sh and passed in SIGNATURE.
local body_file = io.open(os.getenv("BODY_FILE"), "rb")
local body = body_file:read("*a")
body_file:close()
local signature = os.getenv("SIGNATURE")
local counter = 0
next_thread_id = 0

function setup(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
end

function request()
  counter = counter + 1
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["X-GitHub-Event"] = "push"
  headers["X-GitHub-Delivery"] = string.format("bench-%d-%d-%d", os.time(), thread_id, counter)
  headers["X-Hub-Signature-256"] = signature
  return wrk.format("POST", "/webhooks/github", headers, body)
end

done = function(summary, latency, requests)
  local codes = {}
  io.write(string.format("requests=%d duration_s=%.2f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
