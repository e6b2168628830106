#!/usr/bin/env bash
# A collector that refuses, one that hangs (accepts, never answers) and a Jaeger agent that is absent:
# per cause, a healthy app (zipkin reporter into a real Zipkin) and a failing one, started together and
# warmed alike, requests alternating between them from one client, 100% sampling. Prints latency (mean,
# p50, p99) of both and the WARN/ERROR and stack-trace lines each app logged during the window, per
# minute. "control" pairs two healthy apps: the difference it shows is the noise of the measurement.
# Target: latency unchanged, at most one log line per minute per cause.
# Usage: sample-app/bench/outage.sh [seconds-per-cause] [causes]   e.g. outage.sh 60 "control refused hung udp-absent"
source "$(dirname "$0")/lib.sh"
seconds=${1:-60}
causes=(${2:-control refused hung udp-absent})
ensure_app_jar

zport=$(free_port)
start_zipkin "$zport"
hung_port=$(free_port)
python3 - "$hung_port" > "$OUT/hung.log" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(128)
held = []
while True:          # accept, never read, never answer
    c, _ = s.accept(); held.append(c)
PY
PIDS+=($!)
refused_port=$(free_port)   # nothing listens here
udp_port=$(free_port)       # nor here (UDP)

common=(--tracing.sampler.type=const --tracing.sampler.param=1)
healthy=(--tracing.reporter.type=zipkin --tracing.reporter.endpoint="http://127.0.0.1:$zport/api/v2/spans")
declare -A PORT
for c in "${causes[@]}"; do
  PORT[healthy-$c]=$(free_port)
  start_app "healthy-$c" "${PORT[healthy-$c]}" "$(free_port)" -- "${common[@]}" "${healthy[@]}"
  PORT[$c]=$(free_port)
  case $c in
    control) start_app control "${PORT[$c]}" "$(free_port)" -- "${common[@]}" "${healthy[@]}" ;;
    refused) start_app refused "${PORT[$c]}" "$(free_port)" -- "${common[@]}" --tracing.reporter.type=zipkin \
               --tracing.reporter.endpoint="http://127.0.0.1:$refused_port/api/v2/spans" ;;
    hung) start_app hung "${PORT[$c]}" "$(free_port)" -- "${common[@]}" --tracing.reporter.type=zipkin \
            --tracing.reporter.endpoint="http://127.0.0.1:$hung_port/api/v2/spans" ;;
    udp-absent) start_app udp-absent "${PORT[$c]}" "$(free_port)" -- "${common[@]}" --tracing.reporter.type=jaeger-udp \
                  --tracing.reporter.agent-host=127.0.0.1 --tracing.reporter.agent-port="$udp_port" ;;
    *) echo "unknown cause $c (control refused hung udp-absent)" >&2; exit 2 ;;
  esac
done
for k in "${!PORT[@]}"; do wait_http "http://127.0.0.1:${PORT[$k]}/actuator/health" 180; done
for k in "${!PORT[@]}"; do run_wrk "warmup-$k" "${PORT[$k]}" "${WARMUP:-15}"; done

# lines since the byte offset: WARN/ERROR entries, stack-trace lines, and the distinct WARN/ERROR messages
log_lines() { # FILE OFFSET
  tail -c +"$(($2 + 1))" "$1" > "$OUT/window.tmp"
  echo "$(grep -cE ' (WARN|ERROR) \[' "$OUT/window.tmp" || true) $(grep -cE '^\s+at |^Caused by: |^\s+\.\.\. [0-9]+ more' "$OUT/window.tmp" || true)"
}

printf '%-11s %-8s %8s %8s %8s %8s %10s %10s\n' cause app requests mean_ms p50_ms p99_ms warn+err/min stack/min
for c in "${causes[@]}"; do
  off_h=$(stat -c %s "$OUT/healthy-$c.log"); off_f=$(stat -c %s "$OUT/$c.log")
  python3 - "${PORT[healthy-$c]}" "${PORT[$c]}" "$seconds" > "$OUT/latency-$c.txt" <<'PY'
import http.client, statistics as st, sys, time
ports, end = sys.argv[1:3], time.time() + float(sys.argv[3])
conns = {p: http.client.HTTPConnection("127.0.0.1", int(p), timeout=30) for p in ports}
lat = {p: [] for p in ports}
i = 0
while time.time() < end:
    order = ports if i % 2 == 0 else ports[::-1]   # alternate who goes first
    for p in order:
        t = time.perf_counter()
        conns[p].request("GET", "/hello?name=outage"); r = conns[p].getresponse(); r.read()
        lat[p].append((time.perf_counter() - t) * 1000 if r.status == 200 else float("inf"))
    i += 1
for p in ports:
    xs = sorted(lat[p]); q = lambda f: xs[min(len(xs) - 1, int(f * len(xs)))]
    print(len(xs), "%.2f" % st.mean(xs), "%.2f" % q(0.5), "%.2f" % q(0.99))
PY
  { read -r n_h mean_h p50_h p99_h; read -r n_f mean_f p50_f p99_f; } < "$OUT/latency-$c.txt"
  read -r w_h s_h < <(log_lines "$OUT/healthy-$c.log" "$off_h")
  read -r w_f s_f < <(log_lines "$OUT/$c.log" "$off_f")
  tail -c +"$((off_f + 1))" "$OUT/$c.log" | grep -E ' (WARN|ERROR) \[' | cut -c1-400 > "$OUT/warnings-$c.txt" || true
  per_min() { python3 -c "print('%.1f' % ($1 * 60 / $seconds))"; }
  printf '%-11s %-8s %8s %8s %8s %8s %10s %10s\n' "$c" healthy "$n_h" "$mean_h" "$p50_h" "$p99_h" "$(per_min "$w_h")" "$(per_min "$s_h")"
  printf '%-11s %-8s %8s %8s %8s %8s %10s %10s\n' "$c" failing "$n_f" "$mean_f" "$p50_f" "$p99_f" "$(per_min "$w_f")" "$(per_min "$s_f")"
  sed 's/^/    /' "$OUT/warnings-$c.txt"
  echo "    health: $(tracing_health "${PORT[$c]}")"
done
