package io.traceandtrace.spring.globaltracer;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.noop.NoopTracerFactory;
import io.opentracing.propagation.Format;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What we register as OpenTracing's {@code GlobalTracer}, once per JVM (it can never be replaced):
 * the tracer of a live application context, so a context closed and another started (tests, a
 * restart in place) never leaves the global pointing at a closed tracer. With several live, the
 * one with a span active on this thread, else the newest; with none, a no-op tracer.
 */
final class ForwardingTracer implements Tracer {

    static final ForwardingTracer INSTANCE = new ForwardingTracer();

    private static final Tracer NONE = NoopTracerFactory.create();

    private final List<Tracer> live = new CopyOnWriteArrayList<>();

    ForwardingTracer() {
    }

    /** Serves {@code tracer} until the returned handle is closed. */
    AutoCloseable attach(Tracer tracer) {
        live.add(0, tracer);
        return () -> live.remove(tracer);
    }

    Tracer current() {
        Tracer newest = null;
        for (Tracer tracer : live) {
            if (tracer.activeSpan() != null) {
                return tracer;
            }
            if (newest == null) {
                newest = tracer;
            }
        }
        return newest != null ? newest : NONE;
    }

    @Override
    public ScopeManager scopeManager() {
        return current().scopeManager();
    }

    @Override
    public Span activeSpan() {
        return current().activeSpan();
    }

    @Override
    public Scope activateSpan(Span span) {
        return current().activateSpan(span);
    }

    @Override
    public SpanBuilder buildSpan(String operationName) {
        return current().buildSpan(operationName);
    }

    @Override
    public <C> void inject(SpanContext spanContext, Format<C> format, C carrier) {
        current().inject(spanContext, format, carrier);
    }

    @Override
    public <C> SpanContext extract(Format<C> format, C carrier) {
        return current().extract(format, carrier);
    }

    /** The application context closes our tracer; a library closing the global one must not. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "traceandtrace forwarding tracer -> " + current();
    }
}
