package io.traceandtrace.spring.exemplars;

import io.jaegertracing.internal.JaegerSpanContext;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.prometheus.metrics.tracer.common.SpanContext;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Our active span as Prometheus's exemplar source: the trace and span id of a sampled span, none
 * for an unsampled one. The tracer is looked up on first use: the meter registry that asks is
 * built before it (the tracer's metrics go to that registry).
 */
final class ActiveSpanContext implements SpanContext {

    private final ObjectProvider<Tracer> tracerProvider;
    private volatile Tracer tracer;

    ActiveSpanContext(ObjectProvider<Tracer> tracerProvider) {
        this.tracerProvider = tracerProvider;
    }

    private JaegerSpanContext sampled() {
        Tracer current = tracer;
        if (current == null) {
            current = tracerProvider.getIfAvailable();
            if (current == null) {
                return null;
            }
            tracer = current;
        }
        Span span = current.activeSpan();
        return span != null && span.context() instanceof JaegerSpanContext context && context.isSampled() ? context : null;
    }

    @Override
    public String getCurrentTraceId() {
        JaegerSpanContext context = sampled();
        return context != null ? context.toTraceId() : null;
    }

    @Override
    public String getCurrentSpanId() {
        JaegerSpanContext context = sampled();
        return context != null ? context.toSpanId() : null;
    }

    @Override
    public boolean isCurrentSpanSampled() {
        return sampled() != null;
    }

    /** Nothing: the span of a server request timer is finished by then, too late for a tag. */
    @Override
    public void markCurrentSpanAsExemplar() {
    }
}
