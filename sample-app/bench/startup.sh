#!/usr/bin/env bash
# Start-up cost of the starter: the sample app with --tracing.enabled=false and enabled (its default
# reporter), alternated, RUNS each: Spring's "Started SampleApplication in X seconds", the JVM's
# "process running for Y", the time to the first healthy answer and the CPU time the JVM used until
# then (user + system, all threads: far less disturbed than wall time by other work on the machine). Then one run each with
# -Xlog:class+load: classes loaded, and the packages only the traced run loads.
# Target: the starter adds <= 5%.
# Usage: sample-app/bench/startup.sh [runs]
source "$(dirname "$0")/lib.sh"
runs=${1:-5}
ensure_app_jar

one_start() { # NAME [JVM options...] -- [app arguments...] : prints started_s process_s healthy_s cpu_s
  local name=$1 port grpc t0 t1 cpu; shift
  port=$(free_port); grpc=$(free_port)
  t0=$(date +%s%N)
  start_app "$name" "$port" "$grpc" "$@"
  wait_http "http://127.0.0.1:$port/actuator/health" 180 || { kill "$APP_PID"; return 1; }
  t1=$(date +%s%N)
  cpu=$(awk -v tck="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / tck }' "/proc/$APP_PID/stat")
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  sed -nE 's/.*Started SampleApplication in ([0-9.]+) seconds \(process running for ([0-9.]+)\).*/\1 \2/p' "$OUT/$name.log" \
    | head -1 | tr '\n' ' '
  python3 -c "print('%.3f' % (($t1 - $t0) / 1e9), '$cpu')"
}

results="$OUT/results.tsv"; : > "$results"
printf '%-4s %-9s %10s %10s %10s %8s\n' run tracing started_s process_s healthy_s cpu_s
for i in $(seq 1 "$runs"); do
  for mode in disabled enabled; do
    if [[ $mode == disabled ]]; then flag=false; else flag=true; fi
    read -r s p h c < <(one_start "$mode-$i" -- --tracing.enabled=$flag)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$mode" "$s" "$p" "$h" "$c" >> "$results"
    printf '%-4s %-9s %10s %10s %10s %8s\n' "$i" "$mode" "$s" "$p" "$h" "$c"
  done
done
python3 - "$results" <<'PY'
import sys, statistics as st
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
col = lambda m, k: [float(r[k]) for r in rows if r[1] == m]
print()
for k, what in ((2, "Started ... in (s)"), (3, "process running for (s)"), (4, "first healthy answer (s)"),
                (5, "CPU until healthy (s)")):
    d, e = col("disabled", k), col("enabled", k)
    paired = [b / a - 1 for a, b in zip(d, e)]
    print("%-26s disabled median %.3f, enabled median %.3f: %+.1f%% (medians); paired per run %s" % (
        what, st.median(d), st.median(e), 100 * (st.median(e) / st.median(d) - 1),
        " ".join("%+.0f%%" % (100 * x) for x in paired)))
PY

echo
for mode in disabled enabled; do
  if [[ $mode == disabled ]]; then flag=false; else flag=true; fi
  one_start "classes-$mode" "-Xlog:class+load:file=$OUT/classes-$mode.txt" -- --tracing.enabled=$flag > /dev/null
  sed -nE 's/.*\] ([A-Za-z0-9_.$]+) source: .*/\1/p' "$OUT/classes-$mode.txt" | sort -u > "$OUT/classes-$mode.list"
done
echo "classes loaded: disabled $(wc -l < "$OUT/classes-disabled.list"), enabled $(wc -l < "$OUT/classes-enabled.list")"
echo "packages loaded only with tracing enabled (classes):"
comm -13 "$OUT/classes-disabled.list" "$OUT/classes-enabled.list" \
  | sed -E 's/\.[^.]+$//; s/^((io\.grpc|io\.netty|org\.springframework\.[a-z]+|io\.micrometer|org\.aspectj|[a-z]+\.[a-z]+)(\.[a-z0-9]+)?).*/\1/' \
  | sort | uniq -c | sort -rn | head -20
