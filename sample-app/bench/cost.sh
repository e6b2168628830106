#!/usr/bin/env bash
# The whole per-request cost of tracing, in measures that other load on the machine distorts little:
# bytes allocated per request (total and by thread pool), CPU time and context switches per request (by
# thread), GC per 10,000 requests, JIT work, then the allocation sites of each variant (JFR allocation
# samples with stack traces) grouped by the code that allocated and by the tracing frame responsible.
# Variants, side by side, at 100% sampling into one real Zipkin: those of start_variant in lib.sh (untraced, ours,
# none, norecent, proto3, base: ours as built in $BASE_JAR for an A/B in one run, brave, otel, and any name N with
# ARGS_N set: ours with those arguments, e.g. ARGS_nojdbc="--tracing.jdbc.enabled=false"). Runs are alternated, each round starting one variant
# later; throughput and the spans Zipkin received are printed beside every run.
# Pinned by default (PINNED=0 to turn off): the apps on CPU $APP_CPU (1), wrk and Zipkin on CPU $LOAD_CPU (0).
# Usage: sample-app/bench/cost.sh [seconds] [rounds] [variants]     e.g. cost.sh 20 2 "untraced ours none brave"
# WARMUP (s, per variant, default 40; then on until the JIT is quiet: JIT_QUIET, default 3 (% of the app's CPU),
# WARMUP_MAX, default 300 s), SHAPE=3 (each tracer makes only the 3 spans of issue 16: see shape in lib.sh),
# SITES=0 (skip the allocation-sampling runs), SITES_SECONDS (their length, default: seconds), SITES_RATE (JFR's
# throttle, default 1000/s) and SITES_CPU_PERIOD (JFR's execution sampling period in those runs, default 10 ms;
# 1 ms for a finer CPU profile) are read from the environment.
: "${PINNED:=1}"
source "$(dirname "$0")/lib.sh"
seconds=${1:-20}
rounds=${2:-2}
variants=(${3:-untraced ours none brave})
ensure_app_jar
ensure_peer_jars "${variants[@]}"
JFR_COST="$BENCH_DIR/JfrCost.java"
mkdir -p "$OUT/jfr" "$OUT/proc"
rm -f "$OUT"/runs.jsonl "$OUT"/sites-*.tsv "$OUT"/sites-*.wrk

cat > "$OUT/counters.jfc" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="cost.sh counters">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">everyChunk</setting></event>
  <event name="jdk.GarbageCollection"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
  <event name="jdk.Compilation"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
</configuration>
XML
cat > "$OUT/sites.jfc" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="cost.sh allocation sites">
  <event name="jdk.ObjectAllocationSample"><setting name="enabled">true</setting><setting name="throttle">${SITES_RATE}</setting><setting name="stackTrace">true</setting></event>
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">everyChunk</setting></event>
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">${SITES_CPU_PERIOD}</setting></event>
</configuration>
XML
sed -i "s|\${SITES_RATE}|${SITES_RATE:-1000/s}|; s|\${SITES_CPU_PERIOD}|${SITES_CPU_PERIOD:-10 ms}|" "$OUT/sites.jfc"

zport=$(free_port)
start_zipkin "$zport"
spans_url="http://127.0.0.1:$zport/api/v2/spans"
declare -A PORT APP
jfr_opts=(-XX:FlightRecorderOptions:stackdepth=128)
for v in "${variants[@]}"; do
  PORT[$v]=$(free_port); grpc=$(free_port)
  start_variant "$v" "${PORT[$v]}" "$grpc" "$spans_url" "${jfr_opts[@]}"
  APP[$v]=$APP_PID
done
for v in "${variants[@]}"; do wait_http "http://127.0.0.1:${PORT[$v]}/actuator/health" 600; done
log "pinned: $PINNED${APP_TASKSET[*]:+ (apps: ${APP_TASKSET[*]}, wrk and Zipkin: ${LOAD_TASKSET[*]})}; load average: $(load_average)"
# JFR's first start in a JVM instruments the JDK's I/O classes, which throws away the compiled code of the whole
# request path: have it happen before the warm-up, not in the first measured run
jfr_init() {
  jcmd "${APP[$1]}" JFR.start name=init settings="$OUT/counters.jfc" filename="$OUT/jfr/init-$1.jfr" > /dev/null
  jcmd "${APP[$1]}" JFR.stop name=init > /dev/null
}
for v in "${variants[@]}"; do jfr_init "$v"; warm_up "$v"; done
MIN_WAIT=6 wait_stable zipkin_received "$zport" > /dev/null

# measure NAME VARIANT SETTINGS : one wrk run with a JFR recording and /proc counters around it; leaves
# $OUT/jfr/NAME.jfr, $OUT/proc/NAME.{before,after,threads} and $OUT/proc/NAME.wrk (requests rps p50 p99 received made load)
measure() {
  local name=$1 v=$2 settings=$3 pid=${APP[$2]} length=${4:-$seconds} before made load received
  jcmd "$pid" JFR.start name=cost settings="$OUT/$settings.jfc" filename="$OUT/jfr/$name.jfr" > /dev/null
  made=$(probe "$v")
  before=$(zipkin_received "$zport")
  load=$(load_average); load=${load%% *}
  python3 "$COST_PY" procstat "$pid" > "$OUT/proc/$name.before"
  run_wrk "$name" "${PORT[$v]}" "$length"
  sleep 3 # the last flush of the export thread and of Brave's reporter (1 s interval) belongs to the run
  python3 "$COST_PY" procstat "$pid" > "$OUT/proc/$name.after"
  jcmd "$pid" JFR.stop name=cost > /dev/null
  jcmd "$pid" Thread.print > "$OUT/proc/$name.threads"
  made=$(( $(probe "$v") - made ))
  case $v in
    untraced|none) received=$(( $(zipkin_received "$zport") - before )) ;;
    *) received=$(( $(MIN_WAIT=3 MAX_WAIT=60 wait_stable zipkin_received "$zport") - before )) ;;
  esac
  echo "$REQS $RPS $P50 $P99 $received $made $load" > "$OUT/proc/$name.wrk"
}

printf '%-6s %-9s %9s %8s %8s %8s %9s %9s %6s %s\n' round variant requests req/s p50_ms p99_ms received made load errors
for round in $(seq 1 "$rounds"); do
  shift_by=$(( (round - 1) % ${#variants[@]} ))
  for v in "${variants[@]:shift_by}" "${variants[@]:0:shift_by}"; do
    name="$v-$round"
    measure "$name" "$v" counters
    java "$JFR_COST" counters "$OUT/jfr/$name.jfr" > "$OUT/proc/$name.counters"
    python3 "$COST_PY" run "$OUT" "$v" "$round" "$OUT/proc/$name.before" "$OUT/proc/$name.after" \
      "$OUT/proc/$name.threads" "$OUT/proc/$name.counters" "$OUT/proc/$name.wrk" >> "$OUT/runs.jsonl"
    read -r reqs rps p50 p99 received made load < "$OUT/proc/$name.wrk"
    printf '%-6s %-9s %9d %8s %8s %8s %9d %9d %6s %s\n' "$round" "$v" "$reqs" "$rps" "$p50" "$p99" "$received" "$made" "$load" "$ERRS"
  done
done

if [[ ${SITES:-1} == 1 ]]; then
  for v in "${variants[@]}"; do
    measure "sites-$v" "$v" sites "${SITES_SECONDS:-$seconds}"
    java "$JFR_COST" sites "$OUT/jfr/sites-$v.jfr" > "$OUT/sites-$v.tsv"
    cp "$OUT/proc/sites-$v.wrk" "$OUT/sites-$v.wrk"
    read -r reqs rps p50 p99 received made load < "$OUT/sites-$v.wrk"
    printf '%-6s %-9s %9d %8s %8s %8s %9d %9d %6s %s\n' sites "$v" "$reqs" "$rps" "$p50" "$p99" "$received" "$made" "$load" "$ERRS"
  done
fi

python3 "$COST_PY" report "$OUT" | tee "$OUT/report.txt"
echo
echo "pinned: $PINNED; JVM: $JAVA_OPTS; wrk -t2 -c8 ${seconds}s per run; load average now: $(load_average); $(nproc) CPUs"
[[ -n ${PORT[ours]:-} ]] && echo "ours, tracing health: $(tracing_health "${PORT[ours]}")"
true
