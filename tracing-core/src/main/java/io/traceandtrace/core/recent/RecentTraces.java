package io.traceandtrace.core.recent;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.spi.Reporter;
import io.traceandtrace.core.settings.InvalidTracerSettingException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The most recent traces, kept in memory beside whatever reporter sends them elsewhere, for the
 * {@code traces} actuator endpoint and the trace page.
 *
 * <p>Bounded by spans and by bytes: when a span does not fit, whole traces go, the one
 * that received a span (or was looked up) longest ago first, so the traces kept are complete. A single trace that
 * alone would overflow the store keeps its first spans and counts the rest as dropped.
 *
 * <p>Each span is held as one byte array ({@link SpanBytes}), so a full store is a few objects per trace with
 * nothing inside for the collector to trace: spans that outlive young collections cost it little to copy and
 * promote. The byte bound counts those arrays and each trace's entry, the memory actually held. Queries decode
 * what they read.
 *
 * <p>Thread-safe. {@link #report} encodes the span outside the lock and holds the lock only to
 * link it in and evict; queries copy references under the lock and decode outside it.
 */
public final class RecentTraces implements Reporter {

    /** Default bound on spans held. */
    public static final int DEFAULT_MAX_SPANS = 10_000;
    /** Default bound on the bytes held. */
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

    /** What a trace's entry costs besides its spans: map entry, id, list and its array (compressed references). */
    private static final int TRACE_BYTES = 256;

    private final int maxSpans;
    private final long maxBytes;

    // access order: a trace that just received a span becomes the newest, so eviction spares live traces
    private final LinkedHashMap<String, Trace> traces = new LinkedHashMap<>(64, 0.75f, true); // guarded by this
    private int spans; // guarded by this
    private long bytes; // guarded by this

    /**
     * @param maxSpans spans held at most; 0 keeps nothing
     * @param maxBytes bytes held at most; 0 keeps nothing
     * @throws InvalidTracerSettingException when a bound is negative (settings {@code recent.max-spans}, {@code recent.max-bytes})
     */
    public RecentTraces(int maxSpans, long maxBytes) {
        if (maxSpans < 0) {
            throw new InvalidTracerSettingException("recent.max-spans", maxSpans, "expected 0 (off) or more spans");
        }
        if (maxBytes < 0) {
            throw new InvalidTracerSettingException("recent.max-bytes", maxBytes, "expected 0 (off) or more bytes");
        }
        this.maxSpans = maxSpans;
        this.maxBytes = maxBytes;
    }

    /** Whether anything is kept: both bounds above 0. */
    public boolean enabled() {
        return maxSpans > 0 && maxBytes > 0;
    }

    @Override
    public void report(JaegerSpan jaegerSpan) {
        if (!enabled()) {
            return;
        }
        String traceId = jaegerSpan.context().getTraceId();
        byte[] span = SpanBytes.encode(jaegerSpan);
        int size = SpanBytes.heldBytes(span);
        synchronized (this) {
            Trace trace = traces.get(traceId);
            if (trace == null) {
                trace = new Trace();
                traces.put(traceId, trace);
            }
            if (trace.spans.size() + 1 > maxSpans || trace.bytes + size > maxBytes) {
                trace.dropped++;
                if (trace.spans.isEmpty()) {
                    traces.remove(traceId);
                }
                return;
            }
            if (trace.spans.isEmpty()) {
                bytes += trace.bytes; // the entry itself, once the trace holds a span
            }
            trace.spans.add(span);
            trace.bytes += size;
            spans++;
            bytes += size;
            // the newest trace fits alone, so this stops before reaching it
            Iterator<Trace> oldestFirst = traces.values().iterator();
            while (spans > maxSpans || bytes > maxBytes) {
                Trace oldest = oldestFirst.next();
                oldestFirst.remove();
                spans -= oldest.spans.size();
                bytes -= oldest.bytes;
            }
        }
    }

    /** The matching traces, newest start first. */
    public TraceListing find(TraceQuery query) {
        Map<String, Trace> snapshot = snapshot();
        int held = 0;
        List<TraceSummary> matching = new ArrayList<>();
        for (Map.Entry<String, Trace> entry : snapshot.entrySet()) {
            Trace trace = entry.getValue();
            held += trace.spans.size();
            List<RecentSpan> spans = decode(entry.getKey(), trace.spans);
            if (matches(spans, query)) {
                matching.add(summary(entry.getKey(), spans, trace.dropped));
            }
        }
        matching.sort(Comparator.comparingLong(TraceSummary::startMicros).reversed());
        List<TraceSummary> page = List.copyOf(matching.subList(0, Math.min(query.limit(), matching.size())));
        return new TraceListing(enabled(), snapshot.size(), held, page);
    }

    /**
     * One whole trace, its spans in tree order.
     *
     * @param traceId hex, either case, with or without leading zeros
     */
    public Optional<TraceView> trace(String traceId) {
        String key = normalize(traceId);
        if (key == null) {
            return Optional.empty();
        }
        List<byte[]> encoded;
        int dropped;
        synchronized (this) {
            Trace trace = traces.get(key);
            if (trace == null) {
                return Optional.empty();
            }
            encoded = List.copyOf(trace.spans);
            dropped = trace.dropped;
        }
        List<RecentSpan> held = decode(key, encoded);
        TraceSummary summary = summary(key, held, dropped);
        return Optional.of(new TraceView(summary.traceId(), summary.rootOperation(), summary.rootService(),
                summary.startMicros(), summary.durationMicros(), summary.spanCount(), summary.errorCount(),
                summary.services(), dropped, treeOrder(held)));
    }

    /** Spans held now. */
    public synchronized int spanCount() {
        return spans;
    }

    /** Bytes held now: the spans' arrays and the traces' entries. */
    public synchronized long byteCount() {
        return bytes;
    }

    public synchronized void clear() {
        traces.clear();
        spans = 0;
        bytes = 0;
    }

    @Override
    public void close() {
        // nothing to send
    }

    @Override
    public String toString() {
        return "RecentTraces{maxSpans=" + maxSpans + ", maxBytes=" + maxBytes + '}';
    }

    private synchronized Map<String, Trace> snapshot() {
        Map<String, Trace> copy = new LinkedHashMap<>(traces.size() * 2);
        traces.forEach((id, trace) -> copy.put(id, trace.copy()));
        return copy;
    }

    private static List<RecentSpan> decode(String traceId, List<byte[]> spans) {
        List<RecentSpan> decoded = new ArrayList<>(spans.size());
        for (byte[] span : spans) {
            decoded.add(SpanBytes.decode(traceId, span));
        }
        return decoded;
    }

    private static boolean matches(List<RecentSpan> spans, TraceQuery query) {
        if (query.errorsOnly() && spans.stream().noneMatch(RecentSpan::error)) {
            return false;
        }
        if (query.minDuration() != null && duration(spans) * 1000 < query.minDuration().toNanos()) {
            return false;
        }
        return query.text() == null || spans.stream().anyMatch(span -> span.mentions(query.text()));
    }

    private static long duration(List<RecentSpan> spans) {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (RecentSpan span : spans) {
            start = Math.min(start, span.startMicros());
            end = Math.max(end, span.endMicros());
        }
        return end - start;
    }

    private static TraceSummary summary(String traceId, List<RecentSpan> spans, int dropped) {
        Set<String> ids = new HashSet<>();
        Set<String> services = new LinkedHashSet<>();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        int errors = 0;
        for (RecentSpan span : spans) {
            ids.add(span.spanId());
            start = Math.min(start, span.startMicros());
            end = Math.max(end, span.endMicros());
            errors += span.error() ? 1 : 0;
        }
        RecentSpan root = null;
        for (RecentSpan span : spans) {
            services.add(span.serviceName());
            boolean isRoot = span.parentId() == null || !ids.contains(span.parentId());
            if (isRoot && (root == null || span.startMicros() < root.startMicros())) {
                root = span;
            }
        }
        return new TraceSummary(traceId, root.operationName(), root.serviceName(), start, end - start,
                spans.size(), errors, List.copyOf(services), dropped);
    }

    /** Each span followed by its children (depth first), siblings and roots by start time. */
    static List<RecentSpan> treeOrder(List<RecentSpan> spans) {
        Comparator<RecentSpan> byStart = Comparator.comparingLong(RecentSpan::startMicros);
        Set<String> ids = new HashSet<>();
        spans.forEach(span -> ids.add(span.spanId()));
        Map<String, List<RecentSpan>> children = new HashMap<>();
        List<RecentSpan> roots = new ArrayList<>();
        for (RecentSpan span : spans) {
            if (span.parentId() == null || !ids.contains(span.parentId())) {
                roots.add(span);
            } else {
                children.computeIfAbsent(span.parentId(), id -> new ArrayList<>()).add(span);
            }
        }
        roots.sort(byStart);
        children.values().forEach(list -> list.sort(byStart));
        List<RecentSpan> ordered = new ArrayList<>(spans.size());
        ArrayList<RecentSpan> stack = new ArrayList<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            stack.add(roots.get(i));
        }
        Set<String> seen = new HashSet<>();
        while (!stack.isEmpty()) {
            RecentSpan span = stack.remove(stack.size() - 1);
            if (!seen.add(span.spanId())) {
                continue; // a repeated span id must not loop
            }
            ordered.add(span);
            List<RecentSpan> kids = children.getOrDefault(span.spanId(), List.of());
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.add(kids.get(i));
            }
        }
        return List.copyOf(ordered);
    }

    /** Jaeger's form of a trace id: 16 hex digits, or 32 for a 128-bit id; null when not hex. */
    static String normalize(String traceId) {
        if (traceId == null) {
            return null;
        }
        String id = traceId.strip().toLowerCase(Locale.ROOT);
        if (id.isEmpty() || id.length() > 32 || !id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return null;
        }
        int width = id.length() <= 16 ? 16 : 32;
        return "0".repeat(width - id.length()) + id;
    }

    private static final class Trace {
        final List<byte[]> spans;
        long bytes;
        int dropped;

        Trace() {
            this.spans = new ArrayList<>(8);
            this.bytes = TRACE_BYTES;
        }

        private Trace(List<byte[]> spans, int dropped) {
            this.spans = spans;
            this.dropped = dropped;
        }

        Trace copy() {
            return new Trace(List.copyOf(spans), dropped);
        }
    }
}
