package io.traceandtrace.spring.scheduling;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;

/**
 * The application's tracer, seen as if no span were active: a span it starts without an explicit parent
 * is a root, never the child of whatever a previous task left active on a pooled thread.
 */
final class NoActiveSpanTracer implements Tracer {

    private final Tracer tracer;

    NoActiveSpanTracer(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Span activeSpan() {
        return null;
    }

    @Override
    public SpanBuilder buildSpan(String operationName) {
        return tracer.buildSpan(operationName).ignoreActiveSpan();
    }

    @Override
    public ScopeManager scopeManager() {
        return tracer.scopeManager();
    }

    @Override
    public Scope activateSpan(Span span) {
        return tracer.activateSpan(span);
    }

    @Override
    public <C> void inject(SpanContext spanContext, Format<C> format, C carrier) {
        tracer.inject(spanContext, format, carrier);
    }

    @Override
    public <C> SpanContext extract(Format<C> format, C carrier) {
        return tracer.extract(format, carrier);
    }

    @Override
    public void close() {
        // the application's tracer is closed by its owner
    }
}
