package io.traceandtrace.core.export.skywalking;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.skywalking.Segment;
import io.traceandtrace.core.skywalking.SegmentRef;
import io.traceandtrace.core.skywalking.SkyWalkingSpanContext;
import org.apache.skywalking.apm.network.language.agent.v3.SegmentObject;
import org.apache.skywalking.apm.network.language.agent.v3.SpanObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Holds the finished spans of a segment until the segment is whole, then gives the segment out.
 *
 * <p>A segment is whole when its first span (id 0) has finished and every span that joined it
 * before that has finished too. Spans reach us in the order they finished, so when span 0 arrives
 * the segment is closed to new spans and we wait only for the ones still running (async work).
 * Bounded: at most {@code maxHeldSpans} spans held in all and none longer than {@code maxHold};
 * beyond either, the oldest segment goes out as it is (see {@link #release}). A span that arrives
 * after its segment went out (late async work) goes out alone, as a segment with a CrossThread
 * reference to its parent, as SkyWalking's agents report work of another thread.
 */
final class SegmentAssembler {

    private final String service;
    private final String instance;
    private final int maxHeldSpans;
    private final long maxHoldNanos;
    private final LongSupplier nanoClock;
    private final Map<Segment, Pending> pending = new LinkedHashMap<>(); // oldest first
    private int heldSpans;

    SegmentAssembler(String service, String instance, int maxHeldSpans, long maxHoldNanos, LongSupplier nanoClock) {
        this.service = service;
        this.instance = instance;
        this.maxHeldSpans = maxHeldSpans;
        this.maxHoldNanos = maxHoldNanos;
        this.nanoClock = nanoClock;
    }

    private static final class Pending {
        final Segment segment;
        final long sinceNanos;
        final List<SpanObject.Builder> spans = new ArrayList<>();
        int expected = -1; // spans the segment was given, known once span 0 arrived

        Pending(Segment segment, long sinceNanos) {
            this.segment = segment;
            this.sinceNanos = sinceNanos;
        }

        boolean whole() {
            return expected >= 0 && spans.size() >= expected;
        }
    }

    /** Takes a finished span; returns the segments that are now ready to send. */
    synchronized List<SegmentObject> add(JaegerSpan span) {
        List<SegmentObject> ready = new ArrayList<>(1);
        if (!(span.context() instanceof SkyWalkingSpanContext sw) || sw.segment() == null) {
            ready.add(alone(span)); // made by a tracer without segments: a trace of one span
            return ready;
        }
        Segment segment = sw.segment();
        Pending held = pending.get(segment);
        if (held == null && segment.isClosed()) {
            ready.add(late(segment, SpanObjects.convert(span, sw.segmentSpanId(), sw.parentSegmentSpanId())));
        } else {
            if (held == null) {
                held = new Pending(segment, nanoClock.getAsLong());
                pending.put(segment, held);
            }
            held.spans.add(SpanObjects.convert(span, sw.segmentSpanId(), sw.parentSegmentSpanId()));
            heldSpans++;
            if (sw.segmentSpanId() == 0) {
                held.expected = segment.close();
            }
            if (held.whole()) {
                ready.add(emit(held));
            }
        }
        enforceBounds(ready);
        return ready;
    }

    /** Everything held, as it is: at close. */
    synchronized List<SegmentObject> drain() {
        List<SegmentObject> ready = new ArrayList<>();
        while (!pending.isEmpty()) {
            release(pending.values().iterator().next(), ready);
        }
        return ready;
    }

    /** The segments held longer than the hold allows, as they are: asked when no span comes for a while. */
    synchronized List<SegmentObject> expired() {
        List<SegmentObject> ready = new ArrayList<>();
        enforceBounds(ready);
        return ready;
    }

    synchronized int heldSpans() {
        return heldSpans;
    }

    private void enforceBounds(List<SegmentObject> ready) {
        long now = nanoClock.getAsLong();
        Iterator<Pending> oldest = pending.values().iterator();
        while (oldest.hasNext()) {
            Pending first = oldest.next();
            if (heldSpans <= maxHeldSpans && now - first.sinceNanos < maxHoldNanos) {
                return;
            }
            release(first, ready);
            oldest = pending.values().iterator();
        }
    }

    /**
     * A segment that cannot wait longer: with its span 0, it goes out without the spans still
     * running (they come late, alone); without it, the segment is closed and each held span goes
     * out alone with a CrossThread reference, span 0 later as the segment itself.
     */
    private void release(Pending held, List<SegmentObject> ready) {
        if (held.expected >= 0) {
            ready.add(emit(held));
            return;
        }
        held.segment.close();
        pending.remove(held.segment);
        heldSpans -= held.spans.size();
        for (SpanObject.Builder span : held.spans) {
            ready.add(late(held.segment, span));
        }
    }

    private SegmentObject emit(Pending held) {
        pending.remove(held.segment);
        heldSpans -= held.spans.size();
        held.spans.sort(Comparator.comparingInt(SpanObject.Builder::getSpanId));
        Segment segment = held.segment;
        SegmentObject.Builder out = SegmentObject.newBuilder()
                .setTraceId(segment.traceId())
                .setTraceSegmentId(segment.segmentId())
                .setService(segment.service())
                .setServiceInstance(segment.instance());
        for (SpanObject.Builder span : held.spans) {
            if (span.getSpanId() == 0 && segment.ref() != null) {
                span.addRefs(SpanObjects.reference(segment.ref()));
            }
            out.addSpans(span);
        }
        return out.build();
    }

    /** A span whose segment already went out: span 0 is its segment's, any other goes out alone. */
    private SegmentObject late(Segment segment, SpanObject.Builder converted) {
        String segmentId;
        SegmentRef ref;
        if (converted.getSpanId() == 0) {
            segmentId = segment.segmentId();
            ref = segment.ref();
        } else {
            segmentId = segment.segmentId() + '-' + converted.getSpanId();
            ref = new SegmentRef(false, segment.traceId(), segment.segmentId(), converted.getParentSpanId(),
                    segment.service(), segment.instance(), segment.endpoint(), "");
            converted.setSpanId(0).setParentSpanId(-1);
        }
        if (ref != null) {
            converted.addRefs(SpanObjects.reference(ref));
        }
        return SegmentObject.newBuilder()
                .setTraceId(segment.traceId())
                .setTraceSegmentId(segmentId)
                .setService(segment.service())
                .setServiceInstance(segment.instance())
                .addSpans(converted)
                .build();
    }

    private SegmentObject alone(JaegerSpan span) {
        String traceId = Segment.traceIdOf(span.context());
        return SegmentObject.newBuilder()
                .setTraceId(traceId)
                .setTraceSegmentId(traceId + '.' + span.context().toSpanId())
                .setService(service)
                .setServiceInstance(instance)
                .addSpans(SpanObjects.convert(span, 0, -1))
                .build();
    }
}
