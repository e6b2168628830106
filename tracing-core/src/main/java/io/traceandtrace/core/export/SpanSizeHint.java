package io.traceandtrace.core.export;

/**
 * What the span being finished on this thread holds, in rough bytes, as counted by whoever recorded
 * its tags and logs (the bounded tracer's spans do). The export queue reads it instead of copying
 * the finished span's tags and logs to measure them: Jaeger's getters copy on every call.
 */
public final class SpanSizeHint {

    private static final ThreadLocal<long[]> CURRENT = ThreadLocal.withInitial(() -> new long[1]);

    private SpanSizeHint() {
    }

    /** Set just before finishing a span whose report happens on this thread. */
    public static void set(long bytes) {
        CURRENT.get()[0] = bytes;
    }

    /** The hint, once; 0 when none was set. */
    static long take() {
        long[] slot = CURRENT.get();
        long bytes = slot[0];
        slot[0] = 0;
        return bytes;
    }

    /** Clears a hint that no reporter took (the span was not sampled). */
    public static void clear() {
        CURRENT.get()[0] = 0;
    }
}
