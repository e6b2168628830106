package io.traceandtrace.core.export;

import io.jaegertracing.internal.JaegerSpan;

import java.util.List;

/** Sends nothing (reporter type {@code none}): spans still reach the pipeline's local sinks. */
public final class DiscardExporter implements SpanExporter<JaegerSpan> {

    @Override
    public JaegerSpan encode(JaegerSpan span) {
        return span;
    }

    @Override
    public int sizeInMessage(JaegerSpan encoded) {
        return 1;
    }

    @Override
    public int maxMessageBytes() {
        return 4096;
    }

    @Override
    public void export(List<JaegerSpan> message) {
        // discarded on purpose
    }

    @Override
    public String describe() {
        return "nowhere (reporter none)";
    }
}
