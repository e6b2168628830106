package io.traceandtrace.core.skywalking;

import io.jaegertracing.internal.JaegerObjectFactory;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.Reference;
import io.opentracing.References;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes Jaeger's spans with {@link SkyWalkingSpanContext}s: at start, a span with a parent of
 * this process joins the parent's {@link Segment} and gets the next int id; a span whose parent is
 * a caller's (or none) starts a segment; a span whose parent's segment was already closed (its
 * first span finished and went to the exporter) starts a segment with a CrossThread reference.
 */
public final class SkyWalkingObjectFactory extends JaegerObjectFactory {

    private final String service;
    private final String instance;

    public SkyWalkingObjectFactory(String service, String instance) {
        this.service = service;
        this.instance = instance;
    }

    /** A Jaeger tracer builder whose spans carry SkyWalking segments. */
    public static JaegerTracer.Builder tracerBuilder(String service, String instance) {
        return new JaegerTracer.Builder(service, new SkyWalkingObjectFactory(service, instance)) {
        };
    }

    @Override
    public JaegerSpan createSpan(JaegerTracer tracer, String operationName, JaegerSpanContext context,
                                 long startTimeMicroseconds, long startTimeNanoTicks,
                                 boolean computeDurationViaNanoTicks, Map<String, Object> tags,
                                 List<Reference> references) {
        SkyWalkingSpanContext.Origin origin = place(context, parentOf(references));
        Map<String, String> baggage = new HashMap<>();
        for (Map.Entry<String, String> item : context.baggageItems()) {
            baggage.put(item.getKey(), item.getValue());
        }
        SkyWalkingSpanContext placed = new SkyWalkingSpanContext(context.getTraceIdHigh(), context.getTraceIdLow(),
                context.getSpanId(), context.getParentId(), context.getFlags(), baggage, origin);
        JaegerSpan span = super.createSpan(tracer, operationName, placed, startTimeMicroseconds, startTimeNanoTicks,
                computeDurationViaNanoTicks, tags, references);
        origin.span = span;
        if (origin.spanId == 0) {
            origin.segment.root(span);
        }
        return span;
    }

    private SkyWalkingSpanContext.Origin place(JaegerSpanContext context, JaegerSpanContext parent) {
        if (parent instanceof SkyWalkingSpanContext sw && sw.segment() != null) {
            int id = sw.segment().join();
            if (id >= 0) {
                return new SkyWalkingSpanContext.Origin(sw.segment(), id, sw.segmentSpanId(), null);
            }
            Segment closed = sw.segment();
            // async work that outlived its segment: a segment of its own, as SkyWalking's agents make per thread
            return first(closed.traceId(), context, new SegmentRef(false, closed.traceId(), closed.segmentId(),
                    sw.segmentSpanId(), service, instance, closed.endpoint(), ""));
        }
        if (parent instanceof SkyWalkingSpanContext sw && sw.remoteParent() != null) {
            return first(sw.remoteParent().traceId(), context, sw.remoteParent());
        }
        // a new trace, or one continued from another header format: our Jaeger trace id is the SkyWalking one
        return first(Segment.traceIdOf(context), context, null);
    }

    private SkyWalkingSpanContext.Origin first(String traceId, JaegerSpanContext context, SegmentRef ref) {
        String segmentId = Segment.traceIdOf(context) + '.' + context.toSpanId();
        Segment segment = new Segment(traceId, segmentId, service, instance, ref);
        return new SkyWalkingSpanContext.Origin(segment, segment.join(), -1, null);
    }

    /** The parent Jaeger picks: the first CHILD_OF reference, else the first reference. */
    private static JaegerSpanContext parentOf(List<Reference> references) {
        if (references == null || references.isEmpty()) {
            return null;
        }
        for (Reference reference : references) {
            if (References.CHILD_OF.equals(reference.getType())) {
                return reference.getSpanContext();
            }
        }
        return references.get(0).getSpanContext();
    }
}
