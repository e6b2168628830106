package io.traceandtrace.spring.grpc.app;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.traceandtrace.core.Traced;
import io.traceandtrace.spring.grpc.echo.EchoGrpc;
import io.traceandtrace.spring.grpc.echo.EchoReply;
import io.traceandtrace.spring.grpc.echo.EchoRequest;
import net.devh.boot.grpc.server.advice.GrpcAdvice;
import net.devh.boot.grpc.server.advice.GrpcExceptionHandler;
import net.devh.boot.grpc.server.service.GrpcService;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

/** A gRPC server (and client) app, no web server. */
@SpringBootApplication
public class EchoTestApplication {

    @Component
    public static class Replies {
        @Traced
        public String reply(String text) {
            return "echo " + text;
        }
    }

    @GrpcService
    public static class EchoService extends EchoGrpc.EchoImplBase {

        private final Replies replies;

        EchoService(Replies replies) {
            this.replies = replies;
        }

        private static boolean failed(EchoRequest request, StreamObserver<?> out) {
            if (request.getFailWith().isEmpty()) {
                return false;
            }
            if (request.getFailWith().equals("THROW")) {
                throw new IllegalArgumentException("no such text: " + request.getText());
            }
            out.onError(Status.fromCode(Status.Code.valueOf(request.getFailWith())).withDescription("asked to fail").asRuntimeException());
            return true;
        }

        private static void sleep(EchoRequest request) {
            if (request.getSleepMillis() > 0) {
                try {
                    Thread.sleep(request.getSleepMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void unary(EchoRequest request, StreamObserver<EchoReply> out) {
            if (request.getText().equals(WHO_AM_I)) {
                io.opentracing.Span active = TRACER.get().activeSpan();
                out.onNext(EchoReply.newBuilder().setText((active == null ? "none" : active.context().toSpanId())
                        + " " + org.slf4j.MDC.get("spanId")).build());
                out.onCompleted();
                return;
            }
            if (request.getFailWith().equals("CRASH")) {
                throw new IllegalStateException("crashed on " + request.getText()); // no @GrpcAdvice handles it
            }
            sleep(request);
            if (failed(request, out)) {
                return;
            }
            out.onNext(EchoReply.newBuilder().setText(replies.reply(request.getText())).build());
            out.onCompleted();
        }

        @Override
        public void serverStream(EchoRequest request, StreamObserver<EchoReply> out) {
            ServerCallStreamObserver<EchoReply> call = (ServerCallStreamObserver<EchoReply>) out;
            for (int i = 0; i < request.getCount() && !call.isCancelled(); i++) {
                out.onNext(EchoReply.newBuilder().setText(request.getText() + i).build());
                sleep(request);
            }
            out.onCompleted();
        }

        @Override
        public StreamObserver<EchoRequest> clientStream(StreamObserver<EchoReply> out) {
            return new StreamObserver<>() {
                private int count;

                @Override
                public void onNext(EchoRequest value) {
                    count++;
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    out.onNext(EchoReply.newBuilder().setText("got " + count).build());
                    out.onCompleted();
                }
            };
        }

        @Override
        public StreamObserver<EchoRequest> bidi(StreamObserver<EchoReply> out) {
            return new StreamObserver<>() {
                @Override
                public void onNext(EchoRequest value) {
                    out.onNext(EchoReply.newBuilder().setText(replies.reply(value.getText())).build());
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    out.onCompleted();
                }
            };
        }
    }

    @GrpcAdvice
    public static class Advice {
        @GrpcExceptionHandler(IllegalArgumentException.class)
        public Status invalid(IllegalArgumentException e) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).withCause(e);
        }
    }

    // ---- for the span contract tests (ServerSpanContract, ClientSpanContract) ----

    /** Text of a unary request that is answered with the active span's id and the MDC's span id. */
    public static final String WHO_AM_I = "__who_am_i__";
    /** Calls that found a span active, or a span id in the MDC, when they reached the server: a leaked scope. */
    public static final java.util.concurrent.atomic.AtomicInteger LEAKED_SCOPES = new java.util.concurrent.atomic.AtomicInteger();
    /** Metadata of the last call the server received. */
    public static final java.util.concurrent.atomic.AtomicReference<io.grpc.Metadata> LAST_METADATA = new java.util.concurrent.atomic.AtomicReference<>();
    static final java.util.concurrent.atomic.AtomicReference<io.opentracing.Tracer> TRACER = new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * Outside ours: checks for leaked scopes on every callback thread, records the metadata, and
     * leaves a stray span active when the caller asks with {@code x-stray-span}.
     */
    @org.springframework.context.annotation.Bean
    @net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor
    @org.springframework.core.annotation.Order(io.traceandtrace.spring.grpc.TracingGrpcAutoConfiguration.INTERCEPTOR_ORDER - 10)
    io.grpc.ServerInterceptor contractCheck(io.opentracing.Tracer tracer) {
        TRACER.set(tracer);
        return new io.grpc.ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, io.grpc.Metadata headers,
                                                                     io.grpc.ServerCallHandler<Q, R> next) {
                LAST_METADATA.set(headers);
                check();
                boolean stray = headers.containsKey(io.grpc.Metadata.Key.of("x-stray-span", io.grpc.Metadata.ASCII_STRING_MARSHALLER));
                io.grpc.ServerCall.Listener<Q> listener;
                if (stray) {
                    io.opentracing.Span span = tracer.buildSpan("stray").start();
                    try (io.opentracing.Scope ignored = tracer.activateSpan(span)) {
                        listener = next.startCall(call, headers);
                    } finally {
                        span.finish();
                    }
                } else {
                    listener = next.startCall(call, headers);
                }
                return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
                    @Override
                    public void onMessage(Q message) {
                        check();
                        super.onMessage(message);
                    }

                    @Override
                    public void onHalfClose() {
                        check();
                        super.onHalfClose();
                    }
                };
            }

            private void check() {
                if (tracer.activeSpan() != null || org.slf4j.MDC.get("spanId") != null) {
                    LEAKED_SCOPES.incrementAndGet();
                }
            }
        };
    }

    /** Renames a span when asked by metadata, and tags what our defaults decided: it runs after them. */
    @org.springframework.context.annotation.Bean
    io.traceandtrace.spring.handler.GrpcServerSpanCustomizer contractServerHook() {
        io.grpc.Metadata.Key<String> rename = io.grpc.Metadata.Key.of("x-span-name", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
        return (exchange, span) -> {
            span.tag("hook.status", exchange.status() == null ? "none" : exchange.status().getCode().name());
            if (exchange.headers() != null && exchange.headers().get(rename) != null) {
                span.name(exchange.headers().get(rename));
            }
        };
    }

    @org.springframework.context.annotation.Bean
    io.traceandtrace.spring.handler.GrpcClientSpanCustomizer contractClientHook() {
        return (exchange, span) -> span.tag("hook.status", exchange.status() == null ? "none" : exchange.status().getCode().name());
    }
}
