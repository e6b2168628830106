package io.traceandtrace.core.export.skywalking;

import io.traceandtrace.core.export.GroupingStage;
import io.traceandtrace.core.skywalking.Segment;
import io.traceandtrace.core.skywalking.SegmentRef;
import org.apache.skywalking.apm.network.language.agent.v3.SpanObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * SkyWalking's grouping stage: holds the encoded spans of a segment until the segment is whole,
 * then gives the segment out.
 *
 * <p>A segment is whole when its first span (id 0) has finished and every span that joined it
 * before that has finished too. Spans reach us in the order they finished, so when span 0 arrives
 * the segment is closed to new spans and we wait only for the ones still running (async work).
 * None waits longer than {@code maxHold} ({@link #expired}); beyond that, or when the pipeline's
 * bounds are passed ({@link #releaseOldest}), the oldest segment goes out as it is. A span that
 * arrives after its segment went out (late async work) goes out alone, as a segment with a
 * CrossThread reference to its parent, as SkyWalking's agents report work of another thread.
 * Called from the export worker only.
 */
final class SegmentAssembler implements GroupingStage<SegmentSpan> {

    private final long maxHoldNanos;
    private final LongSupplier nanoClock;
    private final Map<Segment, Pending> pending = new LinkedHashMap<>(); // oldest first
    private int heldSpans;
    private long heldBytes;

    SegmentAssembler(long maxHoldNanos, LongSupplier nanoClock) {
        this.maxHoldNanos = maxHoldNanos;
        this.nanoClock = nanoClock;
    }

    private static final class Pending {
        final Segment segment;
        final long sinceNanos;
        final List<SegmentSpan> spans = new ArrayList<>();
        long bytes;
        int expected = -1; // spans the segment was given, known once span 0 arrived

        Pending(Segment segment, long sinceNanos) {
            this.segment = segment;
            this.sinceNanos = sinceNanos;
        }

        boolean whole() {
            return expected >= 0 && spans.size() >= expected;
        }
    }

    @Override
    public List<List<SegmentSpan>> add(SegmentSpan span, int size) {
        Segment segment = span.segment;
        if (segment == null) {
            return List.of(List.of(span)); // made by a tracer without segments: a trace of one span
        }
        Pending held = pending.get(segment);
        if (held == null && segment.isClosed()) {
            return List.of(List.of(late(span)));
        }
        if (held == null) {
            held = new Pending(segment, nanoClock.getAsLong());
            pending.put(segment, held);
        }
        held.spans.add(span);
        held.bytes += size;
        heldSpans++;
        heldBytes += size;
        if (span.span.getSpanId() == 0) {
            held.expected = segment.close();
        }
        return held.whole() ? List.of(emit(held)) : List.of();
    }

    @Override
    public List<List<SegmentSpan>> expired() {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<List<SegmentSpan>> ready = new ArrayList<>();
        long now = nanoClock.getAsLong();
        Iterator<Pending> oldest = pending.values().iterator();
        while (oldest.hasNext()) {
            Pending first = oldest.next();
            if (now - first.sinceNanos < maxHoldNanos) {
                break;
            }
            release(first, ready);
            oldest = pending.values().iterator();
        }
        return ready;
    }

    @Override
    public List<List<SegmentSpan>> releaseOldest() {
        List<List<SegmentSpan>> ready = new ArrayList<>();
        if (!pending.isEmpty()) {
            release(pending.values().iterator().next(), ready);
        }
        return ready;
    }

    @Override
    public List<List<SegmentSpan>> drain() {
        List<List<SegmentSpan>> ready = new ArrayList<>();
        while (!pending.isEmpty()) {
            release(pending.values().iterator().next(), ready);
        }
        return ready;
    }

    @Override
    public int heldSpans() {
        return heldSpans;
    }

    @Override
    public long heldBytes() {
        return heldBytes;
    }

    /**
     * A segment that cannot wait longer: with its span 0, it goes out without the spans still
     * running (they come late, alone); without it, the segment is closed and each held span goes
     * out alone with a CrossThread reference, span 0 later as the segment itself.
     */
    private void release(Pending held, List<List<SegmentSpan>> ready) {
        if (held.expected >= 0) {
            ready.add(emit(held));
            return;
        }
        held.segment.close();
        forget(held);
        for (SegmentSpan span : held.spans) {
            ready.add(List.of(late(span)));
        }
    }

    private List<SegmentSpan> emit(Pending held) {
        forget(held);
        held.spans.sort(Comparator.comparingInt(s -> s.span.getSpanId()));
        return held.spans;
    }

    private void forget(Pending held) {
        pending.remove(held.segment);
        heldSpans -= held.spans.size();
        heldBytes -= held.bytes;
    }

    /** A span whose segment already went out: span 0 is its segment's, any other goes out alone. */
    private static SegmentSpan late(SegmentSpan span) {
        if (span.span.getSpanId() == 0) {
            return span;
        }
        Segment segment = span.segment;
        SpanObject.Builder converted = span.span.toBuilder();
        SegmentRef ref = new SegmentRef(false, segment.traceId(), segment.segmentId(), converted.getParentSpanId(),
                segment.service(), segment.instance(), segment.endpoint(), "");
        converted.setSpanId(0).setParentSpanId(-1).addRefs(SpanObjects.reference(ref));
        return new SegmentSpan(segment, span.traceId, segment.segmentId() + '-' + span.span.getSpanId(), span.service,
                span.instance, converted.build());
    }
}
