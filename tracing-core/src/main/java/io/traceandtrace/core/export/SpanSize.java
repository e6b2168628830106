package io.traceandtrace.core.export;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.LogData;

import java.util.List;
import java.util.Map;

/**
 * Rough memory sizes of what a finished span holds: its names, tags and logs. One set of figures
 * serves both ways of counting: the bounded tracer's spans add them up as they record (and hand the
 * sum over as a {@link SpanSizeHint}), and {@link #estimate} measures any other span at the queue.
 */
public final class SpanSize {

    /** A span's own objects: context, maps, times. */
    public static final int SPAN = 200;
    private static final int ENTRY = 32;
    private static final int SMALL_VALUE = 16;
    private static final int THROWABLE = 1024; // sent as its string form

    private SpanSize() {
    }

    public static int text(String text) {
        return text == null ? 0 : 2 * text.length();
    }

    /** A tag or a log field: its key and its value (numbers and booleans are small). */
    public static int entry(String key, Object value) {
        return ENTRY + text(key) + value(value);
    }

    /** A log: its fields, or its bare event. */
    public static int log(Map<String, ?> fields, String event) {
        if (fields == null) {
            return ENTRY + text(event);
        }
        int size = ENTRY;
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            size += entry(field.getKey(), field.getValue());
        }
        return size;
    }

    static long estimate(JaegerSpan span) {
        long size = SPAN + text(span.getOperationName());
        for (Map.Entry<String, Object> tag : span.getTags().entrySet()) {
            size += entry(tag.getKey(), tag.getValue());
        }
        List<LogData> logs = span.getLogs();
        if (logs != null) {
            for (LogData log : logs) {
                size += log(log.getFields(), log.getMessage());
            }
        }
        return size;
    }

    private static int value(Object value) {
        if (value instanceof CharSequence text) {
            return 2 * text.length();
        }
        return value instanceof Throwable ? THROWABLE : SMALL_VALUE;
    }
}
