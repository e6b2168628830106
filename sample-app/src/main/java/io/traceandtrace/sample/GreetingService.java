package io.traceandtrace.sample;

import io.traceandtrace.core.Traced;
import io.traceandtrace.sample.grpc.GreeterGrpc;
import io.traceandtrace.sample.grpc.HelloRequest;
import net.devh.boot.grpc.client.inject.GrpcClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Asks the Greeter gRPC service for a greeting; no tracing code, only {@code @Traced}. */
@Service
public class GreetingService {

    private static final Logger log = LoggerFactory.getLogger(GreetingService.class);

    @GrpcClient("greeter")
    private GreeterGrpc.GreeterBlockingStub greeter;

    @Traced
    public String greet(String name) {
        log.info("Greeting {}", name); // carries traceId and spanId in the MDC
        return greeter.sayHello(HelloRequest.newBuilder().setName(name).build()).getMessage();
    }
}
