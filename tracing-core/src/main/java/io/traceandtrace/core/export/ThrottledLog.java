package io.traceandtrace.core.export;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * At most one WARN line per cause per interval, saying how often the cause occurred since the
 * last line; stack traces only at DEBUG. A collector that is down, or a hook that fails on every
 * request, must never flood the log. The one throttle of the project: the export pipeline, the
 * SkyWalking keep-alive, and the starter's span hooks and observation handler use it.
 */
public final class ThrottledLog {

    /** The interval of {@link #ThrottledLog(Logger)}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    // causes may be classes or hook instances: a bound keeps a stream of new ones from growing the map
    private static final int MAX_CAUSES = 256;

    private final Logger log;
    private final long intervalNanos;
    private final ConcurrentHashMap<Object, Cause> causes = new ConcurrentHashMap<>();

    /** At most one line a minute per cause. */
    public ThrottledLog(Logger log) {
        this(log, DEFAULT_INTERVAL);
    }

    public ThrottledLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    private static final class Cause {
        final AtomicLong count = new AtomicLong();
        final AtomicLong lastLineNanos;
        // a cause's first line carries no count, even when other threads met the cause in the same instant
        volatile boolean logged;

        Cause(long lastLineNanos) {
            this.lastLineNanos = new AtomicLong(lastLineNanos);
        }
    }

    /**
     * Counts one occurrence of {@code cause} (compared with {@code equals}); logs {@code message},
     * which names the error, with the count when the cause was not logged within the interval; the
     * stack trace of {@code error} goes to DEBUG. Returns whether a WARN line was written.
     */
    public boolean warn(Object cause, String message, Throwable error) {
        return warn(cause, () -> message, error);
    }

    /** As {@link #warn(String, String, Throwable)}, building the message only when a line is written. */
    public boolean warn(Object cause, Supplier<String> message, Throwable error) {
        Cause c = causes.get(cause);
        if (c == null) {
            Cause fresh = new Cause(System.nanoTime() - intervalNanos);
            c = causes.size() < MAX_CAUSES ? causes.computeIfAbsent(cause, k -> fresh) : fresh;
        }
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
        if (!c.logged || (since <= 1 && count <= 1)) {
            c.logged = true;
            log.warn("{}", message.get());
        } else {
            log.warn("{} ({} times in the last {}s)", message.get(), since, Math.max(1, (now - last) / 1_000_000_000L));
        }
        return true;
    }
}
