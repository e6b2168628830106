package io.traceandtrace.spring.handler;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.tag.Tags;

import java.util.List;

/**
 * Owns the life of a client span, whatever the protocol: a child of the span active when the call
 * is made (per-route sampling rules decide when there is none), its context injected into the
 * outgoing headers with {@link CallSpan#inject}, finished exactly once.
 */
public final class ClientSpanHandler<X extends Exchange> {

    private final Tracer tracer;
    private final Convention<X> convention;

    private ClientSpanHandler(Tracer tracer, Convention<X> convention) {
        this.tracer = tracer;
        this.convention = convention;
    }

    /** Client spans of outgoing HTTP calls. */
    public static ClientSpanHandler<HttpExchange> http(Tracer tracer, String component, List<HttpClientSpanCustomizer> hooks) {
        return new ClientSpanHandler<>(tracer, HttpConvention.client(component, hooks));
    }

    /** Client spans of outgoing gRPC calls. */
    public static ClientSpanHandler<GrpcExchange> grpc(Tracer tracer, List<GrpcClientSpanCustomizer> hooks) {
        return new ClientSpanHandler<>(tracer, GrpcConvention.client(hooks));
    }

    public CallSpan<X> start(X exchange) {
        return start(exchange, null);
    }

    /**
     * @param contextParent the caller's span from a reactive context: the parent when no span is
     *                      active on this thread (a reactor-netty thread after a hop), or null
     */
    public CallSpan<X> start(X exchange, Span contextParent) {
        Tracer.SpanBuilder builder = tracer.buildSpan(convention.name(exchange))
                .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT);
        if (contextParent != null && tracer.activeSpan() == null) {
            builder.asChildOf(contextParent);
        }
        Span span = exchange.samplingRequest().around(builder::start);
        convention.onStart(exchange, span);
        return new CallSpan<>(tracer, span, exchange, convention);
    }

    /** The span active where a call is made: its response callbacks run under it, as the caller's code expects. */
    public Span callerSpan() {
        return tracer.activeSpan();
    }

    /** Makes {@code caller} (from {@link #callerSpan()}) active on this thread until the scope closes; nothing for none. */
    public Scope activate(Span caller) {
        return caller == null ? () -> { } : tracer.activateSpan(caller);
    }
}
