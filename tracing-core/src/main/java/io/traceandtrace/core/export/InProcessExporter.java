package io.traceandtrace.core.export;

import io.jaegertracing.internal.JaegerSpan;

/** An exporter that keeps the span as it is (no wire form): the log, memory, nowhere. */
public interface InProcessExporter extends SpanExporter<JaegerSpan> {

    @Override
    default JaegerSpan encode(JaegerSpan span) {
        return span;
    }

    /** Counts spans, not bytes: {@link #maxMessageBytes()} is then a number of spans. */
    @Override
    default int sizeInMessage(JaegerSpan encoded) {
        return 1;
    }
}
