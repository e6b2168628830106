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
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tags;
import io.traceandtrace.spring.ErrorLogs;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client span per outgoing gRPC call, child of the span active when the call is made (an HTTP
 * request's, a {@code @Traced} method's), its context written into the call's metadata.
 */
public class TracingClientInterceptor implements ClientInterceptor {

    private final Tracer tracer;
    private final Set<String> skipServices;
    private final boolean logMessages;

    public TracingClientInterceptor(Tracer tracer, Set<String> skipServices, boolean logMessages) {
        this.tracer = tracer;
        this.skipServices = Set.copyOf(skipServices);
        this.logMessages = logMessages;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (GrpcSpans.skipped(method, skipServices)) {
            return next.newCall(method, options);
        }
        Span span = tracer.buildSpan(GrpcSpans.operationName(method))
                .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT)
                .withTag(Tags.COMPONENT, GrpcSpans.COMPONENT)
                .start();
        GrpcSpans.tagMethod(span, method);
        if (next.authority() != null) {
            span.setTag("peer.address", next.authority());
        }
        if (options.getDeadline() != null) {
            span.setTag("grpc.deadline_millis", options.getDeadline().timeRemaining(java.util.concurrent.TimeUnit.MILLISECONDS));
        }
        AtomicBoolean finished = new AtomicBoolean();
        boolean logStream = GrpcSpans.logsMessages(method, logMessages);
        ClientCall<Q, R> call;
        try (Scope ignored = tracer.activateSpan(span)) {
            call = next.newCall(method, options);
        } catch (RuntimeException | Error e) {
            ErrorLogs.logError(span, e);
            span.finish();
            throw e;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<R> responseListener, Metadata headers) {
                tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new MetadataCarrier(headers));
                Listener<R> tracedListener = new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(responseListener) {
                    @Override
                    public void onMessage(R message) {
                        if (logStream) {
                            span.log(GrpcSpans.RECEIVED);
                        }
                        super.onMessage(message);
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        GrpcSpans.tagStatus(span, status);
                        try {
                            super.onClose(status, trailers);
                        } finally {
                            finishOnce(span, finished);
                        }
                    }
                };
                try {
                    super.start(tracedListener, headers);
                } catch (RuntimeException | Error e) {
                    ErrorLogs.logError(span, e);
                    finishOnce(span, finished);
                    throw e;
                }
            }

            @Override
            public void sendMessage(Q message) {
                if (logStream) {
                    span.log(GrpcSpans.SENT);
                }
                super.sendMessage(message);
            }

            @Override
            public void cancel(String message, Throwable cause) {
                span.log(Map.of("event", "cancelled", "message", String.valueOf(message)));
                super.cancel(message, cause);
            }
        };
    }

    private static void finishOnce(Span span, AtomicBoolean finished) {
        if (finished.compareAndSet(false, true)) {
            span.finish();
        }
    }
}
