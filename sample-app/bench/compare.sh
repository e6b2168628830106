#!/usr/bin/env bash
# Throughput of the same app untraced, with this starter, with Micrometer Tracing + Brave and with the
# OpenTelemetry Java agent, all at 100% sampling into one real Zipkin. The four apps run side by side;
# wrk -c8 runs are alternated (untraced, ours, brave, otel, then ours, brave, otel, untraced, ...); after each run the script waits
# for the senders to drain and counts the spans Zipkin received (delta of zipkin_collector_spans_total).
# Variant "none": this starter making every span and sending none (--tracing.reporter.type=none); it and
# "untraced" do not wait for the collector (their received count is read at once, and should be 0).
# --pinned (or PINNED=1): the apps on CPU $APP_CPU (1), wrk and Zipkin on CPU $LOAD_CPU (0), with taskset.
# Each variant is first warmed until its JIT is quiet (warm_up in lib.sh: at least $WARMUP s, default 40, then until
# the compiler threads take at most $JIT_QUIET % of its CPU for 10 s, at most $WARMUP_MAX s): a fixed warm-up left
# the traced apps compiling in their measured runs. SHAPE=3: every tracer makes only the 3 spans of issue 16's
# measure (HTTP server, gRPC client, gRPC server; see shape in lib.sh). Variants: those of start_variant in lib.sh,
# e.g. ARGS_grpcobs="--management.tracing.grpc.enabled=true" for ours with net.devh's gRPC observations kept.
# Builds target/sample-app-brave.jar (-Pbrave) and fetches the agent from Maven Central when missing.
# Usage: sample-app/bench/compare.sh [--pinned] [seconds] [rounds] [variants]
#   e.g. compare.sh 10 3 "untraced ours"; compare.sh --pinned 10 2 "untraced ours none brave otel"
source "$(dirname "$0")/lib.sh"
if [[ ${1:-} == --pinned ]]; then pin; shift; fi
seconds=${1:-10}
rounds=${2:-2}
variants=(${3:-untraced ours none brave otel})
ensure_app_jar
ensure_peer_jars "${variants[@]}"

zport=$(free_port)
start_zipkin "$zport"
spans_url="http://127.0.0.1:$zport/api/v2/spans"
declare -A PORT APP
for v in "${variants[@]}"; do
  PORT[$v]=$(free_port); grpc=$(free_port)
  start_variant "$v" "${PORT[$v]}" "$grpc" "$spans_url"
  APP[$v]=$APP_PID
done
for v in "${variants[@]}"; do wait_http "http://127.0.0.1:${PORT[$v]}/actuator/health" 600; done
for v in "${variants[@]}"; do warm_up "$v"; done
MIN_WAIT=6 wait_stable zipkin_received "$zport" > /dev/null

results="$OUT/results.tsv"
: > "$results"; : > "$OUT/per-trace.tsv"; : > "$OUT/traces.txt"
log "pinned: $PINNED${APP_TASKSET[*]:+ (apps: ${APP_TASKSET[*]}, wrk and Zipkin: ${LOAD_TASKSET[*]})}; load average at start: $(load_average)"
printf '%-6s %-9s %9s %8s %8s %8s %10s %10s %10s %s\n' round variant requests req/s p50_ms p99_ms received spans/req load errors
for round in $(seq 1 "$rounds"); do
  # each round starts with the next variant, so no variant always runs right after the same one
  shift_by=$(( (round - 1) % ${#variants[@]} ))
  for v in "${variants[@]:shift_by}" "${variants[@]:0:shift_by}"; do
    before=$(zipkin_received "$zport")
    load=$(load_average); load=${load%% *}
    run_wrk "$v-$round" "${PORT[$v]}" "$seconds"
    case $v in
      untraced|none) received=$(( $(zipkin_received "$zport") - before )) ;; # nothing to wait for
      *) received=$(( $(MIN_WAIT=6 MAX_WAIT=60 wait_stable zipkin_received "$zport") - before )) ;;
    esac
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$v" "$REQS" "$RPS" "$P50" "$P99" "$received" "$load" >> "$results"
    # one trace, read now: Zipkin's in-memory store drops the oldest spans past 100,000
    if [[ $v != untraced && $v != none ]] && ! grep -q "^$v"$'\t' "$OUT/per-trace.tsv"; then
      trace=$(zipkin_trace "$zport" "$v")
      echo "$v: $trace" >> "$OUT/traces.txt"
      printf '%s\t%s\n' "$v" "${trace%%:*}" >> "$OUT/per-trace.tsv"
    fi
    printf '%-6s %-9s %9d %8s %8s %8s %10d %10.2f %10s %s\n' "$round" "$v" "$REQS" "$RPS" "$P50" "$P99" "$received" \
      "$(python3 -c "print($received / max(1, $REQS))")" "$load" "$ERRS"
  done
done

# spans one request makes, from one trace in Zipkin
echo
sed 's/^/one trace of /' "$OUT/traces.txt"
echo
python3 - "$results" "$OUT/per-trace.tsv" "$PINNED" <<'PY'
import sys, statistics as st
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
per_trace = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if l.strip())
by = {}
for r, v, reqs, rps, p50, p99, rec, load in rows:
    by.setdefault(v, []).append((int(r), int(reqs), float(rps), float(p50), float(p99), int(rec)))
base = {r: rps for r, _, rps, *_ in by.get("untraced", [])}
print("%-9s %9s %-22s %-22s %13s %15s %10s %8s %8s" % ("variant", "req/s", "per round", "vs untraced", "spans/trace",
      "delivered/req", "received", "p50_ms", "p99_ms"))
for v, runs in by.items():
    mean = st.mean(x[2] for x in runs)
    ratios = [x[2] / base[x[0]] for x in runs if x[0] in base and base[x[0]] > 0]
    ratio = "%.2f (%s)" % (st.mean(ratios), " ".join("%.2f" % q for q in ratios)) if v != "untraced" and ratios else "1"
    spans = per_trace.get(v, "-")
    delivered = sum(x[5] for x in runs) / max(1, sum(x[1] for x in runs))
    print("%-9s %9.0f %-22s %-22s %13s %7.2f (%s) %10d %8.2f %8.2f" % (v, mean, " ".join("%.0f" % x[2] for x in runs),
          ratio, spans, delivered, ("%.1f%%" % (100 * delivered / int(spans)) if spans not in ("-", "0") else "-"),
          sum(x[5] for x in runs), st.mean(x[3] for x in runs), st.mean(x[4] for x in runs)))
print("vs untraced: mean of the per-round ratios (each round's run / that round's untraced run); received: spans Zipkin"
      " counted (zipkin_collector_spans_total) during the variant's runs; pinned: %s" % sys.argv[3])
PY
[[ -n ${PORT[ours]:-} ]] && echo "ours, tracing health: $(tracing_health "${PORT[ours]}")"
true
