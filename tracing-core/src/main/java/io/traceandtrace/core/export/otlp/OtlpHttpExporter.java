package io.traceandtrace.core.export.otlp;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jaegertracing.internal.JaegerSpan;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.traceandtrace.core.export.ExportException;
import io.traceandtrace.core.export.HttpTransport;
import io.traceandtrace.core.export.SpanExporter;
import io.traceandtrace.core.export.ThrottledLog;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Spans to an OTLP/HTTP receiver ({@code POST /v1/traces}, protobuf): an OpenTelemetry Collector,
 * Jaeger v2, Grafana Tempo or a vendor. Each span is translated into OpenTelemetry's own generated
 * classes ({@code opentelemetry-proto}); a message is one {@code ExportTraceServiceRequest} with one
 * resource (the tracer's process) and one instrumentation scope (the starter, with its version).
 */
public final class OtlpHttpExporter implements SpanExporter<Span> {

    public static final String CONTENT_TYPE = "application/x-protobuf";
    /** What an OpenTelemetry Collector takes by default in one gRPC message, and well under its HTTP limit. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** Room for the resource and scope around the spans. */
    private static final int ENVELOPE_BYTES = 64 * 1024;
    private static final int SPANS_FIELD = ScopeSpans.SPANS_FIELD_NUMBER;

    static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder()
            .setName("io.traceandtrace:tracing-spring-boot-starter")
            .setVersion(version())
            .build();

    private final HttpTransport transport;
    private final ThrottledLog log = new ThrottledLog(LoggerFactory.getLogger(OtlpHttpExporter.class), Duration.ofMinutes(1));
    private volatile Resource resource;

    public OtlpHttpExporter(HttpTransport.Builder transport) {
        this.transport = transport.build();
    }

    @Override
    public Span encode(JaegerSpan span) {
        if (resource == null) {
            resource = OtlpSpans.resource(span.getTracer());
        }
        return OtlpSpans.span(span);
    }

    @Override
    public int sizeInMessage(Span encoded) {
        return CodedOutputStream.computeMessageSize(SPANS_FIELD, encoded);
    }

    @Override
    public int maxMessageBytes() {
        return MAX_BODY_BYTES - ENVELOPE_BYTES;
    }

    @Override
    public void export(List<Span> spans) throws ExportException {
        byte[] answer = transport.post(request(spans).toByteArray());
        ExportTracePartialSuccess partial = partialSuccess(answer);
        if (partial.getRejectedSpans() > 0) {
            // accepted as a message, so not retried (the specification forbids it): said once a minute at most
            log.warn("otlp-rejected", transport.describe() + " rejected " + partial.getRejectedSpans() + " of "
                    + spans.size() + " spans: " + partial.getErrorMessage(), null);
        }
    }

    /** The receiver's partial success in a 2xx answer; empty when there is none or it cannot be read. */
    static ExportTracePartialSuccess partialSuccess(byte[] answer) {
        if (answer == null || answer.length == 0) {
            return ExportTracePartialSuccess.getDefaultInstance();
        }
        try {
            return ExportTraceServiceResponse.parseFrom(answer).getPartialSuccess();
        } catch (InvalidProtocolBufferException notProtobuf) {
            return ExportTracePartialSuccess.getDefaultInstance(); // some receivers answer 200 with text or JSON
        }
    }

    /** The message for {@code spans}, all from the tracer whose process became the resource. */
    ExportTraceServiceRequest request(List<Span> spans) {
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(resource == null ? Resource.getDefaultInstance() : resource)
                        .addScopeSpans(ScopeSpans.newBuilder().setScope(SCOPE).addAllSpans(spans)))
                .build();
    }

    @Override
    public String describe() {
        return transport.describe() + " (otlp/http protobuf)";
    }

    @Override
    public void close() {
        transport.close();
    }

    private static String version() {
        Properties properties = new Properties();
        try (InputStream in = OtlpHttpExporter.class.getResourceAsStream("scope.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}
