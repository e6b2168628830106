package io.traceandtrace.core.export.otlp;

import com.google.protobuf.CodedOutputStream;
import io.jaegertracing.internal.JaegerSpan;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.traceandtrace.core.export.ExportException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * What both OTLP exporters send: one {@code ExportTraceServiceRequest} with one resource (the
 * tracer's process) and one instrumentation scope (the starter, with its version); and what a
 * partial success in the answer means for the counts.
 */
final class OtlpMessages {

    /** What an OpenTelemetry Collector takes by default in one gRPC message, and well under its HTTP limit. */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    /** Room for the resource and scope around the spans. */
    private static final int ENVELOPE_BYTES = 64 * 1024;

    static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder()
            .setName("io.traceandtrace:tracing-spring-boot-starter")
            .setVersion(version())
            .build();

    private volatile Resource resource;

    Span encode(JaegerSpan span) {
        if (resource == null) {
            resource = OtlpSpans.resource(span.getTracer());
        }
        return OtlpSpans.span(span);
    }

    static int sizeInMessage(Span encoded) {
        return CodedOutputStream.computeMessageSize(ScopeSpans.SPANS_FIELD_NUMBER, encoded);
    }

    static int maxSpanBytes() {
        return MAX_MESSAGE_BYTES - ENVELOPE_BYTES;
    }

    /** The message for {@code spans}, all from the tracer whose process became the resource. */
    ExportTraceServiceRequest request(List<Span> spans) {
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(resource == null ? Resource.getDefaultInstance() : resource)
                        .addScopeSpans(ScopeSpans.newBuilder().setScope(SCOPE).addAllSpans(spans)))
                .build();
    }

    /** @throws ExportException counting the spans {@code receiver} refused of the {@code sent} it took, if any */
    static void checkPartialSuccess(ExportTracePartialSuccess partial, int sent, String receiver) throws ExportException {
        long rejected = partial.getRejectedSpans();
        if (rejected > 0) {
            throw ExportException.rejected((int) Math.min(rejected, sent), receiver + " rejected " + rejected + " of "
                    + sent + " spans: " + partial.getErrorMessage());
        }
    }

    private static String version() {
        Properties properties = new Properties();
        try (InputStream in = OtlpMessages.class.getResourceAsStream("scope.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}
