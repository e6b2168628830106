package io.traceandtrace.spring.handler;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.opentracing.Span;
import io.opentracing.tag.Tags;
import io.traceandtrace.spring.ErrorLogs;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Our gRPC names and tags: the full method name, {@code rpc.*} tags, the status the call closed with. */
final class GrpcConvention extends Convention<GrpcExchange> {

    static final String COMPONENT = "grpc";
    static final String STATUS_TAG = "grpc.status_code";

    private GrpcConvention(List<BiConsumer<GrpcExchange, SpanCustomizer>> hooks) {
        super(hooks);
    }

    static GrpcConvention server(List<GrpcServerSpanCustomizer> hooks) {
        return new GrpcConvention(hooks.stream().<BiConsumer<GrpcExchange, SpanCustomizer>>map(h -> h::customize).toList());
    }

    static GrpcConvention client(List<GrpcClientSpanCustomizer> hooks) {
        return new GrpcConvention(hooks.stream().<BiConsumer<GrpcExchange, SpanCustomizer>>map(h -> h::customize).toList());
    }

    @Override
    String name(GrpcExchange exchange) {
        return exchange.fullMethodName();
    }

    @Override
    void onStart(GrpcExchange exchange, Span span) {
        MethodDescriptor<?, ?> method = exchange.method();
        span.setTag(Tags.COMPONENT, COMPONENT);
        span.setTag("rpc.system", "grpc");
        span.setTag("rpc.service", String.valueOf(method.getServiceName()));
        span.setTag("rpc.method", String.valueOf(method.getBareMethodName()));
        if (exchange.peer() != null) {
            span.setTag("peer.address", exchange.peer());
        }
    }

    @Override
    void onFinish(GrpcExchange exchange, Span span) {
        Status status = exchange.status();
        Throwable error = exchange.error();
        if (status == null && error != null) {
            status = Status.UNKNOWN; // an exception escaped the service: gRPC closes the call as UNKNOWN
        }
        if (status == null) {
            return; // cancelled before it closed: the cancellation is already on the span
        }
        span.setTag(STATUS_TAG, status.getCode().name());
        if (error != null) {
            ErrorLogs.logError(span, error);
        } else if (!status.isOk()) {
            if (status.getCause() != null) {
                ErrorLogs.logError(span, status.getCause());
            } else {
                Tags.ERROR.set(span, true);
                span.log(Map.of("event", "error", "message",
                        status.getCode().name() + (status.getDescription() != null ? ": " + status.getDescription() : "")));
            }
        }
    }
}
