package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.metrics.Counter;
import io.jaegertracing.internal.metrics.Gauge;
import io.jaegertracing.internal.metrics.Timer;
import io.jaegertracing.spi.MetricsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the tracer and its reporter did, read from Jaeger's own metrics as they are counted:
 * spans started, finished, reported, failed to send, dropped; the queue length; the last send
 * error. Dropped spans are warned about at most once per {@link #WARN_INTERVAL}, never per span.
 */
public final class ReporterStats {

    /** The shortest time between two "spans dropped" warnings. */
    public static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(ReporterStats.class);
    private static final String PREFIX = "jaeger_tracer_";

    private final AtomicLong startedSampled = new AtomicLong();
    private final AtomicLong startedUnsampled = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong reported = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedAtShutdown = new AtomicLong();
    private final AtomicLong droppedSinceWarning = new AtomicLong();
    private final AtomicLong lastWarningNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL.toNanos());
    private volatile long queueLength;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastSuccessAt;

    /** A snapshot, for health checks and shutdown logs. */
    public record Snapshot(long startedSampled, long startedUnsampled, long finished, long reported, long failed,
                           long dropped, long droppedAtShutdown, long queueLength, String lastError,
                           Instant lastErrorAt, Instant lastSuccessAt) {

        /** Whether the last send failed (no success since the last error). */
        public boolean failing() {
            return lastErrorAt != null && (lastSuccessAt == null || lastErrorAt.isAfter(lastSuccessAt));
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(startedSampled.get(), startedUnsampled.get(), finished.get(), reported.get(), failed.get(),
                dropped.get(), droppedAtShutdown.get(), queueLength, lastError, lastErrorAt, lastSuccessAt);
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
                boolean isDropped = target == dropped;
                boolean isSuccess = target == reported;
                return delta -> {
                    target.addAndGet(delta);
                    if (isSuccess && delta > 0) {
                        lastSuccessAt = Instant.now();
                    }
                    if (isDropped) {
                        warnDropped(delta);
                    }
                    next.inc(delta);
                };
            }

            @Override
            public Timer createTimer(String name, Map<String, String> tags) {
                return delegate.createTimer(name, tags);
            }

            @Override
            public Gauge createGauge(String name, Map<String, String> tags) {
                Gauge next = delegate.createGauge(name, tags);
                if (!(PREFIX + "reporter_queue_length").equals(name)) {
                    return next;
                }
                return amount -> {
                    queueLength = amount;
                    next.update(amount);
                };
            }
        };
    }

    private AtomicLong counterFor(String name, Map<String, String> tags) {
        return switch (name) {
            case PREFIX + "started_spans" -> "y".equals(tags.get("sampled")) ? startedSampled : startedUnsampled;
            case PREFIX + "finished_spans" -> finished;
            case PREFIX + "reporter_spans" -> switch (String.valueOf(tags.get("result"))) {
                case "ok" -> reported;
                case "err" -> failed;
                case "dropped" -> dropped;
                default -> null;
            };
            default -> null;
        };
    }

    /** Spans still queued when the reporter closed: lost at shutdown (also counted as dropped). */
    public void recordDroppedAtShutdown(long spans) {
        droppedAtShutdown.addAndGet(spans);
    }

    /** A send that failed: kept as the last error, shown by health checks. */
    public void recordError(Throwable error) {
        lastError = error.getClass().getSimpleName() + ": " + error.getMessage();
        lastErrorAt = Instant.now();
    }

    private void warnDropped(long delta) {
        droppedSinceWarning.addAndGet(delta);
        long now = System.nanoTime();
        long last = lastWarningNanos.get();
        if (now - last >= WARN_INTERVAL.toNanos() && lastWarningNanos.compareAndSet(last, now)) {
            log.warn("Dropped {} finished spans in the last {}s: the reporter queue is full or the collector is failing "
                    + "(tracing.reporter.max-queue-size, last error: {})", droppedSinceWarning.getAndSet(0),
                    Duration.ofNanos(now - last).toSeconds(), lastError);
        }
    }
}
