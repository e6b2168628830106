package io.traceandtrace.core.skywalking;

import io.jaegertracing.internal.JaegerObjectFactory;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;

import java.util.Map;

/**
 * A Jaeger span context that also knows where its span sits in SkyWalking's model: a local span
 * (its {@link Segment}, int id and parent's int id) or a caller's Exit span read from {@code sw8}
 * ({@link #remoteParent()}). Contexts Jaeger derives from it (baggage, flags, W3C trace state) keep it.
 */
public final class SkyWalkingSpanContext extends JaegerSpanContext {

    private final Origin origin;

    SkyWalkingSpanContext(long traceIdHigh, long traceIdLow, long spanId, long parentId, byte flags,
                          Map<String, String> baggage, Origin origin) {
        super(traceIdHigh, traceIdLow, spanId, parentId, flags, baggage, null, origin);
        this.origin = origin;
    }

    /**
     * The context of a caller's Exit span, as {@code sw8} described it.
     *
     * @param traceIdHigh Jaeger ids that stand for the SkyWalking ones (other formats and backends see these)
     */
    public static SkyWalkingSpanContext remote(long traceIdHigh, long traceIdLow, long spanId, byte flags,
                                               Map<String, String> baggage, SegmentRef caller) {
        return new SkyWalkingSpanContext(traceIdHigh, traceIdLow, spanId, 0, flags, baggage,
                new Origin(null, -1, -1, caller));
    }

    /** The segment of a span of this process, or null for a caller's span. */
    public Segment segment() {
        return origin.segment;
    }

    /** The span's int id within its segment (-1 for a caller's span). */
    public int segmentSpanId() {
        return origin.spanId;
    }

    /** The parent's int id within the segment, -1 for the segment's first span. */
    public int parentSegmentSpanId() {
        return origin.parentSpanId;
    }

    /** The caller's Exit span as {@code sw8} described it, or null for a span of this process. */
    public SegmentRef remoteParent() {
        return origin.remote;
    }

    /** The span this context belongs to (for its peer tags), or null. */
    public JaegerSpan span() {
        return origin.span;
    }

    /** Where a context sits; makes Jaeger's derived contexts (withBaggage, withFlags, ...) sit there too. */
    static final class Origin extends JaegerObjectFactory {
        final Segment segment;
        final int spanId;
        final int parentSpanId;
        final SegmentRef remote;
        volatile JaegerSpan span;

        Origin(Segment segment, int spanId, int parentSpanId, SegmentRef remote) {
            this.segment = segment;
            this.spanId = spanId;
            this.parentSpanId = parentSpanId;
            this.remote = remote;
        }

        @Override
        public JaegerSpanContext createSpanContext(long traceIdHigh, long traceIdLow, long spanId, long parentId,
                                                   byte flags, Map<String, String> baggage, String debugId) {
            return new SkyWalkingSpanContext(traceIdHigh, traceIdLow, spanId, parentId, flags, baggage, this);
        }
    }
}
