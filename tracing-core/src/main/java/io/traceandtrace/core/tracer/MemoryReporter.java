package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.spi.Reporter;
import io.traceandtrace.core.export.InProcessExporter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the most recent finished spans in memory, at most {@code capacity} of them; older ones
 * fall off. As the {@code memory} reporter it is the pipeline's exporter, so spans arrive on the
 * export thread shortly after they finish.
 */
public final class MemoryReporter implements Reporter, InProcessExporter {

    private final int capacity;
    private final ArrayDeque<JaegerSpan> spans; // guarded by this

    public MemoryReporter(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.spans = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    @Override
    public synchronized void report(JaegerSpan span) {
        if (spans.size() == capacity) {
            spans.removeFirst();
        }
        spans.addLast(span);
    }

    /** The spans kept, oldest first. */
    public synchronized List<JaegerSpan> spans() {
        return new ArrayList<>(spans);
    }

    public synchronized void clear() {
        spans.clear();
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public int maxMessageBytes() {
        return 1; // kept at once, one by one
    }

    @Override
    public void export(List<JaegerSpan> message) {
        message.forEach(this::report);
    }

    @Override
    public String describe() {
        return "memory (the last " + capacity + " spans)";
    }

    @Override
    public void close() {
        // nothing to flush
    }

    @Override
    public String toString() {
        return "MemoryReporter{capacity=" + capacity + '}';
    }
}
