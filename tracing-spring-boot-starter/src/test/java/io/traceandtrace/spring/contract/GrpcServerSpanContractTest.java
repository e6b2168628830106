package io.traceandtrace.spring.contract;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.grpc.app.EchoTestApplication;
import io.traceandtrace.spring.grpc.echo.EchoGrpc;
import io.traceandtrace.spring.grpc.echo.EchoReply;
import io.traceandtrace.spring.grpc.echo.EchoRequest;
import io.traceandtrace.spring.testing.FreePorts;
import io.traceandtrace.spring.testing.GrpcTestPorts;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server span contract for the gRPC server interceptor, called by a plain (untraced) client over a real socket. */
@GrpcContractTest
class GrpcServerSpanContractTest extends ServerSpanContract {

    private static final int PORT = FreePorts.next();
    private static final ManagedChannel CHANNEL = ManagedChannelBuilder.forAddress("127.0.0.1", PORT).usePlaintext().build();

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) {
        GrpcTestPorts.register(registry, PORT);
    }

    @AfterAll
    static void close() {
        CHANNEL.shutdownNow();
    }

    @Autowired
    CapturingExporter reporter;

    private static EchoGrpc.EchoBlockingStub stub(Map<String, String> headers) {
        Metadata metadata = new Metadata();
        headers.forEach((k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        return EchoGrpc.newBlockingStub(ClientInterceptors.intercept(CHANNEL, MetadataUtils.newAttachHeadersInterceptor(metadata)));
    }

    @Override
    protected StatusTags status() {
        return StatusTags.GRPC;
    }

    @Override
    protected CapturingExporter reporter() {
        return reporter;
    }

    @Override
    protected String callOk(Map<String, String> headers) {
        EchoReply reply = stub(headers).unary(EchoRequest.newBuilder().setText(EchoTestApplication.WHO_AM_I).build());
        return reply.getText();
    }

    @Override
    protected String okName() {
        return "traceandtrace.test.Echo/Unary";
    }

    @Override
    protected String callFailing() {
        assertThatThrownBy(() -> stub(Map.of()).unary(EchoRequest.newBuilder().setFailWith("NOT_FOUND").build()))
                .isInstanceOf(StatusRuntimeException.class);
        return okName();
    }

    @Override
    protected String callThrowing() {
        assertThatThrownBy(() -> stub(Map.of()).unary(EchoRequest.newBuilder().setText("x").setFailWith("CRASH").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL)); // net.devh's exception handling: no @GrpcExceptionHandler matched
        return okName();
    }

    @Override
    protected Class<? extends Throwable> thrown() {
        return IllegalStateException.class;
    }

    @Override
    protected String callTimingOut() {
        callOk(Map.of()); // connected first, so the deadline is spent on the server
        Iterator<EchoReply> replies = stub(Map.of()).withDeadlineAfter(500, TimeUnit.MILLISECONDS)
                .serverStream(EchoRequest.newBuilder().setText("t").setCount(1_000).setSleepMillis(20).build());
        assertThatThrownBy(() -> replies.forEachRemaining(r -> { }))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        return "traceandtrace.test.Echo/ServerStream";
    }

    @Override
    protected String callSkipped() {
        HealthGrpc.newBlockingStub(CHANNEL).check(HealthCheckRequest.getDefaultInstance());
        return "grpc.health";
    }

    @Override
    protected Object thrownStatus() {
        return "INTERNAL";
    }

    @Override
    protected int leakedScopes() {
        return EchoTestApplication.LEAKED_SCOPES.get();
    }
}
