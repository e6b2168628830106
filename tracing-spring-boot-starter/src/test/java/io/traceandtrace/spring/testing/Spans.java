package io.traceandtrace.spring.testing;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.LogData;
import io.traceandtrace.core.export.CapturingExporter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;


/** Reads what the memory reporter received, waiting for spans that finish on other threads. */
public final class Spans {

    private Spans() {
    }

    public static List<JaegerSpan> awaitCount(CapturingExporter reporter, int count) {
        return awaitSpans(reporter, spans -> spans.size() >= count);
    }

    public static List<JaegerSpan> awaitSpans(CapturingExporter reporter, Predicate<List<JaegerSpan>> done) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(reporter::spans, done);
    }

    public static JaegerSpan named(List<JaegerSpan> spans, String name) {
        return spans.stream().filter(s -> s.getOperationName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span named '" + name + "' in "
                        + spans.stream().map(JaegerSpan::getOperationName).collect(Collectors.toList())));
    }

    public static JaegerSpan awaitNamed(CapturingExporter reporter, String name) {
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

    /** The spans of {@code member}'s trace among {@code spans}. */
    public static List<JaegerSpan> inTrace(List<JaegerSpan> spans, JaegerSpan member) {
        return spans.stream().filter(s -> s.context().toTraceId().equals(member.context().toTraceId())).collect(Collectors.toList());
    }

    /** The reported spans of {@code member}'s trace, once none has arrived for half a second. */
    public static List<JaegerSpan> settledTrace(CapturingExporter reporter, JaegerSpan member) {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger(-1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ofMillis(500))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    int now = inTrace(reporter.spans(), member).size();
                    return seen.getAndSet(now) == now && now > 0;
                });
        return inTrace(reporter.spans(), member);
    }
}
