package io.traceandtrace.core.export.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import io.traceandtrace.core.export.ExportException;
import io.traceandtrace.core.export.HttpTransport;

import java.util.List;

/**
 * Spans to an OTLP/HTTP receiver ({@code POST /v1/traces}, protobuf): an OpenTelemetry Collector,
 * Jaeger v2, Grafana Tempo or a vendor. Each span is translated into OpenTelemetry's own generated
 * classes ({@code opentelemetry-proto}); a message is one {@code ExportTraceServiceRequest}
 * ({@link OtlpMessages}). Spans the receiver refuses in a partial success are counted as rejected.
 */
public final class OtlpHttpExporter extends OtlpSpanExporter {

    public static final String CONTENT_TYPE = "application/x-protobuf";
    public static final int MAX_BODY_BYTES = OtlpMessages.MAX_MESSAGE_BYTES;

    private final HttpTransport transport;

    public OtlpHttpExporter(HttpTransport.Builder transport) {
        this.transport = transport.build();
    }

    @Override
    public void export(List<Span> spans) throws ExportException {
        byte[] answer = transport.post(messages.request(spans).toByteArray());
        OtlpMessages.checkPartialSuccess(partialSuccess(answer), spans.size(), transport.describe());
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

    @Override
    public String describe() {
        return transport.describe() + " (otlp/http protobuf)";
    }

    @Override
    public void close() {
        transport.close();
    }
}
