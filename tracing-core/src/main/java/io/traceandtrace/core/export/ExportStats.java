package io.traceandtrace.core.export;

import io.jaegertracing.internal.metrics.Counter;
import io.jaegertracing.internal.metrics.NoopMetricsFactory;
import io.jaegertracing.spi.MetricsFactory;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What the export pipeline did with finished spans, counted by outcome: queued, sent, dropped by
 * {@link DropReason}; retries; the queue's length and bytes; the last error. Also published
 * through Jaeger's {@link MetricsFactory} SPI (so Micrometer, with the starter) as
 * {@code tracing_export_spans{result=queued|sent|dropped, reason=...}}. The queue's length and
 * bytes are read from the queue when asked ({@link #queueSpans()}): the starter publishes them as
 * Micrometer gauges under {@link #QUEUE_SPANS_METRIC} and {@link #QUEUE_BYTES_METRIC}.
 *
 * <p>No count is kept per span on the threads that finish spans, which only count drops: the worker
 * counts spans as queued when it takes them off the queue, and {@link Snapshot#queued()} adds what
 * is in the queue now, exactly: it waits out a take under way, so a span is never in both or in neither. The {@code result=queued} counter, which cannot take back, moves when the
 * worker takes the spans: those waiting show in {@link #QUEUE_SPANS_METRIC} until then.
 */
public final class ExportStats {

    public static final String SPANS_METRIC = "tracing_export_spans";
    public static final String RETRIES_METRIC = "tracing_export_retries";
    public static final String QUEUE_SPANS_METRIC = "tracing_export_queue_spans";
    public static final String QUEUE_BYTES_METRIC = "tracing_export_queue_bytes";

    private final LongAdder queued = new LongAdder(); // what the worker took off the queue
    private final AtomicInteger taking = new AtomicInteger(); // takes under way
    private final AtomicLong takes = new AtomicLong(); // takes done
    private final LongAdder sent = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final EnumMap<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final Counter queuedMetric;
    private final Counter sentMetric;
    private final Counter retriesMetric;
    private final EnumMap<DropReason, Counter> droppedMetric = new EnumMap<>(DropReason.class);
    private volatile LongSupplier queueSpans = () -> 0;
    private volatile LongSupplier queueBytes = () -> 0;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastSuccessAt;

    public ExportStats() {
        this(new NoopMetricsFactory());
    }

    public ExportStats(MetricsFactory metrics) {
        queuedMetric = metrics.createCounter(SPANS_METRIC, Map.of("result", "queued"));
        sentMetric = metrics.createCounter(SPANS_METRIC, Map.of("result", "sent"));
        retriesMetric = metrics.createCounter(RETRIES_METRIC, Map.of());
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new LongAdder());
            droppedMetric.put(reason, metrics.createCounter(SPANS_METRIC, Map.of("result", "dropped", "reason", reason.tag())));
        }
    }

    /** A point-in-time copy, for health checks, logs and tests. */
    public record Snapshot(long queued, long sent, Map<DropReason, Long> dropped, long retries, long queueSpans,
                           long queueBytes, String lastError, Instant lastErrorAt, Instant lastSuccessAt) {

        public long dropped(DropReason reason) {
            return dropped.getOrDefault(reason, 0L);
        }

        public long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Whether the last send failed (no success since the last error). */
        public boolean failing() {
            return lastErrorAt != null && (lastSuccessAt == null || lastErrorAt.isAfter(lastSuccessAt));
        }
    }

    public Snapshot snapshot() {
        EnumMap<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        dropped.forEach((reason, count) -> drops.put(reason, count.sum()));
        long taken;
        long waiting;
        // a span moving off the queue must be counted once: not in both figures, not in neither. A take
        // is a drainTo; the wait is longer only while the export thread is descheduled, and given up at 50 ms
        long giveUp = 0;
        for (int tries = 0; ; tries++) {
            long takes = this.takes.get();
            taken = queued.sum();
            waiting = queueSpans();
            if (taking.get() == 0 && this.takes.get() == takes) {
                break;
            }
            if (tries < 64) {
                Thread.onSpinWait();
                continue;
            }
            if (giveUp == 0) {
                giveUp = System.nanoTime() + 50_000_000L;
            } else if (System.nanoTime() - giveUp > 0) {
                break;
            }
            Thread.yield();
        }
        return new Snapshot(taken + waiting, sent.sum(), Map.copyOf(drops), retries.sum(), waiting, queueBytes(),
                lastError, lastErrorAt, lastSuccessAt);
    }

    /** Called before spans are taken off the queue; {@link #taken} follows, and {@link #snapshot} waits in between. */
    void taking() {
        taking.incrementAndGet();
    }

    /** The spans taken off the queue since {@link #taking}, now counted as queued. */
    void taken(long spans) {
        if (spans > 0) {
            queued.add(spans);
            queuedMetric.inc(spans);
        }
        takes.incrementAndGet();
        taking.decrementAndGet();
    }

    void sent(int spans) {
        sent.add(spans);
        sentMetric.inc(spans);
        lastSuccessAt = Instant.now();
    }

    void dropped(DropReason reason, long spans) {
        if (spans > 0) {
            dropped.get(reason).add(spans);
            droppedMetric.get(reason).inc(spans);
        }
    }

    void retried() {
        retries.increment();
        retriesMetric.inc(1);
    }

    void failed(String error) {
        lastError = error;
        lastErrorAt = Instant.now();
    }

    /** Spans waiting in the export queue now. */
    public long queueSpans() {
        return queueSpans.getAsLong();
    }

    /** Bytes of the spans held now, queued or in a message being sent. */
    public long queueBytes() {
        return queueBytes.getAsLong();
    }

    /** Where the queue figures are read from: the pipeline's queue itself, so a worker stuck in a retry cannot freeze them. */
    void watchQueue(LongSupplier spans, LongSupplier bytes) {
        queueSpans = spans;
        queueBytes = bytes;
    }
}
