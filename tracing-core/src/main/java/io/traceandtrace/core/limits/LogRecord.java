package io.traceandtrace.core.limits;

import java.util.Collections;
import java.util.Map;

/**
 * One span log: its timestamp in epoch microseconds and either its fields or, for
 * {@code span.log(String)}, just its event.
 */
public record LogRecord(long timestampMicros, Map<String, ?> fields, String event) {

    public LogRecord(long timestampMicros, Map<String, ?> fields) {
        this(timestampMicros, fields, null);
    }

    public static LogRecord event(long timestampMicros, String event) {
        return new LogRecord(timestampMicros, null, event);
    }

    /** The log as fields, an event being {@code {event: ...}}. */
    public Map<String, ?> asFields() {
        return fields != null ? fields : Collections.singletonMap("event", event);
    }
}
