package io.traceandtrace.spring.actuate;

import io.jaegertracing.internal.metrics.Counter;
import io.jaegertracing.internal.metrics.Gauge;
import io.jaegertracing.internal.metrics.Timer;
import io.jaegertracing.spi.MetricsFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jaeger's tracer metrics and the export pipeline's as Micrometer meters: {@code jaeger_tracer_started_spans}
 * becomes {@code jaeger.tracer.started.spans}, its tags kept (e.g. {@code sampled=y|n}).
 */
public class MicrometerMetricsFactory implements MetricsFactory {

    private final MeterRegistry registry;

    public MicrometerMetricsFactory(MeterRegistry registry) {
        this.registry = registry;
    }

    static String meterName(String jaegerName) {
        return jaegerName.replace('_', '.');
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.of(e.getKey(), e.getValue())).toList();
    }

    @Override
    public Counter createCounter(String name, Map<String, String> tags) {
        io.micrometer.core.instrument.Counter counter = registry.counter(meterName(name), tags(tags));
        return counter::increment;
    }

    @Override
    public Timer createTimer(String name, Map<String, String> tags) {
        io.micrometer.core.instrument.Timer timer = registry.timer(meterName(name), tags(tags));
        return micros -> timer.record(micros, TimeUnit.MICROSECONDS);
    }

    @Override
    public Gauge createGauge(String name, Map<String, String> tags) {
        AtomicLong value = registry.gauge(meterName(name), tags(tags), new AtomicLong());
        return value::set;
    }
}
