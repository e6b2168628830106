package io.traceandtrace.core.recent;

import io.traceandtrace.core.propagation.Hex;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A finished span as the recent-traces store shows it (it keeps it encoded, see {@link SpanBytes}): immutable,
 * ids as zero-padded hex (16 digits for span ids, 16 or 32 for trace ids), times in epoch microseconds.
 *
 * @param parentId null for a span without a parent
 * @param kind     the {@code span.kind} tag (server, client, producer, consumer), or null
 * @param error    whether the span carries {@code error=true}
 * @param tags     values are numbers, booleans or strings; in no particular order
 * @param logs     in time order, each with {@code timestampMicros}, then {@code event} and its fields
 */
public record RecentSpan(String traceId, String spanId, String parentId, String operationName, String serviceName,
                         long startMicros, long durationMicros, String kind, boolean error,
                         Map<String, Object> tags, List<Map<String, Object>> logs) {

    /** 16 lower-case hex digits, zero-padded, as Jaeger prints span ids. */
    static String hex(long id) {
        char[] digits = new char[16];
        Hex.write(id, digits, 0);
        return new String(digits);
    }

    long endMicros() {
        return startMicros + durationMicros;
    }

    /** Whether the operation name, a tag key, a tag value or {@code key=value} contains the lower-case text. */
    boolean mentions(String lowerCaseText) {
        if (contains(operationName, lowerCaseText)) {
            return true;
        }
        for (Map.Entry<String, Object> tag : tags.entrySet()) {
            if (contains(tag.getKey() + "=" + tag.getValue(), lowerCaseText)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(String value, String lowerCaseText) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(lowerCaseText);
    }
}
