package io.traceandtrace.spring.grpc;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.jaegertracing.internal.JaegerSpan;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.grpc.app.EchoTestApplication;
import io.traceandtrace.spring.grpc.echo.EchoGrpc;
import io.traceandtrace.spring.grpc.echo.EchoReply;
import io.traceandtrace.spring.grpc.echo.EchoRequest;
import io.traceandtrace.spring.testing.HostileHeaders;
import io.traceandtrace.spring.testing.Spans;
import net.devh.boot.grpc.client.inject.GrpcClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.traceandtrace.spring.testing.Spans.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** gRPC server and client spans over a real socket, through net.devh's global interceptors. */
@SpringBootTest(classes = {EchoTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"tracing.reporter.max-queue-size=10000",
                "tracing.sampler.type=const", "tracing.sampler.param=1", "tracing.propagation=sw8,jaeger,w3c,b3", "tracing.span.max-logs=50",
                "spring.application.name=echo", "grpc.client.echo.negotiation-type=plaintext"})
class TracingGrpcTest {

    private static final String UNARY = "traceandtrace.test.Echo/Unary";
    private static final String TRACE = "463ac35c9f6413ad48485a3953bb6124";
    private static final String SPAN = "a2fb4a1d1a96d312";
    private static final int PORT = freePort();

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) {
        registry.add("grpc.server.port", () -> PORT);
        registry.add("grpc.server.address", () -> "127.0.0.1");
        registry.add("grpc.client.echo.address", () -> "static://127.0.0.1:" + PORT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @GrpcClient("echo")
    EchoGrpc.EchoBlockingStub blocking;

    @GrpcClient("echo")
    EchoGrpc.EchoStub async;

    @Autowired
    CapturingExporter reporter;

    @Autowired
    Tracer tracer;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void clear() {
        reporter.clear();
    }

    private static EchoRequest request(String text) {
        return EchoRequest.newBuilder().setText(text).build();
    }

    private JaegerSpan server(String method) {
        return Spans.awaitSpans(reporter, list -> list.stream().anyMatch(s -> s.getOperationName().equals(method)
                && "server".equals(s.getTags().get("span.kind")))).stream()
                .filter(s -> s.getOperationName().equals(method) && "server".equals(s.getTags().get("span.kind")))
                .findFirst().orElseThrow();
    }

    private JaegerSpan client(String method) {
        return Spans.awaitSpans(reporter, list -> list.stream().anyMatch(s -> s.getOperationName().equals(method)
                && "client".equals(s.getTags().get("span.kind")))).stream()
                .filter(s -> s.getOperationName().equals(method) && "client".equals(s.getTags().get("span.kind")))
                .findFirst().orElseThrow();
    }

    @Test
    void aUnaryCallIsAClientAndAServerSpanUnderTheActiveSpan() {
        Span parent = tracer.buildSpan("caller").start();
        EchoReply reply;
        try (Scope ignored = tracer.activateSpan(parent)) {
            reply = blocking.unary(request("hi"));
        }
        parent.finish();
        assertThat(reply.getText()).isEqualTo("echo hi");

        JaegerSpan client = client(UNARY);
        JaegerSpan server = server(UNARY);
        JaegerSpan caller = Spans.awaitNamed(reporter, "caller");
        JaegerSpan inside = Spans.awaitNamed(reporter, "Replies.reply");
        assertThat(Spans.isChildOf(client, caller)).isTrue();
        assertThat(Spans.isChildOf(server, client)).isTrue();
        assertThat(Spans.isChildOf(inside, server)).as("the service runs under the server span").isTrue();
        assertThat(server.getTags()).containsEntry("component", "grpc")
                .containsEntry("rpc.service", "traceandtrace.test.Echo")
                .containsEntry("rpc.method", "Unary")
                .containsEntry("grpc.status_code", "OK")
                .containsKey("peer.address")
                .doesNotContainKey("error");
        assertThat(client.getTags()).containsEntry("grpc.status_code", "OK").containsEntry("span.kind", "client");
        assertThat(server.getLogs()).as("a unary call logs no messages").isNullOrEmpty();
        assertThat(client.getLogs()).isNullOrEmpty();
    }

    @Test
    void streamingCallsInEachDirection() throws Exception {
        Iterator<EchoReply> replies = blocking.serverStream(EchoRequest.newBuilder().setText("s").setCount(5).build());
        int received = 0;
        while (replies.hasNext()) {
            replies.next();
            received++;
        }
        assertThat(received).isEqualTo(5);
        JaegerSpan serverStream = server("traceandtrace.test.Echo/ServerStream");
        assertThat(Spans.logs(serverStream)).filteredOn(l -> "message sent".equals(l.get("event"))).hasSize(5);

        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<EchoRequest> upload = async.clientStream(observer(done));
        for (int i = 0; i < 3; i++) {
            upload.onNext(request("u" + i));
        }
        upload.onCompleted();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        JaegerSpan clientStream = server("traceandtrace.test.Echo/ClientStream");
        assertThat(Spans.logs(clientStream)).filteredOn(l -> "message received".equals(l.get("event"))).hasSize(3);

        CountDownLatch bidiDone = new CountDownLatch(1);
        StreamObserver<EchoRequest> bidi = async.bidi(observer(bidiDone));
        bidi.onNext(request("a"));
        bidi.onNext(request("b"));
        bidi.onCompleted();
        assertThat(bidiDone.await(5, TimeUnit.SECONDS)).isTrue();
        JaegerSpan bidiServer = server("traceandtrace.test.Echo/Bidi");
        // the service's @Traced calls happen in onMessage callbacks, on gRPC executor threads
        List<JaegerSpan> spans = Spans.awaitSpans(reporter, list -> list.stream()
                .filter(s -> s.getOperationName().equals("Replies.reply")).count() == 2);
        assertThat(spans).filteredOn(s -> s.getOperationName().equals("Replies.reply"))
                .allSatisfy(s -> assertThat(Spans.isChildOf(s, bidiServer)).isTrue());
        assertThat(Spans.isChildOf(bidiServer, client("traceandtrace.test.Echo/Bidi"))).isTrue();
    }

    private static <T> StreamObserver<T> observer(CountDownLatch done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
            }

            @Override
            public void onError(Throwable t) {
                done.countDown();
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }
        };
    }

    @Test
    void aNonOkStatusIsAnErrorOnBothSides() {
        assertThatThrownBy(() -> blocking.unary(EchoRequest.newBuilder().setText("x").setFailWith("NOT_FOUND").build()))
                .isInstanceOf(StatusRuntimeException.class);
        assertThat(server(UNARY).getTags()).containsEntry("grpc.status_code", "NOT_FOUND").containsEntry("error", true);
        assertThat(client(UNARY).getTags()).containsEntry("grpc.status_code", "NOT_FOUND").containsEntry("error", true);
    }

    @Test
    void theStatusChosenByGrpcAdviceLandsInTheSpan() {
        assertThatThrownBy(() -> blocking.unary(EchoRequest.newBuilder().setText("x").setFailWith("THROW").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        JaegerSpan server = server(UNARY);
        assertThat(server.getTags()).containsEntry("grpc.status_code", "INVALID_ARGUMENT").containsEntry("error", true);
        assertThat(Spans.logs(server)).anySatisfy(l -> assertThat(l.get("error.kind")).isEqualTo(IllegalArgumentException.class.getName()));
    }

    @Test
    void deadlineExceeded() {
        blocking.unary(request("warm-up")); // connected, so the deadline is spent on the server
        server(UNARY);
        reporter.clear();
        assertThatThrownBy(() -> blocking.withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                .unary(EchoRequest.newBuilder().setText("slow").setSleepMillis(1500).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        assertThat(client(UNARY).getTags()).containsEntry("grpc.status_code", "DEADLINE_EXCEEDED").containsEntry("error", true);
        JaegerSpan server = server(UNARY);
        assertThat(server.getTags()).containsEntry("error", true);
        assertThat(Spans.logs(server)).anySatisfy(l -> assertThat(l.get("event")).isEqualTo("cancelled"));
    }

    @Test
    void cancellationFinishesBothSpans() throws Exception {
        Context.CancellableContext cancellable = Context.current().withCancellation();
        Iterator<EchoReply> replies = cancellable.call(() -> blocking.serverStream(
                EchoRequest.newBuilder().setText("c").setCount(1000).setSleepMillis(20).build()));
        replies.next();
        cancellable.cancel(null);
        JaegerSpan client = client("traceandtrace.test.Echo/ServerStream");
        assertThat(client.getTags()).containsEntry("grpc.status_code", "CANCELLED");
        JaegerSpan server = server("traceandtrace.test.Echo/ServerStream");
        assertThat(Spans.logs(server)).anySatisfy(l -> assertThat(l.get("event")).isEqualTo("cancelled"));
    }

    @Test
    void continuesTheCallersTraceFromMetadataInEveryFormat() {
        String[][] callers = {
                {"uber-trace-id", TRACE + ":" + SPAN + ":0:1"},
                {"traceparent", "00-" + TRACE + "-" + SPAN + "-01"},
                {"b3", TRACE + "-" + SPAN + "-1"},
                {"x-b3-traceid", TRACE, "x-b3-spanid", SPAN, "x-b3-sampled", "1"},
        };
        for (String[] header : callers) {
            reporter.clear();
            Metadata metadata = new Metadata();
            for (int i = 0; i < header.length; i += 2) {
                metadata.put(Metadata.Key.of(header[i], Metadata.ASCII_STRING_MARSHALLER), header[i + 1]);
            }
            // a caller outside our tracing: a bare channel and its own headers
            io.grpc.ManagedChannel channel = io.grpc.ManagedChannelBuilder.forAddress("127.0.0.1", PORT).usePlaintext().build();
            try {
                EchoGrpc.newBlockingStub(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata)))
                        .unary(request("p"));
            } finally {
                channel.shutdownNow();
            }
            JaegerSpan server = server(UNARY);
            assertThat(server.context().getTraceIdLow()).as(header[0]).isEqualTo(Long.parseUnsignedLong(TRACE.substring(16), 16));
            assertThat(server.context().getParentId()).as(header[0]).isEqualTo(Long.parseUnsignedLong(SPAN, 16));
        }
    }

    @Test
    void malformedMetadataStartsANewTrace() {
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("uber-trace-id", Metadata.ASCII_STRING_MARSHALLER), "nonsense");
        metadata.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), "00-bad");
        io.grpc.ManagedChannel channel = io.grpc.ManagedChannelBuilder.forAddress("127.0.0.1", PORT).usePlaintext().build();
        try {
            EchoReply reply = EchoGrpc.newBlockingStub(ClientInterceptors.intercept(channel,
                    MetadataUtils.newAttachHeadersInterceptor(metadata))).unary(request("m"));
            assertThat(reply.getText()).isEqualTo("echo m");
        } finally {
            channel.shutdownNow();
        }
        assertThat(server(UNARY).context().getParentId()).isZero();
    }

    @Test
    void aLongStreamStaysWithinTheLogLimit() {
        Iterator<EchoReply> replies = blocking.serverStream(EchoRequest.newBuilder().setText("x").setCount(10_000).build());
        int received = 0;
        while (replies.hasNext()) {
            replies.next();
            received++;
        }
        assertThat(received).isEqualTo(10_000);
        JaegerSpan server = server("traceandtrace.test.Echo/ServerStream");
        // 1 request received + 10,000 replies sent = 10,001 logs, 50 kept
        assertThat(server.getLogs()).hasSize(50);
        assertThat(Spans.logs(server).get(24)).containsEntry("event", "dropped Span logs")
                .containsEntry("dropped_log_count", 10_001 - 50 + 1);
        assertThat(client("traceandtrace.test.Echo/ServerStream").getLogs()).hasSize(50);
    }

    @Test
    void healthChecksAreNotTraced() {
        io.grpc.health.v1.HealthGrpc.HealthBlockingStub health = io.grpc.health.v1.HealthGrpc.newBlockingStub(
                io.grpc.ManagedChannelBuilder.forAddress("127.0.0.1", PORT).usePlaintext().build());
        health.check(io.grpc.health.v1.HealthCheckRequest.getDefaultInstance());
        blocking.unary(request("after"));
        List<JaegerSpan> spans = Spans.awaitSpans(reporter, list -> list.stream().anyMatch(s -> s.getOperationName().equals(UNARY)
                && "server".equals(s.getTags().get("span.kind"))));
        assertThat(spans).extracting(JaegerSpan::getOperationName).noneMatch(name -> name.startsWith("grpc.health"));
    }

    @Test
    void netDevhObservationInterceptorsAreOffSoACallIsTracedOnce() {
        assertThat(context.getEnvironment().getProperty("management.tracing.grpc.enabled")).isEqualTo("false");
        assertThat(context.getBeansOfType(io.grpc.ServerInterceptor.class).values())
                .noneMatch(i -> i.getClass().getName().contains("Observation"));
        assertThat(context.getBeansOfType(io.grpc.ServerInterceptor.class).values())
                .anyMatch(i -> i instanceof TracingServerInterceptor);
    }

    @Test
    void hostileMetadataNeverFailsACall() {
        HostileHeaders hostile = new HostileHeaders(42L);
        io.grpc.ManagedChannel channel = io.grpc.ManagedChannelBuilder.forAddress("127.0.0.1", PORT).usePlaintext().build();
        try {
            for (int i = 0; i < 1_000; i++) {
                Metadata metadata = new Metadata();
                for (String[] header : hostile.next()) {
                    metadata.put(Metadata.Key.of(header[0], Metadata.ASCII_STRING_MARSHALLER), header[1]);
                }
                EchoReply reply = EchoGrpc.newBlockingStub(ClientInterceptors.intercept(channel,
                        MetadataUtils.newAttachHeadersInterceptor(metadata))).unary(request("h" + i));
                assertThat(reply.getText()).isEqualTo("echo h" + i);
            }
        } finally {
            channel.shutdownNow();
        }
    }
}
