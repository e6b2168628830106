package io.traceandtrace.spring.grpc;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.grpc.app.EchoTestApplication;
import io.traceandtrace.spring.grpc.echo.EchoGrpc;
import io.traceandtrace.spring.grpc.echo.EchoRequest;
import io.traceandtrace.spring.testing.FreePorts;
import io.traceandtrace.spring.testing.GrpcTestPorts;
import io.traceandtrace.spring.testing.Spans;
import net.devh.boot.grpc.client.inject.GrpcClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A sampling rule for one gRPC method, deciding for the client span that starts a trace and for a server root. */
@SpringBootTest(classes = {EchoTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"tracing.sampler.type=const", "tracing.sampler.param=1",
                "grpc.client.echo.negotiation-type=plaintext",
                "tracing.sampler.rules[0].grpc-service=traceandtrace.test.Echo", "tracing.sampler.rules[0].grpc-method=Unary",
                "tracing.sampler.rules[0].type=const", "tracing.sampler.rules[0].param=0"})
class SamplingRulesGrpcTest {

    private static final int PORT = FreePorts.next();

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) {
        GrpcTestPorts.register(registry, PORT);
    }

    @GrpcClient("echo")
    EchoGrpc.EchoBlockingStub echo;

    @Autowired
    CapturingExporter reporter;

    @Test
    void theMatchedMethodIsNotSampledOtherMethodsAre() {
        echo.unary(EchoRequest.newBuilder().setText("quiet").build()); // traced client, no active span: a root
        ManagedChannel plain = ManagedChannelBuilder.forAddress("127.0.0.1", PORT).usePlaintext().build();
        try {
            EchoGrpc.newBlockingStub(plain).unary(EchoRequest.newBuilder().setText("untraced caller").build());
        } finally {
            plain.shutdownNow();
        }
        echo.serverStream(EchoRequest.newBuilder().setText("s").setCount(1).build()).forEachRemaining(r -> { });
        List<JaegerSpan> spans = Spans.awaitSpans(reporter, list -> list.stream()
                .filter(s -> s.getOperationName().equals("traceandtrace.test.Echo/ServerStream")).count() == 2);
        assertThat(spans).extracting(JaegerSpan::getOperationName)
                .containsOnly("traceandtrace.test.Echo/ServerStream");
    }
}
