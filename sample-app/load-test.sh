#!/usr/bin/env bash
# Load test of the sample app at 100% sampling: heap after GC per round, latency, and whether every
# started span was finished (no span or scope left open). Needs wrk (apt-get install wrk) and the jar
# from `mvn -B -DskipTests install`. Usage: sample-app/load-test.sh [rounds] [seconds-per-round]
# Baseline without tracing: EXTRA_ARGS=--tracing.enabled=false sample-app/load-test.sh
# Spans made but not sent: REPORTER=none sample-app/load-test.sh
set -euo pipefail
rounds=${1:-3}
seconds=${2:-60}
cd "$(dirname "$0")"
port=18080
grpc_port=19090
log=target/load-test.log
java -Xmx256m -jar target/sample-app.jar --server.port=$port --grpc.server.port=$grpc_port \
  --tracing.reporter.type="${REPORTER:-jaeger-udp}" --tracing.reporter.log-spans=false \
  --management.endpoints.web.exposure.include=health,metrics ${EXTRA_ARGS:-} > "$log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
for _ in $(seq 1 90); do
  curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break
  sleep 1
done
heap_after_gc() {
  jcmd "$app" GC.run >/dev/null
  sleep 1
  jcmd "$app" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+'
}
metric() {
  curl -s "http://127.0.0.1:$port/actuator/metrics/$1${2:+?tag=$2}" | grep -oE '"value":[0-9.E]+' | head -1 | cut -d: -f2
}
wrk -t2 -c16 -d10s "http://127.0.0.1:$port/hello?name=warmup" >/dev/null
echo "heap after GC, after warm-up: $(heap_after_gc) KB"
for round in $(seq 1 "$rounds"); do
  echo "--- round $round: wrk -t2 -c16 -d${seconds}s /hello"
  wrk -t2 -c16 -d"${seconds}s" --latency "http://127.0.0.1:$port/hello?name=load" | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx|Socket errors' || true
  echo "heap after GC: $(heap_after_gc) KB"
done
started=$(metric jaeger.tracer.started.spans)
finished=$(metric jaeger.tracer.finished.spans)
echo "spans started: $started, finished: $finished"
echo "reporter: sent $(metric jaeger.tracer.reporter.spans result:ok), failed $(metric jaeger.tracer.reporter.spans result:err), dropped $(metric jaeger.tracer.reporter.spans result:dropped)"
