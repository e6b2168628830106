package io.traceandtrace.spring.testing;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.LogData;
import io.traceandtrace.core.tracer.MemoryReporter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;


/** Reads what the memory reporter received, waiting for spans that finish on other threads. */
public final class Spans {

    private Spans() {
    }

    public static List<JaegerSpan> awaitCount(MemoryReporter reporter, int count) {
        return awaitSpans(reporter, spans -> spans.size() >= count);
    }

    public static List<JaegerSpan> awaitSpans(MemoryReporter reporter, Predicate<List<JaegerSpan>> done) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(reporter::spans, done);
    }

    public static JaegerSpan named(List<JaegerSpan> spans, String name) {
        return spans.stream().filter(s -> s.getOperationName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span named '" + name + "' in "
                        + spans.stream().map(JaegerSpan::getOperationName).collect(Collectors.toList())));
    }

    public static JaegerSpan awaitNamed(MemoryReporter reporter, String name) {
        List<JaegerSpan> spans = awaitSpans(reporter,
                list -> list.stream().anyMatch(s -> s.getOperationName().equals(name)));
        return named(spans, name);
    }

    public static Object tag(JaegerSpan span, String key) {
        return span.getTags().get(key);
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> logs(JaegerSpan span) {
        List<LogData> logs = span.getLogs();
        return logs == null ? List.of() : logs.stream().map(l -> l.getFields() != null ? (Map<String, Object>) l.getFields()
                : Map.<String, Object>of("event", l.getMessage())).collect(Collectors.toList());
    }

    public static boolean isChildOf(JaegerSpan child, JaegerSpan parent) {
        return child.context().getTraceIdLow() == parent.context().getTraceIdLow()
                && child.context().getParentId() == parent.context().getSpanId();
    }
}
