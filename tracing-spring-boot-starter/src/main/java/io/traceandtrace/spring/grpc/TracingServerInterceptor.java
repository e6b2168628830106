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
import io.traceandtrace.spring.handler.CallSpan;
import io.traceandtrace.spring.handler.GrpcExchange;
import io.traceandtrace.spring.handler.ServerSpanHandler;

import java.net.SocketAddress;
import java.util.Map;
import java.util.Set;

/**
 * The gRPC server adapter of {@link ServerSpanHandler}: one server span per call, active in every
 * listener callback (gRPC runs them on executor threads), finished when the call completes or is
 * cancelled, with the status it closed with.
 */
public class TracingServerInterceptor implements ServerInterceptor {

    static final Map<String, ?> RECEIVED = Map.of("event", "message received");
    static final Map<String, ?> SENT = Map.of("event", "message sent");

    private final ServerSpanHandler<GrpcExchange> handler;
    private final Set<String> skipServices;
    private final boolean logMessages;

    public TracingServerInterceptor(ServerSpanHandler<GrpcExchange> handler, Set<String> skipServices, boolean logMessages) {
        this.handler = handler;
        this.skipServices = Set.copyOf(skipServices);
        this.logMessages = logMessages;
    }

    /** Messages are logged on streaming calls only: a unary call's one message tells nothing. */
    static boolean logsMessages(MethodDescriptor<?, ?> method, boolean logMessages) {
        return logMessages && method.getType() != MethodDescriptor.MethodType.UNARY;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        if (skipServices.contains(method.getServiceName())) {
            return next.startCall(call, headers);
        }
        SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        GrpcExchange exchange = new GrpcExchange(method, headers, peer != null ? peer.toString() : null, call);
        CallSpan<GrpcExchange> span = handler.start(exchange, new MetadataCarrier(headers));
        boolean logStream = logsMessages(method, logMessages);
        ServerCall<Q, R> tracedCall = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendMessage(R message) {
                if (logStream) {
                    span.span().log(SENT);
                }
                super.sendMessage(message);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                exchange.closedWith(status);
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener;
        try (Scope ignored = span.activate()) {
            listener = next.startCall(tracedCall, headers);
        } catch (RuntimeException | Error e) {
            span.finish(e);
            throw e;
        }
        return new TracingListener<>(listener, span, logStream);
    }

    private static final class TracingListener<Q> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final CallSpan<GrpcExchange> span;
        private final boolean logStream;

        TracingListener(ServerCall.Listener<Q> delegate, CallSpan<GrpcExchange> span, boolean logStream) {
            super(delegate);
            this.span = span;
            this.logStream = logStream;
        }

        @Override
        public void onMessage(Q message) {
            if (logStream) {
                span.span().log(RECEIVED);
            }
            try (Scope ignored = span.activate()) {
                super.onMessage(message);
            } catch (RuntimeException | Error e) {
                span.error(e); // gRPC closes the call as UNKNOWN without passing our ServerCall
                throw e;
            }
        }

        @Override
        public void onHalfClose() {
            try (Scope ignored = span.activate()) {
                super.onHalfClose();
            } catch (RuntimeException | Error e) {
                span.error(e);
                throw e;
            }
        }

        @Override
        public void onReady() {
            try (Scope ignored = span.activate()) {
                super.onReady();
            }
        }

        @Override
        public void onCancel() {
            try (Scope ignored = span.activate()) {
                span.cancel("the client cancelled or its deadline passed");
                super.onCancel();
            } finally {
                span.finish();
            }
        }

        @Override
        public void onComplete() {
            try (Scope ignored = span.activate()) {
                super.onComplete();
            } finally {
                span.finish();
            }
        }
    }
}
