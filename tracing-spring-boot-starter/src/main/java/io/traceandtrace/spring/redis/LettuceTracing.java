package io.traceandtrace.spring.redis;

import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.TraceContextProvider;
import io.lettuce.core.tracing.Tracer;
import io.lettuce.core.tracing.TracerProvider;
import io.lettuce.core.tracing.Tracing;
import io.micrometer.observation.ObservationRegistry;
import io.opentracing.Scope;
import io.opentracing.Span;
import reactor.core.publisher.Mono;

import java.net.SocketAddress;

/**
 * Lettuce's {@code MicrometerTracing}, plus our active span as the parent of each command. Lettuce reads the
 * parent on the calling thread, as the current Observation only, and starts the command's observation on a
 * Netty thread. The current Observation is often one we do not trace (Spring MVC's own server observation,
 * beside our filter's span), so the span active at the call is carried along too and made active there
 * while the observation starts; the observation keeps its Micrometer parent for other handlers.
 */
final class LettuceTracing implements Tracing {

    private final Tracing delegate;
    private final io.opentracing.Tracer tracer;
    private final ObservationRegistry registry;
    private final Tracer commands;
    private final TraceContextProvider callers;

    LettuceTracing(Tracing delegate, io.opentracing.Tracer tracer, ObservationRegistry registry) {
        this.delegate = delegate;
        this.tracer = tracer;
        this.registry = registry;
        this.commands = new ParentingTracer(delegate.getTracerProvider().getTracer());
        this.callers = new CallerContextProvider(delegate.initialTraceContextProvider());
    }

    @Override
    public TracerProvider getTracerProvider() {
        return () -> commands;
    }

    @Override
    public TraceContextProvider initialTraceContextProvider() {
        return callers;
    }

    @Override
    public boolean isEnabled() {
        return delegate.isEnabled();
    }

    @Override
    public boolean includeCommandArgsInSpanTags() {
        return delegate.includeCommandArgsInSpanTags();
    }

    @Override
    public Endpoint createEndpoint(SocketAddress socketAddress) {
        return delegate.createEndpoint(socketAddress);
    }

    /** The caller's span, and Lettuce's own context of the caller's Observation (null when none). */
    private record ActiveSpan(Span span, TraceContext observation) implements TraceContext {
    }

    private final class CallerContextProvider implements TraceContextProvider {

        private final TraceContextProvider observations;

        CallerContextProvider(TraceContextProvider observations) {
            this.observations = observations;
        }

        @Override
        public TraceContext getTraceContext() {
            TraceContext observation = registry.getCurrentObservation() != null ? observations.getTraceContext() : null;
            Span active = tracer.activeSpan();
            return active != null ? new ActiveSpan(active, observation) : observation;
        }

        @Override
        public Mono<TraceContext> getTraceContextLater() {
            return observations.getTraceContextLater();
        }
    }

    private final class ParentingTracer extends Tracer {

        private final Tracer observations;

        ParentingTracer(Tracer observations) {
            this.observations = observations;
        }

        @Override
        public Tracer.Span nextSpan() {
            return observations.nextSpan();
        }

        @Override
        public Tracer.Span nextSpan(TraceContext context) {
            if (context instanceof ActiveSpan caller) {
                Tracer.Span span = caller.observation() != null ? observations.nextSpan(caller.observation()) : observations.nextSpan();
                return new ChildSpan(span, caller.span());
            }
            return observations.nextSpan(context);
        }
    }

    /** Lettuce's span, started while the caller's span is active, so our observation handler parents it there. */
    private final class ChildSpan extends Tracer.Span {

        private final Tracer.Span delegate;
        private final Span parent;

        ChildSpan(Tracer.Span delegate, Span parent) {
            this.delegate = delegate;
            this.parent = parent;
        }

        @Override
        public Tracer.Span start(RedisCommand<?, ?, ?> command) {
            try (Scope ignored = tracer.activateSpan(parent)) {
                delegate.start(command);
            }
            return this;
        }

        @Override
        public Tracer.Span name(String name) {
            delegate.name(name);
            return this;
        }

        @Override
        public Tracer.Span annotate(String annotation) {
            delegate.annotate(annotation);
            return this;
        }

        @Override
        public Tracer.Span tag(String key, String value) {
            delegate.tag(key, value);
            return this;
        }

        @Override
        public Tracer.Span error(Throwable throwable) {
            delegate.error(throwable);
            return this;
        }

        @Override
        public Tracer.Span remoteEndpoint(Endpoint endpoint) {
            delegate.remoteEndpoint(endpoint);
            return this;
        }

        @Override
        public void finish() {
            delegate.finish();
        }
    }
}
