package io.traceandtrace.spring.actuate;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.LogData;
import io.jaegertracing.spi.Reporter;
import io.traceandtrace.core.tracer.MemoryReporter;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.lang.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /actuator/traces}: the most recent traces the memory reporter holds, newest first, each
 * with its spans in start order. With another reporter it says where spans go instead.
 */
@Endpoint(id = "traces")
public class TracesEndpoint {

    private final Reporter reporter;

    public TracesEndpoint(Reporter reporter) {
        this.reporter = reporter;
    }

    public record TracesReport(String reporter, @Nullable String message, List<TraceView> traces) {
    }

    public record TraceView(String traceId, String rootOperation, long startMicros, long durationMicros,
                            int spanCount, List<SpanView> spans) {
    }

    public record SpanView(String spanId, @Nullable String parentId, String operationName, String serviceName,
                           long startMicros, long durationMicros, Map<String, Object> tags,
                           List<Map<String, Object>> logs) {
    }

    @ReadOperation
    public TracesReport traces(@Nullable Integer limit) {
        if (!(reporter instanceof MemoryReporter memory)) {
            return new TracesReport(reporter.toString(),
                    "Spans are sent, not kept here; set tracing.reporter.type=memory to keep the recent ones in memory.",
                    List.of());
        }
        Map<String, List<JaegerSpan>> byTrace = new LinkedHashMap<>();
        for (JaegerSpan span : memory.spans()) {
            byTrace.computeIfAbsent(span.context().getTraceId(), id -> new ArrayList<>()).add(span);
        }
        List<TraceView> traces = new ArrayList<>();
        byTrace.forEach((traceId, spans) -> traces.add(trace(traceId, spans)));
        traces.sort(Comparator.comparingLong(TraceView::startMicros).reversed());
        int max = limit == null || limit < 1 ? 20 : limit;
        return new TracesReport("memory", null, traces.subList(0, Math.min(max, traces.size())));
    }

    private static TraceView trace(String traceId, List<JaegerSpan> spans) {
        spans.sort(Comparator.comparingLong(JaegerSpan::getStart));
        long start = spans.get(0).getStart();
        long end = spans.stream().mapToLong(s -> s.getStart() + s.getDuration()).max().orElse(start);
        JaegerSpan root = spans.stream().filter(s -> s.context().getParentId() == 0).findFirst().orElse(spans.get(0));
        List<SpanView> views = spans.stream().map(TracesEndpoint::span).toList();
        return new TraceView(traceId, root.getOperationName(), start, end - start, spans.size(), views);
    }

    private static SpanView span(JaegerSpan span) {
        JaegerSpanContext context = span.context();
        Map<String, Object> tags = new LinkedHashMap<>();
        span.getTags().forEach((k, v) -> tags.put(k, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v)));
        List<Map<String, Object>> logs = new ArrayList<>();
        List<LogData> data = span.getLogs();
        if (data != null) {
            for (LogData log : data) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("timestampMicros", log.getTime());
                if (log.getMessage() != null) {
                    fields.put("event", log.getMessage());
                }
                if (log.getFields() != null) {
                    log.getFields().forEach((k, v) -> fields.put(k, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v)));
                }
                logs.add(fields);
            }
        }
        return new SpanView(context.toSpanId(), context.getParentId() == 0 ? null : Long.toHexString(context.getParentId()),
                span.getOperationName(), span.getServiceName(), span.getStart(), span.getDuration(), tags, logs);
    }
}
