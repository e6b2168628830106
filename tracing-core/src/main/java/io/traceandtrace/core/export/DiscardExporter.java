package io.traceandtrace.core.export;

import io.jaegertracing.internal.JaegerSpan;

import java.util.List;

/** Sends nothing (reporter type {@code none}): spans still reach the pipeline's local sinks. */
public final class DiscardExporter implements InProcessExporter {

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
