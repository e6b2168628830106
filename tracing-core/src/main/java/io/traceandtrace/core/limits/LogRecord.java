package io.traceandtrace.core.limits;

import java.util.Map;

/** One span log: its timestamp in epoch microseconds and its fields. */
public record LogRecord(long timestampMicros, Map<String, ?> fields) {
}
