package io.traceandtrace.core.export;

import io.jaegertracing.internal.JaegerSpan;

import java.util.ArrayList;
import java.util.List;

/** For tests: an exporter that keeps every span it is sent, as a user's own exporter would get them. */
public final class CapturingExporter implements InProcessExporter {

    private final List<JaegerSpan> spans = new ArrayList<>(); // guarded by this

    @Override
    public int maxMessageBytes() {
        return 1; // kept one by one, as they come
    }

    @Override
    public synchronized void export(List<JaegerSpan> message) {
        spans.addAll(message);
    }

    /** The spans sent so far, oldest first. */
    public synchronized List<JaegerSpan> spans() {
        return new ArrayList<>(spans);
    }

    public synchronized void clear() {
        spans.clear();
    }

    @Override
    public String describe() {
        return "captured (tests)";
    }
}
