package io.traceandtrace.core.limits;

import java.time.Instant;

/**
 * Wall-clock time in the microseconds OpenTracing counts in, at microsecond precision for the
 * cost of one {@link System#nanoTime()}: a wall-clock base read once a second, plus the monotonic
 * time elapsed since.
 */
final class Clocks {

    private static final long REFRESH_NANOS = 1_000_000_000L;

    private record Base(long wallMicros, long nanos) {
    }

    private static volatile Base base = read();

    private Clocks() {
    }

    private static Base read() {
        Instant now = Instant.now();
        return new Base(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000, System.nanoTime());
    }

    static long wallMicros() {
        long nanos = System.nanoTime();
        Base b = base;
        long elapsed = nanos - b.nanos;
        if (elapsed >= REFRESH_NANOS || elapsed < 0) {
            b = read(); // follows wall-clock adjustments within a second
            base = b;
            return b.wallMicros;
        }
        return b.wallMicros + elapsed / 1_000;
    }
}
