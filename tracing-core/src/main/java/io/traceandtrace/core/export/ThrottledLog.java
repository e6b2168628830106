package io.traceandtrace.core.export;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * At most one WARN line per cause per interval, saying how often the cause occurred since the
 * last line; stack traces only at DEBUG. A collector that is down must never flood the log.
 */
public final class ThrottledLog {

    private final Logger log;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, Cause> causes = new ConcurrentHashMap<>();

    public ThrottledLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    private static final class Cause {
        final AtomicLong count = new AtomicLong();
        final AtomicLong lastLineNanos;

        Cause(long lastLineNanos) {
            this.lastLineNanos = new AtomicLong(lastLineNanos);
        }
    }

    /**
     * Counts one occurrence of {@code cause}; logs {@code message} with the count when the cause
     * was not logged within the interval. Returns whether a line was written.
     */
    public boolean warn(String cause, String message, Throwable error) {
        return warn(cause, () -> message, error);
    }

    /** As {@link #warn(String, String, Throwable)}, building the message only when a line is written. */
    public boolean warn(String cause, Supplier<String> message, Throwable error) {
        Cause c = causes.computeIfAbsent(cause, k -> new Cause(System.nanoTime() - intervalNanos));
        long count = c.count.incrementAndGet();
        if (error != null && log.isDebugEnabled()) {
            log.debug("{} ({})", message.get(), cause, error);
        }
        long now = System.nanoTime();
        long last = c.lastLineNanos.get();
        if (now - last < intervalNanos || !c.lastLineNanos.compareAndSet(last, now)) {
            return false;
        }
        long since = c.count.getAndSet(0);
        if (since <= 1 && count <= 1) {
            log.warn("{}", message.get());
        } else {
            log.warn("{} ({} times in the last {}s)", message.get(), since, Math.max(1, (now - last) / 1_000_000_000L));
        }
        return true;
    }
}
