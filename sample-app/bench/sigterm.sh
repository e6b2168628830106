#!/usr/bin/env bash
# A shutdown that really flushes: the sample app (zipkin reporter, 100% sampling, flush interval 60 s so
# nothing leaves on the timer) under wrk -c8, then SIGTERM: "after" = at once when the load ends, "during"
# = while wrk still runs. Counts what the app queued (its final tally line: sent + dropped), what it had
# started just before the kill, and what the real Zipkin received. Target: >= 99.9% of the spans reach Zipkin.
# Usage: sample-app/bench/sigterm.sh [seconds] [rounds]   (each round: one "after", one "during")
source "$(dirname "$0")/lib.sh"
seconds=${1:-8}
rounds=${2:-2}
ensure_app_jar
zport=$(free_port)
start_zipkin "$zport"

printf '%-6s %-7s %9s %13s %11s %12s %9s %9s %8s %9s\n' round kill requests started_pre sent_tally dropped_tally received recv/sent close_ms exit
one_run() { # ROUND MODE
  local round=$1 mode=$2 name="app-$1-$2" port grpc before received tally sent dropped close_ms code started
  port=$(free_port); grpc=$(free_port)
  before=$(zipkin_received "$zport")
  start_app "$name" "$port" "$grpc" -- --tracing.reporter.type=zipkin \
    --tracing.reporter.endpoint="http://127.0.0.1:$zport/api/v2/spans" \
    --tracing.sampler.type=const --tracing.sampler.param=1 --tracing.reporter.flush-interval=60s
  local app=$APP_PID
  wait_http "http://127.0.0.1:$port/actuator/health" 120
  if [[ $mode == after ]]; then
    run_wrk "$name" "$port" "$seconds"
    started=$(metric "$port" jaeger.tracer.started.spans)
    kill -TERM "$app"
  else
    run_wrk "$name" "$port" "$seconds" &
    local wrk_job=$!
    sleep "$((seconds - 2))"
    started=$(metric "$port" jaeger.tracer.started.spans)
    kill -TERM "$app"
    wait "$wrk_job" || true
    REQS=$(awk '/ requests in / { print $1 }' "$(ls -t "$OUT"/wrk-"$name"-*.txt | head -1)")
  fi
  code=0; wait "$app" || code=$?
  received=$(( $(MIN_WAIT=2 wait_stable zipkin_received "$zport") - before ))
  tally=$(grep -o 'Span export to .* closed in .*' "$OUT/$name.log" | tail -1)
  close_ms=$(sed -E 's/.* closed in ([0-9]+) ms.*/\1/' <<< "$tally")
  sent=$(sed -E 's/.*: ([0-9]+) spans sent in all.*/\1/' <<< "$tally")
  dropped=$(sed -E 's/.*sent in all, ([0-9]+) dropped.*/\1/' <<< "$tally")
  printf '%-6s %-7s %9s %13s %11s %12s %9s %8.3f%% %8s %9s\n' "$round" "$mode" "${REQS:-?}" "$started" "$sent" "$dropped" \
    "$received" "$(python3 -c "print(100.0 * $received / max(1, ${sent:-0} + ${dropped:-0}))")" "$close_ms" "$code"
  echo "    $tally"
}
for round in $(seq 1 "$rounds"); do
  one_run "$round" after
  one_run "$round" during
done
echo "recv/sent = spans received by Zipkin / spans the app queued (sent + dropped in its final tally)"
