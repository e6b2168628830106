package io.traceandtrace.core.export.skywalking;

import com.google.protobuf.CodedOutputStream;
import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.skywalking.Segment;
import io.traceandtrace.core.skywalking.SkyWalkingSpanContext;
import org.apache.skywalking.apm.network.language.agent.v3.SegmentObject;
import org.apache.skywalking.apm.network.language.agent.v3.SpanObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One finished span in SkyWalking's wire form: its {@link SpanObject} and the segment it goes out
 * in. Made from the span alone ({@link #of}); the {@link SegmentAssembler} puts a segment's spans
 * next to each other in a message, and {@link #segments} makes each run one {@link SegmentObject}.
 */
public final class SegmentSpan {

    /** A segment's framing on the stream, beyond its own bytes. */
    private static final int FRAMING_BYTES = 8;

    final Segment segment; // null for a span made by a tracer without segments
    final String traceId;
    final String segmentId;
    final String service;
    final String instance;
    final SpanObject span;
    private final int bytes;

    SegmentSpan(Segment segment, String traceId, String segmentId, String service, String instance, SpanObject span) {
        this.segment = segment;
        this.traceId = traceId;
        this.segmentId = segmentId;
        this.service = service;
        this.instance = instance;
        this.span = span;
        // as if the span were alone in its segment: an upper bound for a segment of several
        this.bytes = CodedOutputStream.computeStringSize(SegmentObject.TRACEID_FIELD_NUMBER, traceId)
                + CodedOutputStream.computeStringSize(SegmentObject.TRACESEGMENTID_FIELD_NUMBER, segmentId)
                + CodedOutputStream.computeStringSize(SegmentObject.SERVICE_FIELD_NUMBER, service)
                + CodedOutputStream.computeStringSize(SegmentObject.SERVICEINSTANCE_FIELD_NUMBER, instance)
                + CodedOutputStream.computeMessageSize(SegmentObject.SPANS_FIELD_NUMBER, span) + FRAMING_BYTES;
    }

    /**
     * The span with its ids in its segment, span 0 with the segment's reference to its caller; a span
     * of a tracer without segments is a segment of its own, of {@code service} and {@code instance}.
     */
    static SegmentSpan of(JaegerSpan span, String service, String instance) {
        if (!(span.context() instanceof SkyWalkingSpanContext sw) || sw.segment() == null) {
            String traceId = Segment.traceIdOf(span.context());
            return new SegmentSpan(null, traceId, traceId + '.' + span.context().toSpanId(), service, instance,
                    SpanObjects.convert(span, 0, -1).build());
        }
        Segment segment = sw.segment();
        SpanObject.Builder converted = SpanObjects.convert(span, sw.segmentSpanId(), sw.parentSegmentSpanId());
        if (sw.segmentSpanId() == 0 && segment.ref() != null) {
            converted.addRefs(SpanObjects.reference(segment.ref()));
        }
        return new SegmentSpan(segment, segment.traceId(), segment.segmentId(), segment.service(), segment.instance(),
                converted.build());
    }

    /** Each run of spans of one segment id as one segment, in order. */
    static List<SegmentObject> segments(List<SegmentSpan> spans) {
        List<SegmentObject> out = new ArrayList<>();
        SegmentObject.Builder current = null;
        String currentId = null;
        for (SegmentSpan span : spans) {
            if (current == null || !span.segmentId.equals(currentId)) {
                if (current != null) {
                    out.add(current.build());
                }
                currentId = span.segmentId;
                current = SegmentObject.newBuilder().setTraceId(span.traceId).setTraceSegmentId(span.segmentId)
                        .setService(span.service).setServiceInstance(span.instance);
            }
            current.addSpans(span.span);
        }
        if (current != null) {
            out.add(current.build());
        }
        return out;
    }

    /** What the span adds to a message, the framing of its segment included. */
    public int bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "SegmentSpan{" + segmentId + '/' + span.getSpanId() + ", " + bytes + " bytes}";
    }
}
