package io.traceandtrace.core.skywalking;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;

/**
 * The spans of one trace made in this process under one entry span or local root: SkyWalking's
 * unit of reporting. Span ids are ints handed out at span start, so the segment id and a span's
 * id are known when {@code sw8} is written, long before the segment is reported.
 */
public final class Segment {

    private final String traceId;
    private final String segmentId;
    private final String service;
    private final String instance;
    private final SegmentRef ref;
    private volatile JaegerSpan root;
    private int nextSpanId; // guarded by this
    private boolean closed; // guarded by this

    Segment(String traceId, String segmentId, String service, String instance, SegmentRef ref) {
        this.traceId = traceId;
        this.segmentId = segmentId;
        this.service = service;
        this.instance = instance;
        this.ref = ref;
    }

    /** SkyWalking's trace id: the caller's as it came in {@code sw8}, else our Jaeger trace id in hex. */
    public String traceId() {
        return traceId;
    }

    /**
     * A Jaeger trace id as SkyWalking's: 32 hex digits for a 128-bit id, 16 for a 64-bit one, so a
     * callee reading {@code sw8} gets the same Jaeger id back (jaeger-client's own form drops leading zeros).
     */
    public static String traceIdOf(JaegerSpanContext context) {
        long high = context.getTraceIdHigh();
        String low = String.format("%016x", context.getTraceIdLow());
        return high == 0 ? low : String.format("%016x", high) + low;
    }

    public String segmentId() {
        return segmentId;
    }

    public String service() {
        return service;
    }

    public String instance() {
        return instance;
    }

    /** The reference of span 0, or null for the first segment of a trace. */
    public SegmentRef ref() {
        return ref;
    }

    /** The operation name of span 0 now (it may be renamed after start, e.g. to the route template). */
    public String endpoint() {
        JaegerSpan first = root;
        return first == null ? "" : first.getOperationName();
    }

    void root(JaegerSpan span) {
        this.root = span;
    }

    /** The next span id, or -1 when the segment is closed and a new span must start a segment of its own. */
    synchronized int join() {
        return closed ? -1 : nextSpanId++;
    }

    /** Takes no more spans; returns how many spans it was given. */
    public synchronized int close() {
        closed = true;
        return nextSpanId;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Segment{" + traceId + '/' + segmentId + '}';
    }
}
