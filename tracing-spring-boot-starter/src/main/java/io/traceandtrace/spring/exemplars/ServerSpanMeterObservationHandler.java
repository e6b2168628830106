package io.traceandtrace.spring.exemplars;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;

import java.util.List;
import java.util.function.Function;

/**
 * Boot's meter handler, with the request's server span active while a server request's timer is
 * recorded: Spring stops that observation outside our filter, after our scope closed, and the
 * Prometheus registry takes the exemplar from the active span.
 */
final class ServerSpanMeterObservationHandler implements MeterObservationHandler<Observation.Context> {

    private final MeterObservationHandler<Observation.Context> delegate;
    private final Tracer tracer;
    private final List<Function<Observation.Context, Span>> serverSpans;

    ServerSpanMeterObservationHandler(MeterObservationHandler<Observation.Context> delegate, Tracer tracer,
                                      List<Function<Observation.Context, Span>> serverSpans) {
        this.delegate = delegate;
        this.tracer = tracer;
        this.serverSpans = List.copyOf(serverSpans);
    }

    @Override
    public void onStart(Observation.Context context) {
        delegate.onStart(context);
    }

    @Override
    public void onError(Observation.Context context) {
        delegate.onError(context);
    }

    @Override
    public void onEvent(Observation.Event event, Observation.Context context) {
        delegate.onEvent(event, context);
    }

    @Override
    public void onStop(Observation.Context context) {
        Span span = serverSpan(context);
        if (span == null || tracer.activeSpan() != null) {
            delegate.onStop(context);
            return;
        }
        try (Scope ignored = tracer.activateSpan(span)) {
            delegate.onStop(context);
        }
    }

    private Span serverSpan(Observation.Context context) {
        for (Function<Observation.Context, Span> find : serverSpans) {
            Span span = find.apply(context);
            if (span != null) {
                return span;
            }
        }
        return null;
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return delegate.supportsContext(context);
    }
}
