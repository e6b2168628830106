# Shared by the scripts in sample-app/bench (sourced, not run): processes started here are killed on
# exit, output stays under sample-app/target/bench/<script>.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
APP_DIR=$(dirname "$BENCH_DIR")
REPO_DIR=$(dirname "$APP_DIR")
TARGET="$APP_DIR/target"
OUT="$TARGET/bench/$(basename "$0" .sh)"
APP_JAR=${APP_JAR:-$TARGET/sample-app.jar}
COST_PY="$BENCH_DIR/cost.py"
ZIPKIN_VERSION=3.4.2
ZIPKIN_JAR="$TARGET/bench/lib/zipkin-server-$ZIPKIN_VERSION-exec.jar"
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
mkdir -p "$OUT" "$TARGET/bench/lib"

# PINNED=1 (or a script's --pinned): every app on CPU $APP_CPU, wrk and Zipkin on CPU $LOAD_CPU, so the load
# generator and the collector's ingest do not take the app's CPU (a JVM on one CPU picks the Serial GC)
PINNED=${PINNED:-0}
APP_CPU=${APP_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
APP_TASKSET=()
LOAD_TASKSET=()
pin() {
  PINNED=1
  APP_TASKSET=(taskset -c "$APP_CPU")
  LOAD_TASKSET=(taskset -c "$LOAD_CPU")
}
if [[ $PINNED == 1 ]]; then pin; fi

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "# $*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# fetch_artifact group:artifact:version[:packaging[:classifier]] : copied from Maven Central into target/bench/lib
fetch_artifact() {
  # run where there is no pom, so the goal runs once and not in every module of the build
  (cd "$TARGET/bench/lib" && mvn -B -q -Dstyle.color=never dependency:copy -Dartifact="$1" -DoutputDirectory=. > /dev/null)
}

ensure_app_jar() {
  if [[ ! -f $APP_JAR ]]; then
    log "building $APP_JAR"
    (cd "$REPO_DIR" && mvn -B -q -Dstyle.color=never -pl sample-app -am -DskipTests package > /dev/null)
  fi
}

BRAVE_JAR="$TARGET/sample-app-brave.jar"
OTEL_VERSION=${OTEL_VERSION:-2.33.1}
OTEL_JAR="$TARGET/bench/lib/opentelemetry-javaagent-$OTEL_VERSION.jar"

# ensure_peer_jars VARIANT... : the sample app built with Micrometer Tracing + Brave (-Pbrave) when "brave" is
# among the variants, the OpenTelemetry agent from Maven Central when "otel" is, each when missing
ensure_peer_jars() {
  if [[ " $* " == *" brave "* && ! -f $BRAVE_JAR ]]; then
    log "building $BRAVE_JAR"
    (cd "$REPO_DIR" && mvn -B -q -Dstyle.color=never -pl sample-app -am -Pbrave -DskipTests package > /dev/null)
  fi
  if [[ " $* " == *" otel "* && ! -f $OTEL_JAR ]]; then
    fetch_artifact "io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_VERSION"
  fi
}

# wait_http URL [seconds]: until URL answers 2xx
wait_http() {
  local i
  for i in $(seq 1 $((${2:-120} * 4))); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.25
  done
  log "no answer from $1"; return 1
}

# start_zipkin PORT : a real Zipkin server on loopback, in-memory storage. Its heap is fixed and it stores at most
# $ZIPKIN_MAX_SPANS (20,000) spans: storing 100,000 in a growing heap, on the CPU it shares with wrk, it spent 6.8 s
# in 16 full collections and 11 s in young ones within 8 minutes, each stalling every POST for 0.3-0.5 s, and the
# apps' export queues overflowed while it did. Its span counter (zipkin_received) counts evicted spans too.
start_zipkin() {
  [[ -f $ZIPKIN_JAR ]] || fetch_artifact "io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec"
  ${LOAD_TASKSET[@]+"${LOAD_TASKSET[@]}"} java -Xms1g -Xmx1g -jar "$ZIPKIN_JAR" \
    --zipkin.storage.mem.max-spans="${ZIPKIN_MAX_SPANS:-20000}" \
    --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].port="$1" --armeria.ports[0].protocols=http \
    > "$OUT/zipkin.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$1/health" 120
}

# zipkin_received PORT : spans Zipkin's HTTP collector accepted so far
zipkin_received() {
  curl -s "http://127.0.0.1:$1/prometheus" \
    | awk '/^zipkin_collector_spans_total\{.*transport="http"/ { printf "%d\n", $NF; found=1 } END { if (!found) print 0 }'
}

# wait_stable COMMAND... : runs COMMAND every second until its output stops changing for 3 s
# (at least MIN_WAIT seconds, at most MAX_WAIT); prints the last output
wait_stable() {
  local last="" now same=0 waited=0
  while (( waited < ${MAX_WAIT:-30} )); do
    now=$("$@")
    if [[ $now == "$last" ]]; then same=$((same + 1)); else same=0; fi
    last=$now
    (( same >= 3 && waited >= ${MIN_WAIT:-0} )) && break
    sleep 1; waited=$((waited + 1))
  done
  echo "$last"
}

# start_app NAME HTTP_PORT GRPC_PORT [JVM options...] -- [app arguments...] : sets APP_PID; log in $OUT/NAME.log
# ($APP_ARGS: more app arguments for every app a script starts, e.g. APP_ARGS=--tracing.reporter.max-queue-size=2048)
start_app() {
  local name=$1 port=$2 grpc=$3 jar=$APP_JAR; shift 3
  local jvm=() args=()
  while (($#)); do [[ $1 == -- ]] && { shift; break; }; jvm+=("$1"); shift; done
  args=("$@")
  for a in "${jvm[@]}"; do [[ $a == -jar=* ]] && jar=${a#-jar=}; done
  local filtered=()
  for a in "${jvm[@]}"; do [[ $a == -jar=* ]] || filtered+=("$a"); done
  # the per-request INFO line of GreetingService is silenced in every variant: we measure tracing, not logging
  ${APP_TASKSET[@]+"${APP_TASKSET[@]}"} java $JAVA_OPTS ${filtered[@]+"${filtered[@]}"} -jar "$jar" --server.port="$port" --grpc.server.port="$grpc" \
    --spring.application.name="$name" --tracing.reporter.log-spans=false \
    --logging.level.io.traceandtrace.sample.GreetingService=warn \
    --management.endpoints.web.exposure.include=health,metrics --management.endpoint.health.show-details=always \
    ${args[@]+"${args[@]}"} ${APP_ARGS:-} > "$OUT/$name.log" 2>&1 &
  APP_PID=$!
  PIDS+=("$APP_PID")
}

# metric PORT NAME : a Micrometer meter's value (all tags summed), as an integer
metric() {
  curl -s "http://127.0.0.1:$1/actuator/metrics/$2" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(int(sum(m["value"] for m in d["measurements"] if m["statistic"] in ("COUNT","VALUE"))))' 2>/dev/null \
    || echo 0
}

# tracing_health PORT : the tracing health contributor's details on one line
tracing_health() {
  curl -s "http://127.0.0.1:$1/actuator/health" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps(d.get("components",{}).get("tracing",{}).get("details",{}), separators=(",",":")))' 2>/dev/null \
    || echo '{}'
}

# run_wrk NAME PORT SECONDS [CONNECTIONS] : wrk on /hello; sets REQS RPS P50 P99 (ms), ERRS; raw output in $OUT
run_wrk() {
  local file="$OUT/wrk-$1-$(date +%s%N).txt"
  ${LOAD_TASKSET[@]+"${LOAD_TASKSET[@]}"} wrk -t2 -c"${4:-8}" -d"$3s" --latency "http://127.0.0.1:$2/hello?name=bench" > "$file" 2>&1 || true
  read -r REQS RPS P50 P99 ERRS < <(awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / requests in / { reqs = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx|Socket errors/ { errs = errs " " $0 }
    END { gsub(/ /, "_", errs); printf "%d %.0f %.2f %.2f %s\n", reqs, rps, p50, p99, (errs == "" ? "-" : errs) }' "$file")
}

# load_average : the 1-minute load average and the count of runnable tasks, e.g. "4.62 3/412"
load_average() { awk '{ print $1, $4 }' /proc/loadavg; }

# zipkin_trace ZIPKIN_PORT SERVICE : "N: name(kind) ..." for the newest trace of a /hello request of SERVICE in Zipkin
# (not of the sample's scheduled job, whose traces the newest may be)
zipkin_trace() {
  curl -s "http://127.0.0.1:$1/api/v2/traces?serviceName=$2&limit=20&lookback=3600000" | python3 -c '
import json, sys
t = [trace for trace in json.load(sys.stdin) if any("/hello" in (s.get("name") or "") for s in trace)]
spans = t[0] if t else []
print("%d: %s" % (len(spans), ", ".join("%s(%s)" % (s.get("name"), s.get("kind", "-")) for s in spans)))' 2>/dev/null || echo "0: -"
}

# warm_up VARIANT (reads APP[VARIANT], PORT[VARIANT] and $zport): load for at least $WARMUP s, then on in 10 s
# steps until the JIT compiler threads took at most $JIT_QUIET % of the app's CPU in the last step (or $WARMUP_MAX s
# in all): measured runs then read the app's steady state, not its compilation (on one CPU the JIT took a third of
# the CPU after 60 s of load; the traced apps needed 160-190 s, the untraced one 115-145 s)
warm_up() {
  local v=$1 pid=${APP[$1]} start=$SECONDS jit0 all0 jit1 all1 share=100 before requests received
  before=$(zipkin_received "$zport")
  run_wrk "warmup-$v" "${PORT[$v]}" "${WARMUP:-40}"
  requests=$REQS
  while :; do
    read -r jit0 all0 < <(python3 "$COST_PY" jitcpu "$pid")
    run_wrk "warmup-$v" "${PORT[$v]}" 10
    probe "$v" > /dev/null
    requests=$(( requests + REQS ))
    read -r jit1 all1 < <(python3 "$COST_PY" jitcpu "$pid")
    share=$(( 100 * (jit1 - jit0) / (all1 - all0 + 1) ))
    (( share <= ${JIT_QUIET:-3} || SECONDS - start >= ${WARMUP_MAX:-300} )) && break
  done
  received=0; [[ $v != untraced && $v != none ]] && received=$(( $(MIN_WAIT=3 MAX_WAIT=60 wait_stable zipkin_received "$zport") - before ))
  log "warm-up $v: $(( SECONDS - start )) s, $RPS req/s at the end, JIT ${share}% of the app's CPU in the last 10 s;" \
      "Zipkin received $received spans for $requests requests"
}

# probe VARIANT : the app's count of spans started (0 where there is none), asked of every variant alike, in the
# warm-up too: a request to another endpoint just before a run changes the type profiles of the shared MVC and
# Tomcat code, and the JIT then recompiled the request path of the one variant asked (ours) inside its measured run
probe() {
  metric "${PORT[$1]}" jaeger.tracer.started.spans
}

# start_variant VARIANT HTTP_PORT GRPC_PORT SPANS_URL [JVM options...] : the sample app as VARIANT (start_app: sets
# APP_PID), every tracer sampling every request into the Zipkin at SPANS_URL, shaped by $SHAPE:
#   untraced  --tracing.enabled=false           ours      this starter, zipkin reporter
#   none      every span made, none sent        norecent  ours without the recent-traces store
#   proto3    ours, Zipkin's proto3 encoding    base      ours as built in $BASE_JAR (an A/B in one run)
#   brave     Micrometer Tracing + Brave        otel      the OpenTelemetry Java agent
#   any other name N for which ARGS_N is set: ours with those arguments added, e.g. ARGS_w3c="--tracing.propagation=w3c"
start_variant() {
  local v=$1 port=$2 grpc=$3 url=$4 extra; shift 4
  local ours=(--tracing.reporter.type=zipkin --tracing.reporter.endpoint="$url" --tracing.sampler.type=const
              --tracing.sampler.param=1)
  # shellcheck disable=SC2046 # shape's and ARGS_N's arguments are split on spaces
  case $v in
    untraced) start_app untraced "$port" "$grpc" "$@" -- --tracing.enabled=false ;;
    ours) start_app ours "$port" "$grpc" "$@" -- "${ours[@]}" $(shape ours) ;;
    none) start_app none "$port" "$grpc" "$@" -- --tracing.reporter.type=none --tracing.sampler.type=const \
            --tracing.sampler.param=1 $(shape ours) ;;
    norecent) start_app norecent "$port" "$grpc" "$@" -- "${ours[@]}" --tracing.recent.max-spans=0 $(shape ours) ;;
    proto3) start_app proto3 "$port" "$grpc" "$@" -- "${ours[@]}" --tracing.reporter.encoding=proto3 $(shape ours) ;;
    base) [[ -f ${BASE_JAR:-} ]] || { echo "variant base: set BASE_JAR to a sample-app jar" >&2; exit 2; }
          start_app base "$port" "$grpc" "$@" -jar="$BASE_JAR" -- "${ours[@]}" $(shape ours) ;;
    brave) start_app brave "$port" "$grpc" "$@" -jar="$BRAVE_JAR" -- --management.tracing.sampling.probability=1.0 \
            --management.zipkin.tracing.endpoint="$url" $(shape brave) ;;
    otel) start_app otel "$port" "$grpc" "$@" -javaagent:"$OTEL_JAR" -Dotel.traces.exporter=zipkin \
            -Dotel.exporter.zipkin.endpoint="$url" -Dotel.metrics.exporter=none -Dotel.logs.exporter=none \
            -Dotel.traces.sampler=always_on -Dotel.service.name=otel $(shape otel) -- --tracing.enabled=false ;;
    *) extra="ARGS_$v"
       [[ -n ${!extra:-} ]] || { echo "unknown variant $v (untraced ours none norecent proto3 base brave otel, or set ARGS_$v)" >&2; exit 2; }
       # shellcheck disable=SC2086 # ARGS_N holds several arguments, split on spaces
       start_app "$v" "$port" "$grpc" "$@" -- "${ours[@]}" ${!extra} $(shape ours) ;;
  esac
}

# SHAPE=3: every tracer makes only the three spans of issue 16's measure (HTTP server, gRPC client, gRPC server):
# no JDBC spans (ours, Brave's datasource-micrometer, the agent's JDBC instrumentation) and no @Traced span (ours).
# shape TRACER : the arguments that do it (ours and brave: app arguments; otel: JVM options), none by default
shape() {
  [[ ${SHAPE:-} == 3 ]] || return 0
  case $1 in
    ours) echo "--tracing.jdbc.enabled=false --tracing.traced.enabled=false" ;;
    brave) echo "--jdbc.datasource-proxy.enabled=false" ;;
    otel) echo "-Dotel.instrumentation.jdbc.enabled=false" ;;
  esac
}
