package io.traceandtrace.core.export;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.LogData;

import java.util.List;
import java.util.Map;

/** Roughly what a finished span holds in memory: its names, tags and logs; bounds the export queue by bytes. */
final class SpanSize {

    private static final int SPAN_OVERHEAD = 200;
    private static final int ENTRY_OVERHEAD = 32;

    private SpanSize() {
    }

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
            return 2L * text.length();
        }
        if (value instanceof Throwable) {
            return 1024; // sent as its string form
        }
        return 16;
    }
}
