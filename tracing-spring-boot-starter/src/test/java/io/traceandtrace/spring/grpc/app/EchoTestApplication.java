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
}
