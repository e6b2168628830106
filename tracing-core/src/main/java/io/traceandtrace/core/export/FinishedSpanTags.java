package io.traceandtrace.core.export;

import io.jaegertracing.internal.JaegerSpan;

import java.util.Map;

/**
 * A finished span's tags, copied once however many readers on the export thread ask for them (the
 * recent traces, then the exporter's encoder): jaeger's {@code getTags()} makes a new copy of the map
 * on every call. The map handed out is shared by those readers: read it, never change it.
 */
public final class FinishedSpanTags {

    // one entry per thread: the span read last and its copy
    private static final ThreadLocal<FinishedSpanTags> LAST = ThreadLocal.withInitial(FinishedSpanTags::new);

    private JaegerSpan span;
    private Map<String, Object> tags;

    private FinishedSpanTags() {
    }

    /** The tags of {@code span}: the copy made for it on this thread, or a new one. */
    public static Map<String, Object> of(JaegerSpan span) {
        FinishedSpanTags last = LAST.get();
        if (last.span != span) {
            last.tags = span.getTags();
            last.span = span;
        }
        return last.tags;
    }

    /** Lets go of the last span read on this thread. */
    static void release() {
        FinishedSpanTags last = LAST.get();
        last.span = null;
        last.tags = null;
    }
}
