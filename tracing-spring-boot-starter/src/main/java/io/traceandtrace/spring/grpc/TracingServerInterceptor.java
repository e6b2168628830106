package io.traceandtrace.spring.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tags;
import io.traceandtrace.spring.ErrorLogs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One server span per gRPC call: continues the caller's trace from the metadata, is active in
 * every listener callback (gRPC runs them on executor threads), and finishes when the call
 * completes or is cancelled, tagged with the status the call closed with.
 */
public class TracingServerInterceptor implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(TracingServerInterceptor.class);

    private final Tracer tracer;
    private final Set<String> skipServices;
    private final boolean logMessages;

    public TracingServerInterceptor(Tracer tracer, Set<String> skipServices, boolean logMessages) {
        this.tracer = tracer;
        this.skipServices = Set.copyOf(skipServices);
        this.logMessages = logMessages;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        if (GrpcSpans.skipped(method, skipServices)) {
            return next.startCall(call, headers);
        }
        Span span = start(call, headers);
        boolean logStream = GrpcSpans.logsMessages(method, logMessages);
        ServerCall<Q, R> tracedCall = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendMessage(R message) {
                if (logStream) {
                    span.log(GrpcSpans.SENT);
                }
                super.sendMessage(message);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                GrpcSpans.tagStatus(span, status);
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener;
        try (Scope ignored = tracer.activateSpan(span)) {
            listener = next.startCall(tracedCall, headers);
        } catch (RuntimeException | Error e) {
            ErrorLogs.logError(span, e);
            span.finish();
            throw e;
        }
        return new TracingListener<>(listener, span, logStream);
    }

    private Span start(ServerCall<?, ?> call, Metadata headers) {
        SpanContext parent = null;
        try {
            parent = tracer.extract(Format.Builtin.HTTP_HEADERS, new MetadataCarrier(headers));
        } catch (RuntimeException e) {
            log.debug("Ignoring unreadable trace metadata on {}: {}", call.getMethodDescriptor().getFullMethodName(), e.toString());
        }
        Span span = tracer.buildSpan(GrpcSpans.operationName(call.getMethodDescriptor()))
                .asChildOf(parent)
                .ignoreActiveSpan()
                .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER)
                .withTag(Tags.COMPONENT, GrpcSpans.COMPONENT)
                .start();
        GrpcSpans.tagMethod(span, call.getMethodDescriptor());
        SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (peer != null) {
            span.setTag("peer.address", peer.toString());
        }
        return span;
    }

    private final class TracingListener<Q> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final Span span;
        private final boolean logStream;
        private final AtomicBoolean finished = new AtomicBoolean();

        TracingListener(ServerCall.Listener<Q> delegate, Span span, boolean logStream) {
            super(delegate);
            this.span = span;
            this.logStream = logStream;
        }

        @Override
        public void onMessage(Q message) {
            if (logStream) {
                span.log(GrpcSpans.RECEIVED);
            }
            try (Scope ignored = tracer.activateSpan(span)) {
                super.onMessage(message);
            } catch (RuntimeException | Error e) {
                failed(e);
                throw e;
            }
        }

        @Override
        public void onHalfClose() {
            try (Scope ignored = tracer.activateSpan(span)) {
                super.onHalfClose();
            } catch (RuntimeException | Error e) {
                failed(e);
                throw e;
            }
        }

        @Override
        public void onReady() {
            try (Scope ignored = tracer.activateSpan(span)) {
                super.onReady();
            }
        }

        @Override
        public void onCancel() {
            try (Scope ignored = tracer.activateSpan(span)) {
                // the client went away or its deadline passed before the call closed
                span.log("cancelled");
                Tags.ERROR.set(span, true);
                super.onCancel();
            } finally {
                finish();
            }
        }

        @Override
        public void onComplete() {
            try (Scope ignored = tracer.activateSpan(span)) {
                super.onComplete();
            } finally {
                finish();
            }
        }

        // an exception escaping the service: gRPC closes the call as UNKNOWN without passing our ServerCall
        private void failed(Throwable e) {
            span.setTag(GrpcSpans.STATUS_TAG, Status.UNKNOWN.getCode().name());
            ErrorLogs.logError(span, e);
        }

        private void finish() {
            if (finished.compareAndSet(false, true)) {
                span.finish();
            }
        }
    }
}
