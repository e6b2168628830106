package io.traceandtrace.core.recent;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.LogData;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished span as the recent-traces store keeps it: immutable, ids as zero-padded hex
 * (16 digits for span ids, 16 or 32 for trace ids), times in epoch microseconds.
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

    private static final HexFormat HEX = HexFormat.of();

    /** Copies what the page and the endpoint show out of a finished Jaeger span. */
    public static RecentSpan of(JaegerSpan span) {
        JaegerSpanContext context = span.context();
        Map<String, Object> tags = span.getTags(); // a copy of its own: kept as it is, no second copy
        tags.replaceAll((key, value) -> plain(value));
        List<Map<String, Object>> logs = List.of();
        List<LogData> data = span.getLogs();
        if (data != null && !data.isEmpty()) {
            logs = new ArrayList<>(data.size());
            for (LogData log : data) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("timestampMicros", log.getTime());
                if (log.getMessage() != null) {
                    fields.put("event", log.getMessage());
                }
                if (log.getFields() != null) {
                    log.getFields().forEach((key, value) -> fields.put(key, plain(value)));
                }
                logs.add(Collections.unmodifiableMap(fields));
            }
        }
        Object kind = tags.get("span.kind");
        Object error = tags.get("error");
        return new RecentSpan(context.getTraceId(), hex(context.getSpanId()),
                context.getParentId() == 0 ? null : hex(context.getParentId()),
                span.getOperationName(), span.getServiceName(), span.getStart(), span.getDuration(),
                kind == null ? null : kind.toString(), Boolean.TRUE.equals(error) || "true".equals(error),
                Collections.unmodifiableMap(tags), Collections.unmodifiableList(logs));
    }

    /** 16 lower-case hex digits, zero-padded, as Jaeger prints span ids. */
    static String hex(long id) {
        return HEX.toHexDigits(id);
    }

    private static Object plain(Object value) {
        return value instanceof Number || value instanceof Boolean ? value : String.valueOf(value);
    }

    long endMicros() {
        return startMicros + durationMicros;
    }

    /** Roughly what this span costs in memory: object headers plus two bytes a character. */
    int estimatedBytes() {
        long bytes = 160 + chars(operationName) + chars(serviceName) + 3L * 64;
        for (Map.Entry<String, Object> tag : tags.entrySet()) {
            bytes += 64 + chars(tag.getKey()) + chars(tag.getValue());
        }
        for (Map<String, Object> log : logs) {
            bytes += 64;
            for (Map.Entry<String, Object> field : log.entrySet()) {
                bytes += 48 + chars(field.getKey()) + chars(field.getValue());
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static long chars(Object value) {
        return value instanceof String s ? 40 + 2L * s.length() : 16;
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
        return value != null && value.toLowerCase(java.util.Locale.ROOT).contains(lowerCaseText);
    }
}
