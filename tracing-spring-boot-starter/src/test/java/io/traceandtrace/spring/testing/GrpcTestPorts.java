package io.traceandtrace.spring.testing;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a test app's gRPC server, and its "echo" client, at one loopback port. */
public final class GrpcTestPorts {

    private GrpcTestPorts() {
    }

    public static void register(DynamicPropertyRegistry registry, int port) {
        registry.add("grpc.server.port", () -> port);
        registry.add("grpc.server.address", () -> "127.0.0.1");
        registry.add("grpc.client.echo.address", () -> "static://127.0.0.1:" + port);
    }
}
