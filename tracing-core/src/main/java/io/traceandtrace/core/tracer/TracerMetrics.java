package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.metrics.Counter;
import io.jaegertracing.internal.metrics.Gauge;
import io.jaegertracing.internal.metrics.Metrics;
import io.jaegertracing.internal.metrics.NoopMetricsFactory;
import io.jaegertracing.internal.metrics.Timer;
import io.jaegertracing.spi.MetricsFactory;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Jaeger's own tracer metrics ({@code jaeger_tracer_*}) on their way to a {@link MetricsFactory},
 * less the {@code jaeger_tracer_reporter_*} ones: the export pipeline replaced Jaeger's reporter,
 * so nothing would ever move them ({@code tracing_export_*} counts what became of the spans).
 * Started spans are also counted here for the health check, in {@link LongAdder}s because every
 * request thread increments them.
 */
public final class TracerMetrics {

    private static final String PREFIX = "jaeger_tracer_";
    private static final String REPORTER_PREFIX = PREFIX + "reporter_";

    private final LongAdder startedSampled = new LongAdder();
    private final LongAdder startedUnsampled = new LongAdder();
    private final Metrics jaeger;

    private TracerMetrics(MetricsFactory delegate) {
        this.jaeger = new Metrics(counting(delegate));
    }

    /** Metrics that go nowhere but still count started spans. */
    public static TracerMetrics noop() {
        return new TracerMetrics(new NoopMetricsFactory());
    }

    /** Jaeger's metrics published to {@code factory} (Micrometer's, with the starter). */
    public static TracerMetrics to(MetricsFactory factory) {
        return new TracerMetrics(factory);
    }

    /** What the Jaeger tracer and its remote sampler count into. */
    public Metrics jaeger() {
        return jaeger;
    }

    /** Spans started since the tracer was built, sampled or not. */
    public long spansStarted() {
        return startedSampled.sum() + startedUnsampled.sum();
    }

    public long spansStartedSampled() {
        return startedSampled.sum();
    }

    private MetricsFactory counting(MetricsFactory delegate) {
        MetricsFactory noop = new NoopMetricsFactory();
        return new MetricsFactory() {
            @Override
            public Counter createCounter(String name, Map<String, String> tags) {
                if (name.startsWith(REPORTER_PREFIX)) {
                    return noop.createCounter(name, tags);
                }
                Counter next = delegate.createCounter(name, tags);
                if (!name.equals(PREFIX + "started_spans")) {
                    return next;
                }
                LongAdder target = "y".equals(tags.get("sampled")) ? startedSampled : startedUnsampled;
                return delta -> {
                    target.add(delta);
                    next.inc(delta);
                };
            }

            @Override
            public Timer createTimer(String name, Map<String, String> tags) {
                return name.startsWith(REPORTER_PREFIX) ? noop.createTimer(name, tags) : delegate.createTimer(name, tags);
            }

            @Override
            public Gauge createGauge(String name, Map<String, String> tags) {
                return name.startsWith(REPORTER_PREFIX) ? noop.createGauge(name, tags) : delegate.createGauge(name, tags);
            }
        };
    }

    @Override
    public String toString() {
        return "TracerMetrics{spansStarted=" + spansStarted() + '}';
    }
}
