package io.traceandtrace.spring.handler;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** Warns at most once a minute per cause, so a failing hook or header cannot flood the log. */
public final class ThrottledLog {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final int MAX_CAUSES = 256;

    private final Logger log;
    private final ConcurrentMap<Object, AtomicLong> last = new ConcurrentHashMap<>();

    public ThrottledLog(Logger log) {
        this.log = log;
    }

    public void warn(Object cause, String message, Throwable error) {
        long now = System.nanoTime();
        AtomicLong previous = last.size() < MAX_CAUSES
                ? last.computeIfAbsent(cause, c -> new AtomicLong(now - INTERVAL.toNanos()))
                : last.getOrDefault(cause, new AtomicLong(now - INTERVAL.toNanos()));
        long then = previous.get();
        if (now - then >= INTERVAL.toNanos() && previous.compareAndSet(then, now)) {
            log.warn("{} (logged at most once a minute): {}", message, error.toString(), error);
        }
    }
}
