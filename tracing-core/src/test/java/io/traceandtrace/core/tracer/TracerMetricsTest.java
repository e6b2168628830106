package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.metrics.Counter;
import io.jaegertracing.internal.metrics.Gauge;
import io.jaegertracing.internal.metrics.Timer;
import io.jaegertracing.spi.MetricsFactory;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.core.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Jaeger's tracer metrics as a MetricsFactory (Micrometer's, with the starter) receives them. */
class TracerMetricsTest {

    /** Every meter Jaeger asks for, and what was counted into each. */
    static final class Recording implements MetricsFactory {
        final Set<String> created = ConcurrentHashMap.newKeySet();
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

        @Override
        public Counter createCounter(String name, Map<String, String> tags) {
            String key = name + new java.util.TreeMap<>(tags);
            created.add(name);
            AtomicLong count = counts.computeIfAbsent(key, k -> new AtomicLong());
            return count::addAndGet;
        }

        @Override
        public Timer createTimer(String name, Map<String, String> tags) {
            created.add(name);
            return micros -> { };
        }

        @Override
        public Gauge createGauge(String name, Map<String, String> tags) {
            created.add(name);
            return value -> { };
        }
    }

    @Test
    void theReporterMetersOfJaegersOwnReporterAreNotCreated() {
        Recording recording = new Recording();
        TracerMetrics.to(recording);
        assertThat(recording.created).contains("jaeger_tracer_started_spans", "jaeger_tracer_finished_spans",
                "jaeger_tracer_traces");
        assertThat(recording.created).as("nothing would ever move them").noneMatch(n -> n.startsWith("jaeger_tracer_reporter_"));
    }

    @Test
    void spansStartedOnManyThreadsAreAllCountedAndPublished() throws Exception {
        Recording recording = new Recording();
        TracerMetrics metrics = TracerMetrics.to(recording);
        BoundedTracer tracer = new TracerFactory(TracerSettings.builder("svc").reporterType(ReporterType.NONE)
                .samplerType(SamplerType.CONST).samplerParam(1.0).build()).metrics(metrics).create();
        int threads = 6;
        int perThread = 5_000;
        Concurrently.repeat(threads, perThread, () -> tracer.buildSpan("op").start().finish());
        tracer.close();
        assertThat(metrics.spansStarted()).isEqualTo((long) threads * perThread);
        assertThat(metrics.spansStartedSampled()).isEqualTo((long) threads * perThread);
        assertThat(recording.counts.get("jaeger_tracer_started_spans{sampled=y}")).hasValue((long) threads * perThread);
        assertThat(recording.counts.get("jaeger_tracer_finished_spans{}")).hasValue((long) threads * perThread);
    }
}
