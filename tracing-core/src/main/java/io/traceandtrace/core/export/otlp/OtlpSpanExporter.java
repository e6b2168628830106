package io.traceandtrace.core.export.otlp;

import io.jaegertracing.internal.JaegerSpan;
import io.opentelemetry.proto.trace.v1.Span;
import io.traceandtrace.core.export.SpanExporter;

/** The encoding both OTLP exporters share; each adds only how a message travels. */
abstract sealed class OtlpSpanExporter implements SpanExporter<Span> permits OtlpHttpExporter, OtlpGrpcExporter {

    final OtlpMessages messages = new OtlpMessages();

    @Override
    public final Span encode(JaegerSpan span) {
        return messages.encode(span);
    }

    @Override
    public final int sizeInMessage(Span encoded) {
        return OtlpMessages.sizeInMessage(encoded);
    }

    @Override
    public final int maxMessageBytes() {
        return OtlpMessages.maxSpanBytes();
    }
}
