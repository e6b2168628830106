package io.traceandtrace.spring.handler;

import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMap;
import io.opentracing.tag.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Owns the life of a server span, whatever the protocol: continues the caller's trace from the
 * request headers (a new root when they are missing or unreadable, never a stray active span),
 * starts the span (per-route sampling rules decide for a new trace), and hands back a
 * {@link CallSpan} that the adapter activates and that finishes exactly once.
 */
public final class ServerSpanHandler<X extends Exchange> {

    private static final Logger log = LoggerFactory.getLogger(ServerSpanHandler.class);

    private final Tracer tracer;
    private final Convention<X> convention;

    private ServerSpanHandler(Tracer tracer, Convention<X> convention) {
        this.tracer = tracer;
        this.convention = convention;
    }

    /** Server spans of HTTP requests. */
    public static ServerSpanHandler<HttpExchange> http(Tracer tracer, String component, List<String> recordedHeaders,
                                                       List<HttpServerSpanCustomizer> hooks) {
        return new ServerSpanHandler<>(tracer, HttpConvention.server(component, recordedHeaders, hooks));
    }

    /** Server spans of gRPC calls. */
    public static ServerSpanHandler<GrpcExchange> grpc(Tracer tracer, List<GrpcServerSpanCustomizer> hooks) {
        return new ServerSpanHandler<>(tracer, GrpcConvention.server(hooks));
    }

    /**
     * @param headers the request's headers, read for the caller's trace context
     */
    public CallSpan<X> start(X exchange, TextMap headers) {
        SpanContext parent = null;
        try {
            parent = tracer.extract(Format.Builtin.HTTP_HEADERS, headers);
        } catch (RuntimeException e) {
            log.debug("Ignoring unreadable trace headers on {}: {}", convention.name(exchange), e.toString());
        }
        Tracer.SpanBuilder builder = tracer.buildSpan(convention.name(exchange))
                .asChildOf(parent)
                .ignoreActiveSpan()
                .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER);
        Span span = exchange.samplingRequest().around(builder::start);
        convention.onStart(exchange, span);
        return new CallSpan<>(tracer, span, exchange, convention);
    }
}
