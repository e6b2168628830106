package io.traceandtrace.core.export;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.spi.Reporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one way finished spans leave the process, whatever the exporter.
 *
 * <p>A finished sampled span enters one queue bounded by spans and by bytes, without ever blocking
 * the thread that finished it; what does not fit is dropped and counted. One worker thread drains
 * the queue, hands each span to the local sinks (recent traces, the span log), encodes it and adds
 * it to the message being filled: the message goes out as soon as it is full, or once the flush
 * interval has passed since its oldest span finished. For a collector that takes spans only in
 * groups (SkyWalking's segments) the exporter supplies a {@link GroupingStage} between the encoder
 * and the message: it holds encoded spans until their group is whole, within the queue's bounds. A finishing thread wakes the worker only when
 * what is queued would fill the message (or half the queue): not once per span. A failed message is retried with exponential
 * backoff and jitter (honouring {@code Retry-After}) while it is younger than the retry window, then
 * dropped and counted. {@link #close()} stops taking spans and sends everything queued within the
 * shutdown timeout, measured from the start of close; what is left is counted as lost at shutdown.
 * A finishing thread counts only drops: spans are counted as queued by the worker as it takes them.
 *
 * @param <E> the exporter's wire form of one span
 */
public final class ExportPipeline<E> implements Reporter {

    private static final Logger log = LoggerFactory.getLogger(ExportPipeline.class);
    /** A finished span and what it counts against the byte bound until it is sent or dropped. */
    private record Queued(JaegerSpan span, long bytes) {
    }

    /** Put on the queue by close, which also wakes the worker. */
    private static final Object WAKE = new Object();

    /**
     * Put on the queue by flush: the queue is FIFO, so when the worker takes it every span queued
     * before the flush was taken; {@code through} is then how many spans the worker had handled.
     */
    private static final class FlushMark {
        volatile long through = -1;
    }

    private static final long INITIAL_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The longest {@code Retry-After} honoured, whatever an exporter reports. */
    private static final long MAX_RETRY_AFTER_NANOS = TimeUnit.HOURS.toNanos(1);

    private final SpanExporter<E> exporter;
    private final GroupingStage<E> stage; // null when spans go out one by one
    private final List<Reporter> sinks;
    private final ExportStats stats;
    private final ThrottledLog throttled;
    private final ArrayBlockingQueue<Object> queue;
    private final AtomicLong queueBytes = new AtomicLong();
    private final long maxQueueBytes;
    private final long flushIntervalNanos;
    private final long maxRetryAgeNanos;
    private final long shutdownTimeoutNanos;
    private final int maxMessageSpans;
    private final int maxQueueSpans;
    private final Thread worker;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object settleLock = new Object();
    private volatile boolean accepting = true;
    private volatile long closeDeadlineNanos; // set once close starts
    private volatile boolean closing;
    private volatile boolean urgent; // a flush is waiting: send partial messages now
    private volatile boolean parked; // the worker is waiting for spans: wake it at wakeAtSpans queued
    private volatile int wakeAtSpans = 1;
    private final int wakeAtMostSpans; // half the queue: it never fills while the worker sleeps
    private long encodedBytes; // the worker's: what the spans it encoded weigh in a message
    private long encodedSpans;
    private long handled; // the worker's: spans it took off the queue and encoded, held, sent or dropped
    // every span of the first settledThrough taken is settled or held by the stage: what flush waits for
    private volatile long settledThrough;
    private long held; // spans the worker took off the queue, not yet sent or dropped; guarded by settleLock
    private boolean abandoned; // close gave up on the worker; guarded by settleLock

    private ExportPipeline(Builder<E> b) {
        this.exporter = b.exporter;
        this.stage = b.exporter.groupingStage();
        this.sinks = List.copyOf(b.sinks);
        this.stats = b.stats;
        this.throttled = new ThrottledLog(log, b.logInterval);
        // no room kept for WAKE: when the queue is full the worker is busy and needs no waking
        this.queue = new ArrayBlockingQueue<>(b.maxQueueSpans);
        this.wakeAtMostSpans = Math.max(1, b.maxQueueSpans / 2);
        this.maxQueueBytes = b.maxQueueBytes;
        this.flushIntervalNanos = b.flushInterval.toNanos();
        this.maxRetryAgeNanos = b.maxRetryAge.toNanos();
        this.shutdownTimeoutNanos = b.shutdownTimeout.toNanos();
        this.maxMessageSpans = b.maxMessageSpans;
        this.maxQueueSpans = b.maxQueueSpans;
        stats.watchQueue(queue::size, () -> Math.max(0, queueBytes.get()));
        this.worker = new Thread(this::work, "traceandtrace-export");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    public static <E> Builder<E> builder(SpanExporter<E> exporter) {
        return new Builder<>(exporter);
    }

    public ExportStats stats() {
        return stats;
    }

    public SpanExporter<E> exporter() {
        return exporter;
    }

    /** Never blocks: queues the span, or drops and counts it. */
    @Override
    public void report(JaegerSpan span) {
        long hint = SpanSizeHint.take();
        if (!accepting) {
            stats.dropped(DropReason.SHUTDOWN, 1);
            return;
        }
        long size = hint > 0 ? hint : SpanSize.estimate(span);
        Queued item = new Queued(span, size);
        long bytes = queueBytes.addAndGet(size);
        if (bytes > maxQueueBytes || !queue.offer(item)) {
            queueBytes.addAndGet(-size);
            stats.dropped(DropReason.QUEUE_FULL, 1);
            // the request thread only counts: the line is built when the throttle lets one through
            throttled.warn("queue-full", this::queueFullMessage, null);
            return;
        }
        if (parked && (bytes > maxQueueBytes / 2 || queue.size() >= wakeAtSpans)) {
            wake();
        }
        if (!accepting && queue.remove(item)) {
            // close's last drain may have run before this span went in: it is ours to count, as finished after close
            queueBytes.addAndGet(-size);
            stats.dropped(DropReason.SHUTDOWN, 1);
        }
    }

    private void wake() {
        parked = false;
        LockSupport.unpark(worker);
    }

    private String queueFullMessage() {
        return "Dropped finished spans: the export queue is full (" + queue.size() + " spans, " + queueBytes.get()
                + " bytes); the collector at " + exporter.describe()
                + " is slow or down, or tracing.reporter.max-queue-size / max-queue-bytes are too small";
    }

    /**
     * Sends everything queued now without waiting for the flush interval; returns whether every span
     * queued before the call was sent or dropped within {@code timeout}. Spans a {@link GroupingStage}
     * holds because their group is not whole yet count as settled: flush cannot complete a group
     * whose other spans are still running.
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        FlushMark mark = new FlushMark();
        urgent = true;
        try {
            while (!queue.offer(mark)) { // full: the worker is busy draining it
                if (System.nanoTime() - deadline >= 0 || !worker.isAlive()) {
                    return false;
                }
                Thread.sleep(2);
            }
            wake();
            while (mark.through < 0 || settledThrough < mark.through) {
                if (System.nanoTime() - deadline >= 0 || !worker.isAlive()) {
                    return false;
                }
                Thread.sleep(2);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops taking spans, sends every queued span within the shutdown timeout (measured from now),
     * counts what is left as lost at shutdown, and closes the exporter. Later calls do nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long start = System.nanoTime();
        closeDeadlineNanos = start + shutdownTimeoutNanos;
        accepting = false;
        closing = true;
        queue.offer(WAKE);
        wake();
        synchronized (settleLock) {
            settleLock.notifyAll(); // cut a retry backoff short
        }
        try {
            worker.join(Math.max(1, shutdownTimeoutNanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long lost;
        synchronized (settleLock) {
            abandoned = true;
            stats.taking();
            long waiting = drainQueue();
            stats.taken(waiting);
            lost = held + waiting;
            held = 0;
            stats.dropped(DropReason.SHUTDOWN, lost);
            queueBytes.set(0);
        }
        if (worker.isAlive()) {
            worker.interrupt(); // a send still hanging past the deadline
        }
        for (Reporter sink : sinks) {
            closeQuietly(sink::close, "a span sink");
        }
        closeQuietly(exporter::close, "the exporter");
        ExportStats.Snapshot s = stats.snapshot();
        log.info("Span export to {} closed in {} ms: {} spans sent in all, {} dropped (queue full {}, send failed {}, "
                        + "lost at shutdown {}, unencodable {}, rejected {}){}", exporter.describe(),
                (System.nanoTime() - start) / 1_000_000, s.sent(), s.droppedTotal(), s.dropped(DropReason.QUEUE_FULL),
                s.dropped(DropReason.SEND_FAILED), s.dropped(DropReason.SHUTDOWN), s.dropped(DropReason.UNENCODABLE),
                s.dropped(DropReason.REJECTED),
                s.lastError() != null && s.dropped(DropReason.SEND_FAILED) > 0 ? "; last error: " + s.lastError() : "");
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Whether the worker is there to send spans: false once closed, or if the thread ever stopped. */
    public boolean isRunning() {
        return !closed.get() && worker.isAlive();
    }

    private long drainQueue() {
        List<Object> rest = new ArrayList<>();
        queue.drainTo(rest);
        return rest.stream().filter(Queued.class::isInstance).count();
    }

    private static void closeQuietly(Runnable close, String what) {
        try {
            close.run();
        } catch (RuntimeException e) {
            log.warn("Closing {} failed: {}", what, e.toString());
        }
    }

    // ---------------------------------------------------------------- the worker

    /** The message being filled, reused. */
    private final class Message {
        final List<E> spans = new ArrayList<>();
        long bytes;
        long memoryBytes; // what its spans count against tracing.reporter.max-queue-bytes until settled
        long dueNanos;
        boolean settled;

        /** {@code source} is null for what the grouping stage released: it has waited long enough already. */
        void add(E span, int size, long memory, JaegerSpan source) {
            if (spans.isEmpty()) {
                long now = System.nanoTime();
                long finishedAgoNanos = source == null ? flushIntervalNanos
                        : Math.max(0, (wallMicros() - (source.getStart() + source.getDuration())) * 1000);
                dueNanos = now + Math.max(0, flushIntervalNanos - finishedAgoNanos);
            }
            spans.add(span);
            bytes += size;
            memoryBytes += memory;
        }

        void clear() {
            spans.clear();
            bytes = 0;
            memoryBytes = 0;
            settled = false;
        }
    }

    private static long wallMicros() {
        return System.currentTimeMillis() * 1000;
    }

    private void work() {
        List<Object> taken = new ArrayList<>(maxMessageSpans);
        Message message = new Message();
        int maxBytes = exporter.maxMessageBytes();
        boolean releasedAll = false;
        try {
            while (!isAbandoned()) {
                taken.clear();
                stats.taking();
                if (queue.drainTo(taken, maxMessageSpans) == 0) {
                    stats.taken(0);
                    boolean hurry = closing || urgent;
                    if (!message.spans.isEmpty()) {
                        long wait = hurry ? 0 : message.dueNanos - System.nanoTime();
                        if (wait <= 0) {
                            send(message);
                        } else {
                            await(wait, spansToFill(message, maxBytes));
                        }
                    } else if (closing) {
                        if (releasedAll || stage == null) {
                            return;
                        }
                        releasedAll = true; // what the stage still holds goes in the last message
                        addGroups(stage.drain(), null, message, maxBytes);
                    } else {
                        urgent = false;
                        long tick = System.nanoTime() + flushIntervalNanos;
                        await(flushIntervalNanos, spansToFill(message, maxBytes));
                        if (stage != null && System.nanoTime() - tick >= 0) {
                            // a tick: what the stage held too long leaves even when no span comes
                            addGroups(stage.expired(), null, message, maxBytes);
                        }
                    }
                    continue;
                }
                if (!take(taken)) {
                    return;
                }
                for (Object item : taken) {
                    if (item instanceof Queued queued) {
                        add(queued.span(), queued.bytes(), message, maxBytes);
                        handled++;
                    } else if (item instanceof FlushMark mark) {
                        mark.through = handled;
                        urgent = true;
                    }
                    if (message.spans.isEmpty()) {
                        settledThrough = handled;
                    }
                }
            }
        } catch (InterruptedException e) {
            if (!isAbandoned()) {
                log.error("The span export thread was interrupted and stopped; spans are no longer sent");
            }
        } catch (RuntimeException | Error e) {
            log.error("The span export thread stopped; spans are no longer sent", e);
            throw e;
        }
    }

    /**
     * Waits up to {@code nanos}, or until {@code spans} are queued, or close or flush: the threads
     * finishing spans wake the worker only then, as the OpenTelemetry SDK's batch processor does.
     */
    private void await(long nanos, int spans) throws InterruptedException {
        wakeAtSpans = spans;
        parked = true;
        // read after parked is set: a span queued before that was seen here, one after it sees parked
        if (queue.size() < spans && !closing && !urgent) {
            LockSupport.parkNanos(this, nanos);
        }
        parked = false;
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** About how many more spans fill the message, by its span count and by its bytes so far. */
    private int spansToFill(Message message, int maxBytes) {
        int bySpans = maxMessageSpans - message.spans.size();
        if (encodedSpans == 0) {
            return 1; // no size known yet
        }
        long average = Math.max(1, encodedBytes / encodedSpans);
        long byBytes = Math.max(1, (maxBytes - message.bytes) / average);
        return (int) Math.max(1, Math.min(Math.min(bySpans, byBytes), wakeAtMostSpans));
    }

    private boolean isAbandoned() {
        synchronized (settleLock) {
            return abandoned;
        }
    }

    /**
     * Counts what the worker took as queued and holds it; false when close gave up first, having
     * counted them as lost here.
     */
    private boolean take(List<Object> taken) {
        int spans = 0;
        for (Object item : taken) {
            if (item instanceof Queued) {
                spans++;
            }
        }
        stats.taken(spans);
        synchronized (settleLock) {
            if (abandoned) {
                stats.dropped(DropReason.SHUTDOWN, spans); // taken after close counted what was held
                return false;
            }
            held += spans;
        }
        return true;
    }

    private void add(JaegerSpan span, long memory, Message message, int maxBytes) throws InterruptedException {
        for (Reporter sink : sinks) {
            try {
                sink.report(span);
            } catch (RuntimeException | Error e) {
                throttled.warn("sink-" + sink.getClass().getName(), () -> "A span sink failed: " + e, e);
            }
        }
        E encoded;
        int size;
        try {
            encoded = exporter.encode(span);
            size = exporter.sizeInMessage(encoded);
            encodedBytes += size;
            encodedSpans++;
        } catch (RuntimeException | Error e) {
            settle(Outcome.UNENCODABLE, 1, memory);
            throttled.warn("encode", () -> "Could not encode a span for " + exporter.describe() + ": " + e, e);
            return;
        } finally {
            FinishedSpanTags.release(); // the sinks and the encoder have read them
        }
        if (stage == null) {
            addEncoded(encoded, size, memory, span, message, maxBytes);
            return;
        }
        queueBytes.addAndGet(-memory); // the stage's bounds cover it from here
        List<List<E>> ready;
        try {
            ready = stage.add(encoded, size);
        } catch (RuntimeException e) {
            settle(Outcome.UNENCODABLE, 1, 0);
            throttled.warn("encode", () -> "Could not group a span for " + exporter.describe() + ": " + e, e);
            return;
        }
        addGroups(ready, span, message, maxBytes);
        addGroups(stage.expired(), null, message, maxBytes);
        while (stage.heldSpans() > maxQueueSpans || stage.heldBytes() > maxQueueBytes) {
            List<List<E>> oldest = stage.releaseOldest();
            if (oldest.isEmpty()) {
                break;
            }
            addGroups(oldest, null, message, maxBytes);
        }
    }

    /** Each group whole in one message; one larger than a message is dropped as unencodable. */
    private void addGroups(List<List<E>> groups, JaegerSpan source, Message message, int maxBytes)
            throws InterruptedException {
        for (List<E> group : groups) {
            // sized again: a span released late was rewritten by the stage
            int[] sizes = new int[group.size()];
            long bytes = 0;
            try {
                for (int i = 0; i < sizes.length; i++) {
                    sizes[i] = exporter.sizeInMessage(group.get(i));
                    bytes += sizes[i];
                }
            } catch (RuntimeException e) {
                settle(Outcome.UNENCODABLE, group.size(), 0);
                throttled.warn("encode", () -> "Could not size a group of spans for " + exporter.describe() + ": " + e, e);
                continue;
            }
            if (bytes > maxBytes) {
                settle(Outcome.UNENCODABLE, group.size(), 0);
                long size = bytes;
                throttled.warn("too-large", () -> "Dropped a group of " + group.size() + " spans, " + size
                        + " bytes: larger than one message to " + exporter.describe() + " may be (" + maxBytes
                        + " bytes)", null);
                continue;
            }
            if (!message.spans.isEmpty() && (message.bytes + bytes > maxBytes
                    || message.spans.size() + group.size() > maxMessageSpans)) {
                send(message);
            }
            for (int i = 0; i < sizes.length; i++) {
                message.add(group.get(i), sizes[i], 0, source);
            }
            if (message.bytes >= maxBytes || message.spans.size() >= maxMessageSpans) {
                send(message);
            }
        }
    }

    private void addEncoded(E encoded, int size, long memory, JaegerSpan span, Message message, int maxBytes)
            throws InterruptedException {
        if (size > maxBytes) {
            settle(Outcome.UNENCODABLE, 1, memory);
            throttled.warn("too-large", "Dropped a span of " + size + " bytes: larger than one message to "
                    + exporter.describe() + " may be (" + maxBytes + " bytes); lower tracing.span.max-logs", null);
            return;
        }
        if (!message.spans.isEmpty() && (message.bytes + size > maxBytes || message.spans.size() >= maxMessageSpans)) {
            send(message);
        }
        message.add(encoded, size, memory, span);
        if (message.bytes >= maxBytes || message.spans.size() >= maxMessageSpans) {
            send(message);
        }
    }

    /**
     * Sends the message, retrying transient failures; it is cleared whatever happens. Whatever an
     * exporter throws, {@link Error}s included, costs this message only, never the worker.
     */
    private void send(Message message) throws InterruptedException {
        int count = message.spans.size();
        try {
            deliver(message, count);
        } catch (InterruptedException e) {
            throw e;
        } catch (Throwable e) {
            if (!message.settled) {
                stats.failed(e.toString());
                settle(message, Outcome.FAILED);
            }
            throttled.warn("send-error", () -> "Dropped " + count + " spans: sending to " + exporter.describe()
                    + " failed: " + e, e);
        } finally {
            message.clear();
            settledThrough = handled; // the span being handled, if any, is not counted yet
        }
    }

    private void deliver(Message message, int count) throws InterruptedException {
        long firstTry = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            try {
                exporter.export(message.spans);
                settle(message, Outcome.SENT);
                return;
            } catch (ExportException e) {
                if (isAbandoned()) {
                    return; // close counted these as lost at shutdown
                }
                if (e.rejectedSpans() > 0) {
                    int rejected = Math.min(count, e.rejectedSpans());
                    message.settled = true;
                    settle(Outcome.SENT, count - rejected, message.memoryBytes);
                    settle(Outcome.REJECTED, rejected, 0);
                    // the message arrived, so it is not retried (OTLP forbids it)
                    throttled.warn("rejected-spans", e.getMessage(), null);
                    return;
                }
                stats.failed(e.getMessage());
                if (e.unencodable()) {
                    settle(message, Outcome.UNENCODABLE);
                    throttled.warn("too-large", () -> "Dropped " + count + " spans that cannot be sent to "
                            + exporter.describe() + ": " + e.getMessage(), null);
                    return;
                }
                if (!e.retryable()) {
                    settle(message, Outcome.FAILED);
                    throttled.warn("rejected", () -> "Dropped " + count + " spans: " + exporter.describe()
                            + " rejected them and retrying cannot help: " + e.getMessage(), e);
                    return;
                }
                long backoff = backoffNanos(attempt, e.retryAfter());
                long limit = firstTry + maxRetryAgeNanos;
                if (closing) {
                    limit = Math.min(limit, closeDeadlineNanos);
                }
                if (System.nanoTime() + backoff - limit >= 0) {
                    settle(message, Outcome.FAILED);
                    throttled.warn("send-failed", () -> "Dropped " + count + " spans: could not send them to "
                            + exporter.describe() + " within tracing.reporter.max-retry-age: " + e.getMessage(), e);
                    return;
                }
                stats.retried();
                sleep(backoff);
            }
        }
    }

    private static long backoffNanos(int attempt, Duration retryAfter) {
        long exponential = Math.min(MAX_BACKOFF_NANOS, INITIAL_BACKOFF_NANOS << Math.min(attempt, 16));
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        if (retryAfter == null || retryAfter.isNegative()) {
            return jittered;
        }
        // compared before converting: a date centuries away would overflow toNanos()
        long asked = retryAfter.compareTo(Duration.ofNanos(MAX_RETRY_AFTER_NANOS)) > 0 ? MAX_RETRY_AFTER_NANOS
                : retryAfter.toNanos();
        return Math.max(jittered, asked);
    }

    /** Waits, unless close wants everything sent now. */
    private void sleep(long nanos) throws InterruptedException {
        long until = System.nanoTime() + nanos;
        synchronized (settleLock) {
            long left;
            while ((left = until - System.nanoTime()) > 0) {
                if (closing && until - closeDeadlineNanos > 0) {
                    return; // the next try would come after the deadline: let send() give up now
                }
                TimeUnit.NANOSECONDS.timedWait(settleLock, left);
            }
        }
    }

    private enum Outcome { SENT, FAILED, UNENCODABLE, REJECTED }

    /**
     * Counts spans the worker took as sent or dropped, unless close already counted them as lost, and
     * gives their room back: the byte bound covers every span held, queued or in a message.
     */
    private void settle(Message message, Outcome outcome) {
        message.settled = true;
        settle(outcome, message.spans.size(), message.memoryBytes);
    }

    private void settle(Outcome outcome, int spans, long memoryBytes) {
        queueBytes.addAndGet(-memoryBytes);
        synchronized (settleLock) {
            if (abandoned) {
                return;
            }
            held -= spans;
            switch (outcome) {
                case SENT -> stats.sent(spans);
                case UNENCODABLE -> stats.dropped(DropReason.UNENCODABLE, spans);
                case REJECTED -> stats.dropped(DropReason.REJECTED, spans);
                case FAILED -> stats.dropped(DropReason.SEND_FAILED, spans);
            }
        }
    }

    @Override
    public String toString() {
        return "ExportPipeline{" + exporter.describe() + '}';
    }

    /** Queue limits, timing and local sinks of a pipeline. */
    public static final class Builder<E> {
        private final SpanExporter<E> exporter;
        private final List<Reporter> sinks = new ArrayList<>();
        private ExportStats stats = new ExportStats();
        private int maxQueueSpans = 2048;
        private long maxQueueBytes = 10L * 1024 * 1024;
        private Duration flushInterval = Duration.ofSeconds(1);
        private Duration maxRetryAge = Duration.ofSeconds(30);
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private Duration logInterval = Duration.ofMinutes(1);
        private int maxMessageSpans = 2048;

        private Builder(SpanExporter<E> exporter) {
            this.exporter = Objects.requireNonNull(exporter, "exporter");
        }

        public Builder<E> stats(ExportStats stats) {
            this.stats = Objects.requireNonNull(stats, "stats");
            return this;
        }

        /** Also hands every span to {@code sink} on the export thread, before it is encoded. */
        public Builder<E> sink(Reporter sink) {
            sinks.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        public Builder<E> maxQueueSpans(int maxQueueSpans) {
            this.maxQueueSpans = positive(maxQueueSpans, "maxQueueSpans");
            return this;
        }

        public Builder<E> maxQueueBytes(long maxQueueBytes) {
            this.maxQueueBytes = maxQueueBytes;
            return this;
        }

        public Builder<E> flushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
            return this;
        }

        public Builder<E> maxRetryAge(Duration maxRetryAge) {
            this.maxRetryAge = maxRetryAge;
            return this;
        }

        public Builder<E> shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /** The shortest time between two log lines of one cause (one minute). */
        public Builder<E> logInterval(Duration logInterval) {
            this.logInterval = logInterval;
            return this;
        }

        public Builder<E> maxMessageSpans(int maxMessageSpans) {
            this.maxMessageSpans = positive(maxMessageSpans, "maxMessageSpans");
            return this;
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, was " + value);
            }
            return value;
        }

        /** Starts the worker thread. */
        public ExportPipeline<E> build() {
            return new ExportPipeline<>(this);
        }
    }
}
