"""Helpers of cost.sh: per-thread counters from /proc, thread names from jcmd Thread.print, and the report.

  cost.py procstat PID                      one JSON line: process CPU ticks, per-thread CPU ns and context switches
  cost.py run OUT VARIANT ROUND BEFORE AFTER THREADS JFR_COUNTERS  one JSON line of per-run figures (appended by cost.sh)
  cost.py report OUT                        the tables
  cost.py jitcpu PID                        "JIT_NS ALL_NS": CPU so far of the JIT compiler threads and of all threads
"""
import json
import os
import re
import sys

POOLS = ["tomcat-exec", "tomcat-io", "grpc-executor", "grpc-netty", "our-export", "zipkin-reporter",
         "jdk-httpclient", "gc", "jit", "vm", "other", "gone"]


def pool(name):
    if name is None:
        return "gone"
    if name.startswith("http-nio-") and "-exec-" in name:
        return "tomcat-exec"
    if name.startswith("http-nio-"):
        return "tomcat-io"
    if name.startswith("grpc-default-executor"):
        return "grpc-executor"
    if "ELG" in name or name.startswith("grpc-nio") or name.startswith("grpc-default-worker"):
        return "grpc-netty"
    if name.startswith("traceandtrace-export"):
        return "our-export"
    if name.startswith("AsyncReporter"):
        return "zipkin-reporter"
    if name.startswith("HttpClient-"):
        return "jdk-httpclient"
    if name.startswith("GC Thread") or name.startswith("G1 ") or "GC" in name.split("#")[0]:
        return "gc"
    if "CompilerThread" in name or name.startswith("C1 ") or name.startswith("C2 "):
        return "jit"
    if name.startswith("VM "):
        return "vm"
    return "other"


def procstat(pid):
    with open("/proc/%s/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime + stime of the whole process, dead threads included
    tasks = {}
    for tid in os.listdir("/proc/%s/task" % pid):
        try:
            with open("/proc/%s/task/%s/schedstat" % (pid, tid)) as f:
                cpu_ns = int(f.read().split()[0])
            vol = nonvol = 0
            with open("/proc/%s/task/%s/status" % (pid, tid)) as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches"):
                        vol = int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches"):
                        nonvol = int(line.split()[1])
            tasks[tid] = [cpu_ns, vol, nonvol]
        except OSError:
            pass  # the thread ended while we read
    print(json.dumps({"ticks": ticks, "hz": os.sysconf("SC_CLK_TCK"), "tasks": tasks}))


def jitcpu(pid):
    jit = total = 0
    for tid in os.listdir("/proc/%s/task" % pid):
        try:
            with open("/proc/%s/task/%s/schedstat" % (pid, tid)) as f:
                cpu_ns = int(f.read().split()[0])
            with open("/proc/%s/task/%s/comm" % (pid, tid)) as f:
                name = f.read().strip()  # cut to 15 characters: "C2 CompilerThre"
        except OSError:
            continue  # the thread ended while we read
        total += cpu_ns
        if pool(name) == "jit":
            jit += cpu_ns
    print(jit, total)


def thread_names(path):
    names = {}
    for line in open(path, errors="replace"):
        m = re.match(r'^"(.*)" .*\bnid=(0x[0-9a-fA-F]+|\d+)', line)
        if m:
            nid = m.group(2)
            names[str(int(nid, 16) if nid.startswith("0x") else int(nid))] = m.group(1)
    return names


def run(out, variant, rnd, before, after, threads, counters, wrk_tsv):
    b = json.load(open(before))
    a = json.load(open(after))
    names = thread_names(threads)
    cpu, vol, nonvol = {}, {}, {}
    for tid, (c, v, n) in a["tasks"].items():
        p = pool(names.get(tid))
        c0, v0, n0 = b["tasks"].get(tid, [0, 0, 0])  # a thread born during the run counts from 0
        cpu[p] = cpu.get(p, 0) + c - c0
        vol[p] = vol.get(p, 0) + v - v0
        nonvol[p] = nonvol.get(p, 0) + n - n0
    gone = [t for t in b["tasks"] if t not in a["tasks"]]
    alloc, gc, jit = {}, {}, {}
    for line in open(counters):
        kind, key, value = line.rstrip("\n").split("\t")
        {"alloc": alloc, "gc": gc, "jit": jit}[kind][key] = float(value)
    reqs, rps, p50, p99, received, made, load = open(wrk_tsv).read().split()
    rec = {"variant": variant, "round": int(rnd), "requests": int(reqs), "rps": float(rps), "p50": float(p50),
           "p99": float(p99), "received": int(received), "made": int(made), "load": float(load),
           "cpu_ms_total": (a["ticks"] - b["ticks"]) * 1000.0 / a["hz"],
           "cpu_ns": cpu, "vol": vol, "nonvol": nonvol, "threads_gone": len(gone),
           "alloc": alloc, "gc": gc, "jit": jit}
    print(json.dumps(rec))


def read_sites(path):
    d = {"pool": {}, "group": {}, "ourgroup": {}, "ourframe": {}, "class": {}, "site": {},
         "cpugroup": {}, "cputracer": {}, "cpuframe": {}, "cpuleaf": {}}
    for line in open(path):
        parts = line.rstrip("\n").split("\t")
        if parts[0] in ("samples", "total", "ourtotal", "cpusamples"):
            d[parts[0]] = int(parts[1])
        elif parts[0] == "site":
            d["site"][parts[1] + "  @ " + parts[2]] = int(parts[3])
        else:
            d[parts[0]][parts[1]] = int(parts[2])
    return d


def report(out):
    runs = [json.loads(l) for l in open(os.path.join(out, "runs.jsonl")) if l.strip()]
    order = []
    for r in runs:
        if r["variant"] not in order:
            order.append(r["variant"])
    by = {v: [r for r in runs if r["variant"] == v] for v in order}
    base_rps = {r["round"]: r["rps"] for r in by.get("untraced", [])}

    def per_req(v, f):
        rs = by[v]
        return sum(f(r) for r in rs) / max(1, sum(r["requests"] for r in rs))

    def table(title, header, rows):
        print()
        print(title)
        widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
        fmt = "  ".join("%-" + str(w) + "s" if i == 0 else "%" + str(w) + "s" for i, w in enumerate(widths))
        print(fmt % tuple(header))
        for row in rows:
            print(fmt % tuple(row))

    rows = []
    for v in order:
        rs = by[v]
        ratios = [r["rps"] / base_rps[r["round"]] for r in rs if base_rps.get(r["round"])]
        rows.append([v, " ".join("%.0f" % r["rps"] for r in rs),
                     "1" if v == "untraced" else ("%.2f" % (sum(ratios) / len(ratios)) if ratios else "-"),
                     "%.2f" % per_req(v, lambda r: r["made"]) if v in ("ours", "base", "none") else "-",
                     "%.2f" % per_req(v, lambda r: r["received"]),
                     str(sum(r["received"] for r in rs)),
                     "%.0f" % (per_req(v, lambda r: r["alloc"].get("total", 0))),
                     "%.3f" % per_req(v, lambda r: r["cpu_ms_total"]),
                     "%.2f" % per_req(v, lambda r: sum(r["vol"].values()) + sum(r["nonvol"].values())),
                     "%.2f" % (1e4 * per_req(v, lambda r: r["gc"].get("count", 0))),
                     "%.1f" % (1e4 * per_req(v, lambda r: r["gc"].get("pause_ms", 0))),
                     "%.0f" % (sum(r["jit"].get("bytes", 0) for r in rs) / len(rs) / 1024),
                     " ".join("%.1f" % r["load"] for r in rs)])
    table("Per request, counters runs (sums over the runs / requests)",
          ["variant", "req/s per run", "vs untraced", "spans made/req", "received/req", "received", "B/req",
           "CPU ms/req", "ctx sw/req", "GCs/10k req", "GC pause ms/10k", "JIT KB/run", "load avg per run"], rows)

    pools = [p for p in POOLS if any(r["alloc"].get(p) for r in runs)]
    rows = [[v] + ["%.0f" % per_req(v, lambda r, p=p: r["alloc"].get(p, 0)) for p in pools]
            + ["%.0f" % per_req(v, lambda r: r["alloc"].get("total", 0))] for v in order]
    table("Bytes allocated per request, by thread pool (jdk.ThreadAllocationStatistics, start and end of each run)",
          ["variant"] + pools + ["total"], rows)

    pools = [p for p in POOLS if any(r["cpu_ns"].get(p) for r in runs)]
    rows = [[v] + ["%.1f" % (per_req(v, lambda r, p=p: r["cpu_ns"].get(p, 0)) / 1000) for p in pools]
            + ["%.1f" % (per_req(v, lambda r: sum(r["cpu_ns"].values())) / 1000),
               "%.1f" % (per_req(v, lambda r: r["cpu_ms_total"]) * 1000)] for v in order]
    table("CPU µs per request, by thread (/proc/PID/task/*/schedstat; 'process' from /proc/PID/stat, 10 ms ticks)",
          ["variant"] + pools + ["threads", "process"], rows)

    pools = [p for p in POOLS if any(r["vol"].get(p) or r["nonvol"].get(p) for r in runs)]
    rows = [[v] + ["%.2f/%.2f" % (per_req(v, lambda r, p=p: r["vol"].get(p, 0)),
                                  per_req(v, lambda r, p=p: r["nonvol"].get(p, 0))) for p in pools]
            + ["%.2f" % per_req(v, lambda r: sum(r["vol"].values()) + sum(r["nonvol"].values()))] for v in order]
    table("Context switches per request, voluntary/involuntary, by thread (/proc/PID/task/*/status)",
          ["variant"] + pools + ["total"], rows)
    gone = {v: sum(r["threads_gone"] for r in by[v]) for v in order}
    if any(gone.values()):
        print("threads that ended during a run (their switches and CPU not counted): %s" % gone)

    sites = {}
    for v in order:
        path = os.path.join(out, "sites-%s.tsv" % v)
        wrk = os.path.join(out, "sites-%s.wrk" % v)
        if os.path.exists(path) and os.path.exists(wrk):
            sites[v] = (read_sites(path), int(open(wrk).read().split()[0]))
    if not sites:
        return
    sv = [v for v in order if v in sites]

    def spr(v, kind, key):
        d, reqs = sites[v]
        return d[kind].get(key, 0) / max(1, reqs)

    rows = [[v, str(sites[v][0]["samples"]), str(sites[v][1]), "%.0f" % (sites[v][0]["total"] / max(1, sites[v][1])),
             "%.0f" % (sites[v][0].get("ourtotal", 0) / max(1, sites[v][1]))] for v in sv]
    table("Allocation sampling runs (jdk.ObjectAllocationSample, weights = bytes each sample stands for)",
          ["variant", "samples", "requests", "sampled B/req", "under a tracing frame B/req"], rows)

    groups = sorted({g for v in sv for g in sites[v][0]["group"]},
                    key=lambda g: -max(spr(v, "group", g) for v in sv))
    rows = [[g] + ["%.0f" % spr(v, "group", g) for v in sv]
            + (["%+.0f" % (spr("ours", "group", g) - spr("untraced", "group", g))] if "ours" in sv and "untraced" in sv else [])
            for g in groups]
    table("B/request by the code that allocated (first frame outside the JDK)",
          ["code"] + sv + (["ours - untraced"] if "ours" in sv and "untraced" in sv else []), rows)

    tv = [v for v in sv if v in ("ours", "base", "none")]
    if tv:
        groups = sorted({g for v in tv for g in sites[v][0]["ourgroup"]}, key=lambda g: -spr(tv[0], "ourgroup", g))
        rows = [[g] + ["%.0f" % spr(v, "ourgroup", g) for v in tv] for g in groups]
        table("Allocated under a tracing frame (io.traceandtrace.core/spring, io.jaegertracing), by the code that allocated",
              ["code"] + tv, rows)
        frames = sorted({g for v in tv for g in sites[v][0]["ourframe"]}, key=lambda g: -spr(tv[0], "ourframe", g))
        rows = [[g] + ["%.0f" % spr(v, "ourframe", g) for v in tv] for g in frames[:30]]
        table("... by the tracing frame closest to the allocation (top 30)", ["frame"] + tv, rows)

    cv = [v for v in sv if sites[v][0].get("cpusamples")]
    if cv:
        def share(v, kind, key):
            return "%.1f" % (100.0 * sites[v][0][kind].get(key, 0) / sites[v][0]["cpusamples"])
        rows = [[v, str(sites[v][0]["cpusamples"]), "%.2f" % (10.0 * sites[v][0]["cpusamples"] / max(1, sites[v][1]))]
                + [share(v, "cputracer", t) for t in ("ours", "brave/micrometer-tracing/zipkin2")] for v in cv]
        table("CPU samples of the sampling runs (jdk.ExecutionSample, every 10 ms of a thread running Java code)",
              ["variant", "samples", "sampled ms/req", "% with our frame on the stack", "% with Brave's or zipkin2's"], rows)
        groups = sorted({g for v in cv for g in sites[v][0]["cpugroup"]}, key=lambda g: -max(
            sites[v][0]["cpugroup"].get(g, 0) / sites[v][0]["cpusamples"] for v in cv))
        rows = [[g] + [share(v, "cpugroup", g) for v in cv] for g in groups]
        table("% of CPU samples by the code on top (first frame outside the JDK)", ["code"] + cv, rows)
        for v in [v for v in cv if v in ("ours", "base", "none")]:
            frames = sorted(sites[v][0]["cpuframe"], key=lambda g: -sites[v][0]["cpuframe"][g])
            rows = [[g, share(v, "cpuframe", g)] for g in frames[:20]]
            table("%% of %s's CPU samples by the tracing frame closest to the top (top 20)" % v, ["frame", v], rows)
        leaves = sorted({g for v in cv for g in sites[v][0]["cpuleaf"]}, key=lambda g: -max(
            sites[v][0]["cpuleaf"].get(g, 0) / sites[v][0]["cpusamples"] for v in cv))
        rows = [[g] + [share(v, "cpuleaf", g) for v in cv] for g in leaves[:20]]
        table("% of CPU samples by the method on top (top 20)", ["method"] + cv, rows)

    for traced in [v for v in ("ours", "none", "brave") if v in sv]:
        if "untraced" not in sv:
            break
        keys = set(sites[traced][0]["site"]) | set(sites["untraced"][0]["site"])
        diff = sorted(keys, key=lambda k: -(spr(traced, "site", k) - spr("untraced", "site", k)))
        rows = [[k, "%.0f" % spr(traced, "site", k), "%.0f" % spr("untraced", "site", k),
                 "%+.0f" % (spr(traced, "site", k) - spr("untraced", "site", k))] for k in diff[:25]]
        table("Top allocation sites, %s vs untraced (class allocated @ first frame outside the JDK), B/request" % traced,
              ["site", traced, "untraced", "difference"], rows)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "procstat":
        procstat(sys.argv[2])
    elif cmd == "run":
        run(*sys.argv[2:10])
    elif cmd == "jitcpu":
        jitcpu(sys.argv[2])
    elif cmd == "report":
        report(sys.argv[2])
