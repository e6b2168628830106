package io.traceandtrace.core.export.otlp;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentracing.Scope;
import io.traceandtrace.core.export.DropReason;
import io.traceandtrace.core.export.ExportStats;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.settings.Compression;
import io.traceandtrace.core.settings.OtlpProtocol;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.tracer.TracerFactory;
import io.traceandtrace.core.settings.TracerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The otlp reporter over gRPC against a real grpc-java server running the Collector's
 * {@code TraceService}: requests decoded with OpenTelemetry's generated classes, metadata,
 * compression, retries by status code, partial success counted, a hung receiver bounded.
 */
class OtlpGrpcExporterTest {

    /** What the test receiver does with the next calls, in order; then it accepts. */
    private final Queue<Function<ExportTraceServiceRequest, Status>> script = new ConcurrentLinkedQueue<>();
    private final Queue<ExportTraceServiceRequest> received = new ConcurrentLinkedQueue<>();
    private final Queue<Metadata> headers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();
    private volatile boolean hang;
    private volatile ExportTraceServiceResponse answer = ExportTraceServiceResponse.getDefaultInstance();
    private Server server;

    private final class Receiver extends TraceServiceGrpc.TraceServiceImplBase {
        @Override
        public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
            calls.incrementAndGet();
            if (hang) {
                ((ServerCallStreamObserver<ExportTraceServiceResponse>) response).setOnCancelHandler(cancelled::incrementAndGet);
                return; // never answers: the client's deadline must end the call
            }
            Function<ExportTraceServiceRequest, Status> next = script.poll();
            Status status = next == null ? Status.OK : next.apply(request);
            if (!status.isOk()) {
                response.onError(status.asRuntimeException());
                return;
            }
            received.add(request);
            response.onNext(answer);
            response.onCompleted();
        }
    }

    @BeforeEach
    void startReceiver() throws Exception {
        ServerInterceptor keepHeaders = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata metadata,
                                                               ServerCallHandler<Q, R> next) {
                headers.add(metadata);
                return next.startCall(call, metadata);
            }
        };
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(new Receiver(), keepHeaders))
                .build().start();
    }

    @AfterEach
    void stopReceiver() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    private TracerSettings.Builder settings() {
        return TracerSettings.builder("otlp-grpc-test")
                .samplerType(SamplerType.CONST).samplerParam(1.0)
                .reporterType(ReporterType.OTLP).otlpProtocol(OtlpProtocol.GRPC)
                .endpoint("127.0.0.1:" + server.getPort())
                .flushInterval(Duration.ofMillis(50))
                .maxRetryAge(Duration.ofSeconds(20));
    }

    private static Map<String, Span> spans(Queue<ExportTraceServiceRequest> requests) {
        return requests.stream().flatMap(r -> r.getResourceSpansList().stream())
                .flatMap(r -> r.getScopeSpansList().stream()).flatMap(s -> s.getSpansList().stream())
                .collect(Collectors.toMap(Span::getName, s -> s));
    }

    @Test
    void spansArriveAsTheCollectorsTraceServiceReadsThem_withHeadersAsMetadataAndGzip() {
        ExportStats stats = new ExportStats();
        BoundedTracer tracer = new TracerFactory(settings().authToken("t0ken").compression(Compression.GZIP)
                .headers(Map.of("api-key", "s3cret")).tag("region", "test-1").build()).exportStats(stats).create();
        io.opentracing.Span root = tracer.buildSpan("GET /hello").withTag("span.kind", "server").start();
        try (Scope ignored = tracer.activateSpan(root)) {
            tracer.buildSpan("GreetingService.greet").start().finish();
        }
        root.finish();
        tracer.close();

        Map<String, Span> spans = spans(received);
        assertThat(spans).containsOnlyKeys("GET /hello", "GreetingService.greet");
        assertThat(spans.get("GET /hello").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(spans.get("GreetingService.greet").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
        assertThat(spans.get("GreetingService.greet").getParentSpanId()).isEqualTo(spans.get("GET /hello").getSpanId());
        assertThat(spans.get("GET /hello").getTraceId().size()).isEqualTo(16);
        ExportTraceServiceRequest request = received.peek();
        assertThat(request.getResourceSpans(0).getResource().getAttributesList())
                .anySatisfy(kv -> {
                    assertThat(kv.getKey()).isEqualTo("service.name");
                    assertThat(kv.getValue().getStringValue()).isEqualTo("otlp-grpc-test");
                })
                .anySatisfy(kv -> assertThat(kv.getKey()).isEqualTo("region"));
        assertThat(request.getResourceSpans(0).getScopeSpans(0).getScope().getName())
                .isEqualTo("io.traceandtrace:tracing-spring-boot-starter");

        Metadata metadata = headers.peek();
        assertThat(metadata.get(Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("s3cret");
        assertThat(metadata.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("Bearer t0ken");
        assertThat(metadata.get(Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("gzip");
        assertThat(stats.snapshot().sent()).isEqualTo(2);
        assertThat(stats.snapshot().droppedTotal()).isZero();
    }

    @Test
    void unavailableAndResourceExhaustedAreRetried_theServersRetryDelayIsHonoured() {
        script.add(request -> Status.UNAVAILABLE.withDescription("restarting"));
        script.add(request -> Status.UNAVAILABLE);
        ExportStats stats = new ExportStats();
        BoundedTracer tracer = new TracerFactory(settings().build()).exportStats(stats).create();
        tracer.buildSpan("retried").start().finish();
        await().atMost(Duration.ofSeconds(15)).until(() -> stats.snapshot().sent() == 1);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(stats.snapshot().retries()).isEqualTo(2);
        tracer.close();

        com.google.rpc.Status exhausted = com.google.rpc.Status.newBuilder().setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                .setMessage("slow down").addDetails(Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder().setNanos(300_000_000)).build())).build();
        assertThat(OtlpGrpcExporter.retryDelay(StatusProto.toStatusRuntimeException(exhausted)))
                .isEqualTo(Duration.ofMillis(300));
        assertThat(OtlpGrpcExporter.retryDelay(Status.UNAVAILABLE.asRuntimeException())).isNull();
    }

    @Test
    void aStatusRetryingCannotHelpDropsTheSpansAtOnce() {
        script.add(request -> Status.INVALID_ARGUMENT.withDescription("bad span"));
        ExportStats stats = new ExportStats();
        BoundedTracer tracer = new TracerFactory(settings().build()).exportStats(stats).create();
        tracer.buildSpan("one").start().finish();
        tracer.buildSpan("two").start().finish();
        tracer.close();
        ExportStats.Snapshot counts = stats.snapshot();
        assertThat(counts.dropped(DropReason.SEND_FAILED)).isEqualTo(2);
        assertThat(counts.retries()).isZero();
        assertThat(counts.lastError()).contains("INVALID_ARGUMENT").contains("bad span");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void aPartialSuccessCountsTheRejectedSpans_andIsNotRetried() {
        answer = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(1).setErrorMessage("attribute too long")).build();
        ExportStats stats = new ExportStats();
        BoundedTracer tracer = new TracerFactory(settings().flushInterval(Duration.ofMinutes(10)).build()).exportStats(stats).create();
        for (int i = 0; i < 3; i++) {
            tracer.buildSpan("span " + i).start().finish();
        }
        tracer.close();
        ExportStats.Snapshot counts = stats.snapshot();
        assertThat(calls.get()).isEqualTo(1);
        assertThat(counts.sent()).isEqualTo(2);
        assertThat(counts.dropped(DropReason.REJECTED)).isEqualTo(1);
        assertThat(counts.retries()).isZero();
    }

    @Test
    void aHungReceiverIsCutOffByTheExportTimeout_andNeverHoldsUpTheFinishingThread() {
        hang = true;
        ExportStats stats = new ExportStats();
        BoundedTracer tracer = new TracerFactory(settings().connectTimeout(Duration.ofMillis(200))
                .readTimeout(Duration.ofMillis(300)).maxRetryAge(Duration.ofSeconds(2)).build()).exportStats(stats).create();
        for (int i = 0; i < 50; i++) {
            tracer.buildSpan("while hung " + i).start().finish(); // returns at once: the queue takes it
        }
        assertThat(stats.snapshot().queued()).isEqualTo(50);
        await().atMost(Duration.ofSeconds(20)).until(() -> stats.snapshot().dropped(DropReason.SEND_FAILED) == 50);
        // every call the receiver left hanging was ended by the client's deadline, not by the receiver
        await().atMost(Duration.ofSeconds(5)).until(() -> cancelled.get() == calls.get());
        assertThat(calls.get()).isPositive();
        assertThat(stats.snapshot().lastError()).contains("DEADLINE_EXCEEDED");
        tracer.close();
    }

    @Test
    void describeNamesTheReceiverButNoHeader() {
        TracerSettings settings = settings().headers(Map.of("api-key", "s3cret")).build();
        OtlpGrpcExporter exporter = (OtlpGrpcExporter) TracerFactory.buildExporter(settings);
        try {
            assertThat(exporter.describe()).isEqualTo("http://127.0.0.1:" + server.getPort() + " (otlp/grpc)")
                    .doesNotContain("s3cret");
        } finally {
            exporter.close();
        }
        OtlpGrpcExporter tls = new OtlpGrpcExporter("https://otel.example.com:4317/", Map.of(), Duration.ofSeconds(1), false);
        assertThat(tls.describe()).isEqualTo("https://otel.example.com:4317 (otlp/grpc)");
        tls.close();
        assertThat(List.of(OtlpProtocol.values())).extracting(OtlpProtocol::id).containsExactly("http/protobuf", "grpc");
    }
}
