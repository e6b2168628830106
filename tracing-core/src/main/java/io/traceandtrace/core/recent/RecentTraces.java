package io.traceandtrace.core.recent;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.spi.Reporter;
import io.traceandtrace.core.settings.InvalidTracerSettingException;

import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.function.LongSupplier;

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
 * <p>New traces are taken in at most {@code maxTracesPerSecond} a second: a span of a trace already held always
 * goes in, a span of a trace not held starts one while the second's allowance lasts, and a trace turned away is
 * remembered (by a bit of its id, for one to two seconds) so that its later spans are turned away too, not kept
 * as a trace with holes. At high request rates the store then holds a steady sample of whole traces from the last
 * seconds, rather than every trace of the last fraction of a second, and the spans it does not keep cost neither
 * the encoding nor the garbage collector's copying while they would have been held.
 *
 * <p>Thread-safe. {@link #report} encodes the span outside the lock and holds the lock only to
 * decide whether it goes in, to link it in and to evict; queries copy references under the lock and decode outside it.
 */
public final class RecentTraces implements Reporter {

    /** Default bound on spans held. */
    public static final int DEFAULT_MAX_SPANS = 10_000;
    /** Default bound on the bytes held. */
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
    /** Default bound on the new traces taken in a second. */
    public static final int DEFAULT_MAX_TRACES_PER_SECOND = 100;

    private static final long SECOND_NANOS = 1_000_000_000L;
    /** Bits of the memory of turned-away traces, in each of two generations (one second each): 8 KB a generation. */
    private static final int REFUSED_BITS = 1 << 16;

    /** What a trace's entry costs besides its spans: map entry, id, list and its array (compressed references). */
    private static final int TRACE_BYTES = 256;

    private final int maxSpans;
    private final long maxBytes;
    private final int maxTracesPerSecond;
    private final LongSupplier nanoTime;

    // access order: a trace that just received a span becomes the newest, so eviction spares live traces
    private final LinkedHashMap<String, Trace> traces = new LinkedHashMap<>(64, 0.75f, true); // guarded by this
    private int spans; // guarded by this
    private long bytes; // guarded by this
    // the allowance of new traces: the second it counts in, and how many it took in so far
    private long secondStart; // guarded by this
    private int takenThisSecond; // guarded by this
    // traces turned away this second and the one before, one bit each (a colliding new trace is turned away too)
    private long[] refusedNow = new long[REFUSED_BITS / 64]; // guarded by this
    private long[] refusedBefore = new long[REFUSED_BITS / 64]; // guarded by this
    private long refusedSpans; // guarded by this

    /**
     * A store with no bound on the new traces taken in a second.
     *
     * @see #RecentTraces(int, long, int)
     */
    public RecentTraces(int maxSpans, long maxBytes) {
        this(maxSpans, maxBytes, Integer.MAX_VALUE);
    }

    /**
     * @param maxSpans           spans held at most; 0 keeps nothing
     * @param maxBytes           bytes held at most; 0 keeps nothing
     * @param maxTracesPerSecond new traces taken in a second at most (1 or more)
     * @throws InvalidTracerSettingException when a bound is negative, or the rate below 1 (settings
     *                                       {@code recent.max-spans}, {@code recent.max-bytes}, {@code recent.max-traces-per-second})
     */
    public RecentTraces(int maxSpans, long maxBytes, int maxTracesPerSecond) {
        this(maxSpans, maxBytes, maxTracesPerSecond, System::nanoTime);
    }

    RecentTraces(int maxSpans, long maxBytes, int maxTracesPerSecond, LongSupplier nanoTime) {
        if (maxSpans < 0) {
            throw new InvalidTracerSettingException("recent.max-spans", maxSpans, "expected 0 (off) or more spans");
        }
        if (maxBytes < 0) {
            throw new InvalidTracerSettingException("recent.max-bytes", maxBytes, "expected 0 (off) or more bytes");
        }
        if (maxTracesPerSecond < 1) {
            throw new InvalidTracerSettingException("recent.max-traces-per-second", maxTracesPerSecond,
                    "expected 1 or more new traces a second (max-spans: 0 turns the store off)");
        }
        this.maxSpans = maxSpans;
        this.maxBytes = maxBytes;
        this.maxTracesPerSecond = maxTracesPerSecond;
        this.nanoTime = nanoTime;
        this.secondStart = nanoTime.getAsLong() - SECOND_NANOS;
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
        if (!admit(traceId, jaegerSpan.context().getTraceIdLow())) {
            return;
        }
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

    /** Whether a span of this trace goes in: its trace is held, or is new and within this second's allowance. */
    private synchronized boolean admit(String traceId, long traceIdLow) {
        if (traces.containsKey(traceId)) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (now - secondStart >= SECOND_NANOS) {
            boolean idle = now - secondStart >= 2 * SECOND_NANOS;
            long[] oldest = refusedBefore;
            refusedBefore = idle ? clear(refusedNow) : refusedNow;
            refusedNow = clear(oldest);
            secondStart = now;
            takenThisSecond = 0;
        }
        int bit = refusedBit(traceIdLow);
        boolean refused = isSet(refusedNow, bit) || isSet(refusedBefore, bit);
        if (!refused && takenThisSecond < maxTracesPerSecond) {
            takenThisSecond++;
            return true;
        }
        set(refusedNow, bit);
        refusedSpans++;
        return false;
    }

    private static long[] clear(long[] bits) {
        Arrays.fill(bits, 0L);
        return bits;
    }

    private static boolean isSet(long[] bits, int bit) {
        return (bits[bit >>> 6] & (1L << bit)) != 0;
    }

    private static void set(long[] bits, int bit) {
        bits[bit >>> 6] |= 1L << bit;
    }

    /** A bit for the trace id: its low 64 bits mixed (ids from other tracers may not be random in every bit). */
    private static int refusedBit(long traceIdLow) {
        long h = traceIdLow * 0x9E3779B97F4A7C15L;
        return (int) (h >>> (64 - 16));
    }

    /** Spans turned away since the store was made, their trace beyond the new traces a second allowed. */
    public synchronized long refusedSpanCount() {
        return refusedSpans;
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
        return "RecentTraces{maxSpans=" + maxSpans + ", maxBytes=" + maxBytes + ", maxTracesPerSecond=" + maxTracesPerSecond + '}';
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
