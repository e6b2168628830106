package io.traceandtrace.core.export;

import io.jaegertracing.internal.JaegerSpan;

import java.util.List;

/** Sends nothing (reporter type {@code none}): spans still reach the pipeline's local sinks. */
public final class DiscardExporter implements InProcessExporter {

    private final String description;

    public DiscardExporter() {
        this("nowhere (reporter none)");
    }

    /** Says where spans are kept instead, for logs and health (reporter {@code memory}). */
    public DiscardExporter(String description) {
        this.description = description;
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
        return description;
    }
}
