package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.metrics.Counter;
import io.jaegertracing.internal.metrics.Gauge;
import io.jaegertracing.internal.metrics.NoopMetricsFactory;
import io.jaegertracing.internal.metrics.Timer;
import io.jaegertracing.spi.MetricsFactory;
import io.traceandtrace.core.export.DropReason;
import io.traceandtrace.core.export.ExportStats;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the tracer and its export pipeline did: spans started and finished (read from Jaeger's own
 * metrics as they are counted) and what became of the finished ones ({@link ExportStats}).
 */
public final class ReporterStats {

    private static final String PREFIX = "jaeger_tracer_";

    private final AtomicLong startedSampled = new AtomicLong();
    private final AtomicLong startedUnsampled = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final ExportStats export;

    public ReporterStats() {
        this(new NoopMetricsFactory());
    }

    /** Export counters also published to {@code metrics} (Micrometer's, with the starter). */
    public ReporterStats(MetricsFactory metrics) {
        this.export = new ExportStats(metrics);
    }

    public ExportStats export() {
        return export;
    }

    /** A snapshot, for health checks, shutdown logs and tests. */
    public record Snapshot(long startedSampled, long startedUnsampled, long finished, ExportStats.Snapshot export) {

        /** Spans the collector accepted. */
        public long reported() {
            return export.sent();
        }

        /** Spans dropped for any reason. */
        public long dropped() {
            return export.droppedTotal();
        }

        public long dropped(DropReason reason) {
            return export.dropped(reason);
        }

        public long queueLength() {
            return export.queueSpans();
        }

        public String lastError() {
            return export.lastError();
        }

        public Instant lastErrorAt() {
            return export.lastErrorAt();
        }

        public boolean failing() {
            return export.failing();
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(startedSampled.get(), startedUnsampled.get(), finished.get(), export.snapshot());
    }

    /** Jaeger's metrics through this object on their way to {@code delegate}. */
    public MetricsFactory metricsFactory(MetricsFactory delegate) {
        return new MetricsFactory() {
            @Override
            public Counter createCounter(String name, Map<String, String> tags) {
                Counter next = delegate.createCounter(name, tags);
                AtomicLong target = counterFor(name, tags);
                if (target == null) {
                    return next;
                }
                return delta -> {
                    target.addAndGet(delta);
                    next.inc(delta);
                };
            }

            @Override
            public Timer createTimer(String name, Map<String, String> tags) {
                return delegate.createTimer(name, tags);
            }

            @Override
            public Gauge createGauge(String name, Map<String, String> tags) {
                return delegate.createGauge(name, tags);
            }
        };
    }

    private AtomicLong counterFor(String name, Map<String, String> tags) {
        return switch (name) {
            case PREFIX + "started_spans" -> "y".equals(tags.get("sampled")) ? startedSampled : startedUnsampled;
            case PREFIX + "finished_spans" -> finished;
            default -> null;
        };
    }
}
