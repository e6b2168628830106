import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one JFR recording of a cost.sh run and prints tab-separated figures (run with
 * {@code java sample-app/bench/JfrCost.java counters|sites FILE}; a single-file program, no build):
 * <ul>
 * <li>counters: bytes each thread allocated during the recording ({@code jdk.ThreadAllocationStatistics}
 * at its start and end), summed by thread pool; GC count and pause time; JIT compilations and bytes;</li>
 * <li>sites: the sampled allocations ({@code jdk.ObjectAllocationSample}, weighted by the bytes each
 * sample stands for; a thread's first sample, which stands for what it allocated before the recording too, is
 * left out) by thread pool, by the code that allocated (the first frame outside the JDK), by the
 * tracing frame responsible (the frame of io.traceandtrace.core/spring or io.jaegertracing closest to
 * the allocation, unless it only passes the call on: a filter chain, an AOP proceed, a gRPC forwarder),
 * and the top sites (class allocated, first frame outside the JDK); and the CPU samples
 * ({@code jdk.ExecutionSample}) by the code on top, by whether a tracer's frame is on the stack, by our
 * tracing frame closest to the top and by the method on top.</li>
 * </ul>
 */
public class JfrCost {

    public static void main(String[] args) throws Exception {
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[1]));
        switch (args[0]) {
            case "counters" -> counters(events);
            case "sites" -> sites(events);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static String pool(RecordedThread thread) {
        if (thread == null) {
            return "vm";
        }
        String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        return pool(name);
    }

    static String pool(String name) {
        if (name == null) {
            return "other";
        }
        if (name.startsWith("http-nio-") && name.contains("-exec-")) return "tomcat-exec";
        if (name.startsWith("http-nio-")) return "tomcat-io";
        if (name.startsWith("grpc-default-executor")) return "grpc-executor";
        if (name.contains("ELG") || name.startsWith("grpc-nio") || name.startsWith("grpc-default-worker")) return "grpc-netty";
        if (name.startsWith("traceandtrace-export")) return "our-export";
        if (name.startsWith("AsyncReporter")) return "zipkin-reporter";
        if (name.startsWith("HttpClient-")) return "jdk-httpclient";
        return "other";
    }

    static void counters(List<RecordedEvent> events) {
        Map<Long, Long> first = new HashMap<>();
        Map<Long, Long> last = new HashMap<>();
        Map<Long, String> pools = new HashMap<>();
        Instant start = null;
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().equals("jdk.ThreadAllocationStatistics")
                    && (start == null || e.getStartTime().isBefore(start))) {
                start = e.getStartTime();
            }
        }
        long gcCount = 0, jitCount = 0, jitBytes = 0;
        double gcPauseMs = 0;
        Map<String, Long> gcNames = new LinkedHashMap<>();
        for (RecordedEvent e : events) {
            switch (e.getEventType().getName()) {
                case "jdk.ThreadAllocationStatistics" -> {
                    RecordedThread t = e.getThread("thread");
                    if (t == null) {
                        continue;
                    }
                    long id = t.getId();
                    long allocated = e.getLong("allocated");
                    pools.put(id, pool(t));
                    // a thread first seen after the start was born during the run: it counts from 0
                    if (e.getStartTime().equals(start)) {
                        first.merge(id, allocated, Math::min);
                    } else {
                        first.putIfAbsent(id, 0L);
                    }
                    last.merge(id, allocated, Math::max);
                }
                case "jdk.GarbageCollection" -> {
                    gcCount++;
                    gcPauseMs += e.getDuration("sumOfPauses").toNanos() / 1e6;
                    gcNames.merge(e.getString("name"), 1L, Long::sum);
                }
                case "jdk.Compilation" -> {
                    jitCount++;
                    jitBytes += e.getLong("codeSize");
                }
                default -> {
                }
            }
        }
        Map<String, Long> byPool = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<Long, Long> l : last.entrySet()) {
            long delta = Math.max(0, l.getValue() - first.getOrDefault(l.getKey(), 0L));
            byPool.merge(pools.get(l.getKey()), delta, Long::sum);
            total += delta;
        }
        System.out.println("alloc\ttotal\t" + total);
        byPool.forEach((p, b) -> System.out.println("alloc\t" + p + "\t" + b));
        System.out.println("gc\tcount\t" + gcCount);
        System.out.printf("gc\tpause_ms\t%.3f%n", gcPauseMs);
        gcNames.forEach((n, c) -> System.out.println("gc\tname:" + n + "\t" + c));
        System.out.println("jit\tcount\t" + jitCount);
        System.out.println("jit\tbytes\t" + jitBytes);
    }

    static boolean jdk(String type) {
        return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.") || type.startsWith("com.sun.");
    }

    static boolean ours(String type) {
        return type.startsWith("io.traceandtrace.core.") || type.startsWith("io.traceandtrace.spring.")
                || type.startsWith("io.jaegertracing.");
    }

    /** The group of code a frame belongs to. */
    static String group(String type) {
        if (type.startsWith("io.traceandtrace.sample.")) return "sample-app";
        if (type.startsWith("io.traceandtrace.")) return "io.traceandtrace";
        if (type.startsWith("io.jaegertracing.")) return "io.jaegertracing";
        if (type.startsWith("io.opentracing.")) return "io.opentracing";
        if (type.startsWith("org.springframework.aop.") || type.startsWith("org.springframework.cglib.")) return "spring-aop";
        if (type.startsWith("org.springframework.")) return "spring";
        if (type.startsWith("org.apache.catalina.") || type.startsWith("org.apache.coyote.")
                || type.startsWith("org.apache.tomcat.")) return "tomcat";
        if (type.startsWith("io.grpc.netty.shaded.") || type.startsWith("io.netty.")) return "netty";
        if (type.startsWith("io.grpc.")) return "grpc";
        if (type.startsWith("net.devh.")) return "net.devh";
        if (type.startsWith("brave.") || type.startsWith("io.micrometer.tracing.")) return "brave/micrometer-tracing";
        if (type.startsWith("zipkin2.")) return "zipkin-reporter";
        if (type.startsWith("io.micrometer.")) return "micrometer";
        if (type.startsWith("ch.qos.logback.") || type.startsWith("org.slf4j.")) return "logging";
        if (type.startsWith("com.fasterxml.")) return "jackson";
        if (jdk(type)) return "jdk";
        return "other";
    }

    /** Calls an interceptor only passes on: what runs below them is the application's, not the interceptor's. */
    static boolean passThrough(String type, String method) {
        if (method.equals("doFilter") || method.equals("proceed") || method.equals("invokeJoinpoint")) {
            return true;
        }
        if (type.startsWith("io.grpc.") && (type.contains("Forwarding") || method.equals("newCall")
                || method.equals("startCall") || method.equals("interceptCall"))) {
            return true;
        }
        return false;
    }

    static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    static void sites(List<RecordedEvent> events) {
        Map<String, Long> byPool = new LinkedHashMap<>();
        Map<String, Long> byGroup = new HashMap<>();
        Map<String, Long> byOurGroup = new HashMap<>();
        Map<String, Long> byOurFrame = new HashMap<>();
        Map<String, Long> bySite = new HashMap<>();
        Map<String, Long> byClass = new HashMap<>();
        long total = 0, samples = 0, ourTotal = 0;
        Map<String, Long> cpuByGroup = new HashMap<>();
        Map<String, Long> cpuByTracer = new HashMap<>();
        Map<String, Long> cpuByOurFrame = new HashMap<>();
        Map<String, Long> cpuByLeaf = new HashMap<>();
        long cpuSamples = 0;
        Set<Long> sampledThreads = new HashSet<>();
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().equals("jdk.ExecutionSample")) {
                cpuSamples++;
                cpu(e, cpuByGroup, cpuByTracer, cpuByOurFrame, cpuByLeaf);
                continue;
            }
            if (!e.getEventType().getName().equals("jdk.ObjectAllocationSample")) {
                continue;
            }
            // a thread's first sample stands for all it allocated since its last sample, before the recording
            // too (seen: one sample of 280 MB on a gRPC thread): the recording's figures start after it
            RecordedThread thread = e.getThread("eventThread");
            if (thread != null && sampledThreads.add(thread.getId())) {
                continue;
            }
            long weight = e.getLong("weight");
            String cls = e.getClass("objectClass").getName();
            samples++;
            total += weight;
            byPool.merge(pool(e.getThread("eventThread")), weight, Long::sum);
            byClass.merge(cls, weight, Long::sum);
            RecordedStackTrace st = e.getStackTrace();
            List<RecordedFrame> frames = st != null ? st.getFrames() : List.of();
            RecordedFrame site = null;
            for (RecordedFrame f : frames) {
                if (f.isJavaFrame() && !jdk(f.getMethod().getType().getName())) {
                    site = f;
                    break;
                }
            }
            String siteGroup = site != null ? group(site.getMethod().getType().getName()) : "jdk";
            byGroup.merge(siteGroup, weight, Long::sum);
            String siteName = site != null ? name(site) + ":" + site.getLineNumber() : "(jdk only)";
            bySite.merge(cls + "\t" + siteName, weight, Long::sum);
            // the tracing frame closest to the allocation, unless its callee only passes the call on
            for (int i = 0; i < frames.size(); i++) {
                RecordedFrame f = frames.get(i);
                if (!f.isJavaFrame() || !ours(f.getMethod().getType().getName())) {
                    continue;
                }
                RecordedFrame callee = i > 0 ? frames.get(i - 1) : null;
                if (callee != null && passThrough(callee.getMethod().getType().getName(), callee.getMethod().getName())) {
                    break;
                }
                ourTotal += weight;
                byOurGroup.merge(siteGroup, weight, Long::sum);
                byOurFrame.merge(name(f), weight, Long::sum);
                break;
            }
        }
        System.out.println("samples\t" + samples);
        System.out.println("total\t" + total);
        System.out.println("ourtotal\t" + ourTotal);
        byPool.forEach((p, b) -> System.out.println("pool\t" + p + "\t" + b));
        byGroup.forEach((g, b) -> System.out.println("group\t" + g + "\t" + b));
        byOurGroup.forEach((g, b) -> System.out.println("ourgroup\t" + g + "\t" + b));
        byOurFrame.forEach((g, b) -> System.out.println("ourframe\t" + g + "\t" + b));
        byClass.forEach((g, b) -> System.out.println("class\t" + g + "\t" + b));
        bySite.forEach((g, b) -> System.out.println("site\t" + g + "\t" + b));
        System.out.println("cpusamples\t" + cpuSamples);
        cpuByGroup.forEach((g, b) -> System.out.println("cpugroup\t" + g + "\t" + b));
        cpuByTracer.forEach((g, b) -> System.out.println("cputracer\t" + g + "\t" + b));
        cpuByOurFrame.forEach((g, b) -> System.out.println("cpuframe\t" + g + "\t" + b));
        cpuByLeaf.forEach((g, b) -> System.out.println("cpuleaf\t" + g + "\t" + b));
    }

    /**
     * One CPU sample: the code on top (the first frame outside the JDK), whether a tracer's frame is on the
     * stack (ours, or Brave's and Micrometer Tracing's, or zipkin2's) and, for ours, the tracing frame
     * closest to the top, as for allocations; and the method on top, JDK frames included.
     */
    static void cpu(RecordedEvent e, Map<String, Long> byGroup, Map<String, Long> byTracer,
                    Map<String, Long> byOurFrame, Map<String, Long> byLeaf) {
        RecordedStackTrace st = e.getStackTrace();
        List<RecordedFrame> frames = st != null ? st.getFrames() : List.of();
        String top = "jdk";
        for (RecordedFrame f : frames) {
            if (f.isJavaFrame() && !jdk(f.getMethod().getType().getName())) {
                top = group(f.getMethod().getType().getName());
                break;
            }
        }
        byGroup.merge(top, 1L, Long::sum);
        if (!frames.isEmpty()) {
            byLeaf.merge(name(frames.get(0)), 1L, Long::sum);
        }
        String tracer = "none";
        for (int i = 0; i < frames.size(); i++) {
            String type = frames.get(i).getMethod().getType().getName();
            if (ours(type)) {
                RecordedFrame callee = i > 0 ? frames.get(i - 1) : null;
                if (callee != null && passThrough(callee.getMethod().getType().getName(), callee.getMethod().getName())) {
                    break;
                }
                tracer = "ours";
                byOurFrame.merge(name(frames.get(i)), 1L, Long::sum);
                break;
            }
            if (type.startsWith("brave.") || type.startsWith("io.micrometer.tracing.") || type.startsWith("zipkin2.")) {
                tracer = "brave/micrometer-tracing/zipkin2";
                break;
            }
        }
        byTracer.merge(tracer, 1L, Long::sum);
    }
}
