package io.traceandtrace.core.tracer;

import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.core.settings.SamplerType;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Log;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.Tag;
import io.opentracing.Scope;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.limits.SpanLimits;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The spans every wire test sends, and what a receiver must find in the decoded batches. */
final class WireScenario {

    static final String SERVICE = "wire-test";

    private WireScenario() {
    }

    static TracerSettings.Builder settings() {
        return TracerSettings.builder(SERVICE)
                .samplerType(SamplerType.CONST).samplerParam(1.0)
                .tag("region", "test-1")
                .flushInterval(java.time.Duration.ofMillis(100))
                .spanLimits(SpanLimits.builder().maxLogsPerSpan(5).build());
    }

    /** A parent with a child that logs 12 times, finished and flushed by closing the tracer. */
    static void sendAndClose(BoundedTracer tracer) {
        io.opentracing.Span parent = tracer.buildSpan("GET /orders/{id}").withTag("span.kind", "server").start();
        try (Scope ignored = tracer.activateSpan(parent)) {
            io.opentracing.Span child = tracer.buildSpan("OrderService.load").start();
            child.setTag("order.id", 42L);
            for (int i = 0; i < 12; i++) {
                child.log(Map.of("event", "step", "n", i));
            }
            child.finish();
        }
        parent.finish();
        tracer.close();
    }

    static void assertReceived(List<Batch> batches) {
        assertThat(batches).isNotEmpty();
        for (Batch batch : batches) {
            assertThat(batch.getProcess().getServiceName()).isEqualTo(SERVICE);
            assertThat(tag(batch.getProcess().getTags(), "region")).hasValueSatisfying(t -> assertThat(t.getVStr()).isEqualTo("test-1"));
        }
        Map<String, Span> spans = batches.stream().flatMap(b -> b.getSpans().stream())
                .collect(Collectors.toMap(Span::getOperationName, s -> s));
        assertThat(spans).containsOnlyKeys("GET /orders/{id}", "OrderService.load");
        Span parent = spans.get("GET /orders/{id}");
        Span child = spans.get("OrderService.load");
        assertThat(child.getTraceIdLow()).isEqualTo(parent.getTraceIdLow());
        assertThat(child.getParentSpanId()).isEqualTo(parent.getSpanId());
        assertThat(parent.getParentSpanId()).isZero();
        assertThat(tag(parent.getTags(), "span.kind")).hasValueSatisfying(t -> assertThat(t.getVStr()).isEqualTo("server"));
        assertThat(tag(child.getTags(), "order.id")).hasValueSatisfying(t -> assertThat(t.getVLong()).isEqualTo(42L));

        List<Log> logs = child.getLogs();
        assertThat(logs).hasSize(5);
        assertThat(logs).extracting(l -> field(l, "n").map(Tag::getVLong).orElse(null))
                .containsExactly(0L, 1L, null, 10L, 11L);
        assertThat(field(logs.get(2), "event")).hasValueSatisfying(t -> assertThat(t.getVStr()).isEqualTo("dropped Span logs"));
        assertThat(field(logs.get(2), "dropped_log_count")).hasValueSatisfying(t -> assertThat(t.getVLong()).isEqualTo(8L));
        long[] stamps = logs.stream().mapToLong(Log::getTimestamp).toArray();
        for (int i = 1; i < stamps.length; i++) {
            assertThat(stamps[i]).isGreaterThanOrEqualTo(stamps[i - 1]);
        }
        assertThat(stamps[0]).isGreaterThanOrEqualTo(child.getStartTime());
        assertThat(stamps[4]).isLessThanOrEqualTo(child.getStartTime() + child.getDuration());
    }

    static Optional<Tag> tag(List<Tag> tags, String key) {
        return tags == null ? Optional.empty() : tags.stream().filter(t -> t.getKey().equals(key)).findFirst();
    }

    private static Optional<Tag> field(Log log, String key) {
        return tag(log.getFields(), key);
    }
}
