package io.traceandtrace.core.export.otlp;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
import io.traceandtrace.core.export.ExportException;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Spans to an OTLP/gRPC receiver ({@code opentelemetry.proto.collector.trace.v1.TraceService/Export},
 * port 4317), with the same messages as {@link OtlpHttpExporter} ({@link OtlpMessages}) through
 * grpc-java and the stubs in {@code opentelemetry-proto}. One call per message, bounded by the export
 * timeout; the status codes opentelemetry-java retries are transient (with the server's
 * {@code RetryInfo} delay), the others permanent. Needs grpc-java on the classpath, as the
 * skywalking exporter does.
 */
public final class OtlpGrpcExporter extends OtlpSpanExporter {

    private static final Set<Status.Code> RETRYABLE = Set.of(Status.Code.CANCELLED, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.OUT_OF_RANGE, Status.Code.UNAVAILABLE,
            Status.Code.DATA_LOSS);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private final String target;
    private final boolean tls;
    private final Duration timeout;
    private final ManagedChannel channel;
    private final TraceServiceGrpc.TraceServiceBlockingStub stub;

    /**
     * @param endpoint {@code host:port}, {@code http://host:port} (plain text) or {@code https://host:port} (TLS)
     * @param headers  sent as metadata with every call (API keys, Authorization): never logged
     * @param timeout  how long one call may take, the receiver's answer included
     */
    public OtlpGrpcExporter(String endpoint, Map<String, String> headers, Duration timeout, boolean gzip) {
        String lower = endpoint.toLowerCase(Locale.ROOT);
        this.tls = lower.startsWith("https://");
        String hostPort = lower.startsWith("http://") || tls ? endpoint.substring(endpoint.indexOf("://") + 3) : endpoint;
        this.target = hostPort.endsWith("/") ? hostPort.substring(0, hostPort.length() - 1) : hostPort;
        this.timeout = timeout;
        ChannelCredentials credentials = tls ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
        this.channel = Grpc.newChannelBuilder(target, credentials).build();
        Metadata metadata = new Metadata();
        headers.forEach((name, value) -> metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
        TraceServiceGrpc.TraceServiceBlockingStub stub = TraceServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
        this.stub = gzip ? stub.withCompression("gzip") : stub;
    }

    @Override
    public void export(List<Span> spans) throws ExportException {
        ExportTraceServiceResponse answer;
        try {
            answer = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).export(messages.request(spans));
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
        OtlpMessages.checkPartialSuccess(answer.getPartialSuccess(), spans.size(), target);
    }

    private ExportException failure(StatusRuntimeException error) {
        Status status = error.getStatus();
        String message = target + " answered " + status.getCode()
                + (status.getDescription() == null ? "" : ": " + status.getDescription());
        if (RETRYABLE.contains(status.getCode())) {
            return ExportException.transientFailure(message, error, retryDelay(error));
        }
        if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED) {
            message += " (check tracing.reporter.headers / OTEL_EXPORTER_OTLP_HEADERS)";
        }
        return ExportException.permanentFailure(message, error);
    }

    /** The delay the server asked for in a {@code google.rpc.RetryInfo} detail, as OTLP specifies; else null. */
    static Duration retryDelay(StatusRuntimeException error) {
        com.google.rpc.Status details = StatusProto.fromThrowable(error);
        if (details == null) {
            return null;
        }
        for (Any detail : details.getDetailsList()) {
            if (detail.is(RetryInfo.class)) {
                try {
                    com.google.protobuf.Duration delay = detail.unpack(RetryInfo.class).getRetryDelay();
                    return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
                } catch (InvalidProtocolBufferException malformed) {
                    return null;
                }
            }
        }
        return null;
    }

    @Override
    public String describe() {
        return (tls ? "https://" : "http://") + target + " (otlp/grpc)";
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
    }
}
