package io.traceandtrace.spring.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.traceandtrace.spring.handler.CallSpan;
import io.traceandtrace.spring.handler.ClientSpanHandler;
import io.traceandtrace.spring.handler.GrpcExchange;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC client adapter of {@link ClientSpanHandler}: one client span per outgoing call, child of
 * the span active when the call is made, its context written into the call's metadata; finished
 * when the call closes, or at once when it is cancelled before it started. The response callbacks
 * (headers, messages, close, ready) run under the caller's span, as Brave's interceptor does, so
 * spans made in an async stub's observer continue the caller's trace.
 */
public class TracingClientInterceptor implements ClientInterceptor {

    private final ClientSpanHandler<GrpcExchange> handler;
    private final Set<String> skipServices;
    private final boolean logMessages;

    public TracingClientInterceptor(ClientSpanHandler<GrpcExchange> handler, Set<String> skipServices, boolean logMessages) {
        this.handler = handler;
        this.skipServices = Set.copyOf(skipServices);
        this.logMessages = logMessages;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (skipServices.contains(method.getServiceName())) {
            return next.newCall(method, options);
        }
        GrpcExchange exchange = new GrpcExchange(method, null, next.authority(), options);
        Span caller = handler.callerSpan();
        CallSpan<GrpcExchange> span = handler.start(exchange);
        if (options.getDeadline() != null) {
            span.span().setTag("grpc.deadline_millis", options.getDeadline().timeRemaining(TimeUnit.MILLISECONDS));
        }
        boolean logStream = TracingServerInterceptor.logsMessages(method, logMessages);
        ClientCall<Q, R> call;
        try (Scope ignored = span.activate()) {
            call = next.newCall(method, options);
        } catch (RuntimeException | Error e) {
            span.finish(e);
            throw e;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            private volatile boolean started;

            @Override
            public void start(Listener<R> responseListener, Metadata headers) {
                span.inject(new MetadataCarrier(headers));
                Listener<R> tracedListener = new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(responseListener) {
                    @Override
                    public void onHeaders(Metadata headers) {
                        try (Scope ignored = handler.activate(caller)) {
                            super.onHeaders(headers);
                        }
                    }

                    @Override
                    public void onMessage(R message) {
                        if (logStream) {
                            span.span().log(TracingServerInterceptor.RECEIVED);
                        }
                        try (Scope ignored = handler.activate(caller)) {
                            super.onMessage(message);
                        }
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        exchange.closedWith(status);
                        try (Scope ignored = handler.activate(caller)) {
                            super.onClose(status, trailers);
                        } finally {
                            span.finish();
                        }
                    }

                    @Override
                    public void onReady() {
                        try (Scope ignored = handler.activate(caller)) {
                            super.onReady();
                        }
                    }
                };
                started = true;
                try {
                    super.start(tracedListener, headers);
                } catch (RuntimeException | Error e) {
                    span.finish(e);
                    throw e;
                }
            }

            @Override
            public void sendMessage(Q message) {
                if (logStream) {
                    span.span().log(TracingServerInterceptor.SENT);
                }
                super.sendMessage(message);
            }

            @Override
            public void cancel(String message, Throwable cause) {
                span.cancel(message);
                try {
                    super.cancel(message, cause);
                } finally {
                    if (!started) {
                        span.finish(); // no listener will ever hear of this call
                    }
                }
            }
        };
    }
}
