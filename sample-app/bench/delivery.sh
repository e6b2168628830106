#!/usr/bin/env bash
# Every span delivered under load? The sample app at 100% sampling, default flush interval and queue
# sizes, under wrk -c8 at full speed, into a real receiver: Zipkin (its own zipkin_collector_spans_total),
# a Jaeger collector endpoint or a Jaeger agent UDP socket (both decoding with jaeger-thrift's classes).
# Prints requests, spans started (the app's jaeger.tracer.started.spans), spans received, the ratio and
# the tracing health details. Target: >= 99.9% received.
# Usage: sample-app/bench/delivery.sh [zipkin|jaeger-http|jaeger-udp] [seconds] [rounds]
source "$(dirname "$0")/lib.sh"
reporter=${1:-zipkin}
seconds=${2:-15}
rounds=${3:-2}
ensure_app_jar

receiver_count=()
case $reporter in
  zipkin)
    zport=$(free_port)
    start_zipkin "$zport"
    target=(--tracing.reporter.endpoint="http://127.0.0.1:$zport/api/v2/spans")
    receiver_count=(zipkin_received "$zport")
    ;;
  jaeger-http|jaeger-udp)
    [[ -f $REPO_DIR/tracing-core/target/test-classes/io/traceandtrace/core/testing/JaegerReceiverRunner.class ]] \
      || (cd "$REPO_DIR" && mvn -B -q -Dstyle.color=never -pl tracing-core -DskipTests test-compile > /dev/null)
    cp_file="$TARGET/bench/lib/tracing-core-test.classpath"
    [[ -s $cp_file ]] || (cd "$REPO_DIR" && mvn -B -q -Dstyle.color=never -pl tracing-core dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" > /dev/null)
    cport=$(free_port)
    java -Xmx512m -cp "$REPO_DIR/tracing-core/target/test-classes:$(cat "$cp_file")" \
      io.traceandtrace.core.testing.JaegerReceiverRunner "${reporter#jaeger-}" "$cport" > "$OUT/receiver.out" 2> "$OUT/receiver.err" &
    PIDS+=($!)
    wait_http "http://127.0.0.1:$cport/count" 60
    where=$(head -1 "$OUT/receiver.out")
    if [[ $reporter == jaeger-http ]]; then
      target=(--tracing.reporter.endpoint="$where")
    else
      target=(--tracing.reporter.agent-host=127.0.0.1 --tracing.reporter.agent-port="$where")
    fi
    receiver_count=(curl -s "http://127.0.0.1:$cport/count")
    ;;
  *) echo "usage: $0 [zipkin|jaeger-http|jaeger-udp] [seconds] [rounds]" >&2; exit 2 ;;
esac

udp_errors() { awk '/^Udp:/ { if (++n == 2) print $6 }' /proc/net/snmp; } # RcvbufErrors: datagrams the kernel dropped
udp_before=$(udp_errors)

port=$(free_port); grpc=$(free_port)
start_app traced "$port" "$grpc" -- --tracing.reporter.type="$reporter" \
  --tracing.sampler.type=const --tracing.sampler.param=1 "${target[@]}"
wait_http "http://127.0.0.1:$port/actuator/health" 120
run_wrk warmup "$port" 5
total=$REQS

printf '%-12s %-6s %10s %8s %8s %8s %s\n' reporter round requests req/s p50_ms p99_ms errors
for round in $(seq 1 "$rounds"); do
  run_wrk "round$round" "$port" "$seconds"
  total=$((total + REQS))
  printf '%-12s %-6s %10d %8s %8s %8s %s\n' "$reporter" "$round" "$REQS" "$RPS" "$P50" "$P99" "$ERRS"
done

started=$(metric "$port" jaeger.tracer.started.spans)
received=$(MIN_WAIT=2 MAX_WAIT=60 wait_stable "${receiver_count[@]}")
echo
printf '%-12s %10s %14s %14s %9s\n' reporter requests spans_started spans_received received
printf '%-12s %10d %14d %14d %8.3f%%\n' "$reporter" "$total" "$started" "$received" \
  "$(python3 -c "print(100.0 * $received / max(1, $started))")"
echo "tracing health: $(tracing_health "$port")"
[[ $reporter == zipkin ]] && echo "one trace in Zipkin: $(zipkin_trace "$zport" traced)"
if [[ $reporter == jaeger-udp ]]; then
  echo "kernel UDP receive-buffer drops during the run (all sockets): $(( $(udp_errors) - udp_before )); $(cat "$OUT/receiver.err")"
fi
echo "log: WARN/ERROR lines $(grep -cE '^[^ ]+ +[^ ]+ +(WARN|ERROR)| (WARN|ERROR) ' "$OUT/traced.log" || true)"
