package io.traceandtrace.core.limits;

import java.util.Map;

/** Rough memory sizes of what a span records, counted as it records them (see {@code SpanSizeHint}). */
final class SpanBytes {

    static final int SPAN = 200;
    private static final int ENTRY = 32;

    private SpanBytes() {
    }

    static int of(String text) {
        return text == null ? 0 : 2 * text.length();
    }

    /** A tag: its key, and its value when it is a string (numbers and booleans are small). */
    static int entry(String key, String value) {
        return ENTRY + of(key) + (value == null ? 16 : of(value));
    }

    static int of(LogRecord record) {
        if (record.fields() == null) {
            return ENTRY + of(record.event());
        }
        int size = ENTRY;
        for (Map.Entry<String, ?> field : record.fields().entrySet()) {
            Object value = field.getValue();
            size += ENTRY + of(field.getKey()) + (value instanceof String s ? of(s) : value instanceof Throwable ? 1024 : 16);
        }
        return size;
    }
}
