package io.traceandtrace.spring.handler;

/**
 * A bean that renames or tags an incoming gRPC call's server span. Every such bean is called when the call ends, after our own
 * name, tags and error mapping, so what it sets wins; it adds to our defaults, it never replaces
 * them. A hook that throws is logged (at most once a minute) and the call goes on.
 */
@FunctionalInterface
public interface GrpcServerSpanCustomizer {

    void customize(GrpcExchange exchange, SpanCustomizer span);
}
