package io.traceandtrace.core.limits;

import java.time.Instant;

/** Wall-clock time in the microseconds OpenTracing counts in. */
final class Clocks {

    private Clocks() {
    }

    static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
