package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.LogData;

import java.util.List;
import java.util.Map;

/**
 * How many finished spans, and roughly how many bytes of them, wait in a reporter's queue: a span
 * is admitted only while both stay within their limits, and released once the sender has sent or lost it.
 */
final class SpanBudget {

    private static final int SPAN_OVERHEAD = 64;
    private static final int ENTRY_OVERHEAD = 16;

    private final int maxSpans;
    private final long maxBytes;
    private int spans; // guarded by this
    private long bytes; // guarded by this

    SpanBudget(int maxSpans, long maxBytes) {
        this.maxSpans = maxSpans;
        this.maxBytes = maxBytes;
    }

    /** Takes room for the span; false when it does not fit and must be dropped. */
    boolean tryAcquire(JaegerSpan span) {
        long size = estimate(span);
        synchronized (this) {
            if (spans + 1 > maxSpans || bytes + size > maxBytes) {
                return false;
            }
            spans++;
            bytes += size;
            return true;
        }
    }

    /** Gives back the room of one span of this estimated size. */
    synchronized void release(long size) {
        spans = Math.max(0, spans - 1);
        bytes = Math.max(0, bytes - size);
    }

    synchronized int spans() {
        return spans;
    }

    synchronized long bytes() {
        return bytes;
    }

    /** Roughly what the span costs in memory and on the wire: its names, tags and logs. */
    static long estimate(JaegerSpan span) {
        long size = SPAN_OVERHEAD + length(span.getOperationName());
        for (Map.Entry<String, Object> tag : span.getTags().entrySet()) {
            size += ENTRY_OVERHEAD + length(tag.getKey()) + length(tag.getValue());
        }
        List<LogData> logs = span.getLogs();
        if (logs != null) {
            for (LogData log : logs) {
                size += ENTRY_OVERHEAD + length(log.getMessage());
                Map<String, ?> fields = log.getFields();
                if (fields != null) {
                    for (Map.Entry<String, ?> field : fields.entrySet()) {
                        size += ENTRY_OVERHEAD + length(field.getKey()) + length(field.getValue());
                    }
                }
            }
        }
        return size;
    }

    private static long length(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof CharSequence text) {
            return text.length();
        }
        if (value instanceof Throwable) {
            return 512; // sent as its string form
        }
        return 8;
    }
}
