package io.traceandtrace.core.sampling;

import io.jaegertracing.internal.JaegerObjectFactory;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.Reference;
import io.jaegertracing.internal.samplers.SamplingStatus;
import io.jaegertracing.spi.Sampler;
import io.traceandtrace.core.propagation.RandomTraceId;
import io.traceandtrace.core.propagation.SamplingState;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes Jaeger's spans through another object factory, and decides with our sampler for a span whose
 * caller deferred the decision ({@link SamplingState#DEFERRED}): Jaeger would copy the caller's flags
 * and call the trace unsampled. The decision is made inside the span's start, so per-route rules see
 * the request as they do for a new trace. A span whose parent only carried a caller's "not sampled"
 * ({@link SamplingState#ROOT}) becomes an unsampled root. The root of a new trace gets the
 * {@link RandomTraceId} flag, which its children copy.
 */
public final class DeferredSamplingObjectFactory extends JaegerObjectFactory {

    private static final byte SAMPLED = 1;

    private final JaegerObjectFactory delegate;
    private final Sampler sampler;

    public DeferredSamplingObjectFactory(JaegerObjectFactory delegate, Sampler sampler) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
    }

    @Override
    public JaegerSpan createSpan(JaegerTracer tracer, String operationName, JaegerSpanContext context,
                                 long startTimeMicroseconds, long startTimeNanoTicks,
                                 boolean computeDurationViaNanoTicks, Map<String, Object> tags,
                                 List<Reference> references) {
        JaegerSpanContext decided = context;
        if (references.isEmpty()) {
            // a new trace: jaeger-client drew its id at random
            decided = context.withFlags((byte) (context.getFlags() | RandomTraceId.FLAG));
        }
        if (SamplingState.isDeferred(decided)) {
            SamplingStatus status = sampler.sample(operationName, decided.getTraceIdLow());
            byte flags = (byte) (decided.getFlags() & ~SamplingState.DEFERRED);
            if (status.isSampled()) {
                flags |= SAMPLED;
                tags.putAll(status.getTags());
            }
            decided = context.withFlags(flags);
        }
        if ((decided.getFlags() & SamplingState.ROOT) != 0) {
            // the parent was made up to carry a caller's decision without ids: this span is a root
            Map<String, String> baggage = new HashMap<>();
            decided.baggageItems().forEach(item -> baggage.put(item.getKey(), item.getValue()));
            // a new trace too, of made-up random ids
            decided = createSpanContext(decided.getTraceIdHigh(), decided.getTraceIdLow(), decided.getSpanId(), 0,
                    (byte) (decided.getFlags() & ~SamplingState.ROOT | RandomTraceId.FLAG), baggage, null);
        }
        return delegate.createSpan(tracer, operationName, decided, startTimeMicroseconds, startTimeNanoTicks,
                computeDurationViaNanoTicks, tags, references);
    }

    @Override
    public JaegerSpanContext createSpanContext(long traceIdHigh, long traceIdLow, long spanId, long parentId,
                                               byte flags, Map<String, String> baggage, String debugId) {
        return delegate.createSpanContext(traceIdHigh, traceIdLow, spanId, parentId, flags, baggage, debugId);
    }

    @Override
    public JaegerTracer.SpanBuilder createSpanBuilder(JaegerTracer tracer, String operationName) {
        return delegate.createSpanBuilder(tracer, operationName);
    }
}
