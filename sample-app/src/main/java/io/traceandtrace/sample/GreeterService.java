package io.traceandtrace.sample;

import io.grpc.stub.StreamObserver;
import io.traceandtrace.sample.grpc.GreeterGrpc;
import io.traceandtrace.sample.grpc.HelloReply;
import io.traceandtrace.sample.grpc.HelloRequest;
import net.devh.boot.grpc.server.service.GrpcService;

/** The gRPC side of the sample: {@code sample.Greeter/SayHello}. */
@GrpcService
public class GreeterService extends GreeterGrpc.GreeterImplBase {

    @Override
    public void sayHello(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
        responseObserver.onNext(HelloReply.newBuilder().setMessage("Hello, " + request.getName() + "!").build());
        responseObserver.onCompleted();
    }
}
