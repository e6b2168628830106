package io.traceandtrace.spring.contract;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.grpc.TracingClientInterceptor;
import io.traceandtrace.spring.grpc.app.EchoTestApplication;
import io.traceandtrace.spring.grpc.echo.EchoGrpc;
import io.traceandtrace.spring.grpc.echo.EchoReply;
import io.traceandtrace.spring.grpc.echo.EchoRequest;
import io.grpc.stub.StreamObserver;
import io.traceandtrace.spring.testing.FreePorts;
import io.traceandtrace.spring.testing.GrpcTestPorts;
import io.traceandtrace.spring.testing.Spans;
import net.devh.boot.grpc.client.inject.GrpcClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client span contract for the gRPC client interceptor (net.devh's global one), over a real socket. */
@GrpcContractTest
class GrpcClientSpanContractTest extends ClientSpanContract {

    private static final int PORT = FreePorts.next();
    private static final String UNARY = "traceandtrace.test.Echo/Unary";

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) {
        GrpcTestPorts.register(registry, PORT);
    }

    @GrpcClient("echo")
    EchoGrpc.EchoBlockingStub echo;

    @GrpcClient("echo")
    Channel channel;

    @Autowired
    CapturingExporter reporter;

    @Autowired
    Tracer tracer;

    @Autowired
    TracingClientInterceptor interceptor;

    /** Connected first, so a deadline is spent on the server, not on connecting. */
    @org.junit.jupiter.api.BeforeEach
    void connect() {
        callOk();
        Spans.awaitSpans(reporter, list -> list.stream().anyMatch(s -> is(s, "server", UNARY))
                && list.stream().anyMatch(s -> is(s, "client", UNARY)));
        reporter.clear();
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
    protected Tracer tracer() {
        return tracer;
    }

    @Override
    protected void callOk() {
        assertThat(echo.unary(EchoRequest.newBuilder().setText("ok").build()).getText()).isEqualTo("echo ok");
    }

    @Override
    protected void callFailing() {
        assertThatThrownBy(() -> echo.unary(EchoRequest.newBuilder().setFailWith("NOT_FOUND").build()))
                .isInstanceOf(StatusRuntimeException.class);
    }

    @Override
    protected void callUnreachable() {
        ManagedChannel nowhere = ManagedChannelBuilder.forAddress("127.0.0.1", FreePorts.next()).usePlaintext().build();
        try {
            assertThatThrownBy(() -> EchoGrpc.newBlockingStub(ClientInterceptors.intercept(nowhere, interceptor))
                    .unary(EchoRequest.newBuilder().setText("lost").build())).isInstanceOf(StatusRuntimeException.class);
        } finally {
            nowhere.shutdownNow();
        }
    }

    @Override
    protected void callTimingOut() {
        assertThatThrownBy(() -> echo.withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                .unary(EchoRequest.newBuilder().setText("slow").setSleepMillis(1_000).build()))
                .isInstanceOf(StatusRuntimeException.class);
    }

    @Override
    protected String slowServerName() {
        return UNARY;
    }

    @Override
    protected String clientName() {
        return UNARY;
    }

    @Override
    protected String serverName() {
        return UNARY;
    }

    @Override
    protected Map<String, String> lastHeadersReceived() {
        Metadata metadata = EchoTestApplication.LAST_METADATA.get();
        Map<String, String> headers = new HashMap<>();
        for (String key : metadata.keys()) {
            if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                headers.put(key, metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
            }
        }
        return headers;
    }

    @Test
    void aCallCancelledBeforeItStartedIsFinished() {
        ClientCall<EchoRequest, ?> call = ClientInterceptors.intercept(channel, interceptor)
                .newCall(EchoGrpc.getUnaryMethod(), CallOptions.DEFAULT);
        call.cancel("changed my mind", null);
        JaegerSpan client = span("client", UNARY);
        assertThat(client.getTags()).containsEntry("error", true);
        assertThat(Spans.logs(client)).anySatisfy(log -> assertThat(log).containsEntry("event", "cancelled")
                .containsEntry("message", "changed my mind"));
    }

    @Test
    void skippedServicesMakeNoClientSpan() {
        HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
        callOk();
        span("client", UNARY);
        assertThat(reporter.spans()).extracting(JaegerSpan::getOperationName).noneMatch(n -> n.startsWith("grpc.health"));
    }

    @GrpcClient("echo")
    EchoGrpc.EchoStub async;

    @Test
    void theResponseCallbacksOfAnAsyncStubRunUnderTheCallersSpan() throws Exception {
        Span caller = tracer.buildSpan("caller").start();
        CompletableFuture<String> onNext = new CompletableFuture<>();
        CompletableFuture<String> onCompleted = new CompletableFuture<>();
        try (Scope ignored = tracer.activateSpan(caller)) {
            async.unary(EchoRequest.newBuilder().setText("callbacks").build(), new StreamObserver<>() {
                @Override
                public void onNext(EchoReply reply) {
                    onNext.complete(activeSpanId());
                }

                @Override
                public void onError(Throwable error) {
                    onCompleted.completeExceptionally(error);
                }

                @Override
                public void onCompleted() {
                    onCompleted.complete(activeSpanId());
                }
            });
        }
        String callerId = ((JaegerSpanContext) caller.context()).toSpanId();
        assertThat(onNext.get(10, TimeUnit.SECONDS)).isEqualTo(callerId);
        assertThat(onCompleted.get(10, TimeUnit.SECONDS)).isEqualTo(callerId);
        caller.finish();
    }

    private String activeSpanId() {
        Span active = tracer.activeSpan();
        return active == null ? "no active span" : ((JaegerSpanContext) active.context()).toSpanId();
    }
}
