package io.traceandtrace.sample;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.traceandtrace.sample.grpc.GreeterGrpc;
import io.traceandtrace.sample.grpc.HelloReply;
import io.traceandtrace.sample.grpc.HelloRequest;
import net.devh.boot.grpc.server.service.GrpcService;

/** The gRPC side of the sample: {@code sample.Greeter/SayHello}; a name too long is refused, so a failed trace can be seen too. */
@GrpcService
public class GreeterService extends GreeterGrpc.GreeterImplBase {

    static final int MAX_NAME_LENGTH = 64;

    @Override
    public void sayHello(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
        if (request.getName().length() > MAX_NAME_LENGTH) {
            responseObserver.onError(Status.INVALID_ARGUMENT
                    .withDescription("name is longer than " + MAX_NAME_LENGTH + " characters").asRuntimeException());
            return;
        }
        responseObserver.onNext(HelloReply.newBuilder().setMessage("Hello, " + request.getName() + "!").build());
        responseObserver.onCompleted();
    }
}
