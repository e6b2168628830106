package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What a caller said about sampling beyond Jaeger's sampled bit: B3 lets a caller send its ids and
 * leave the decision to us ("deferred"), or say "not sampled" and send no ids. Jaeger's contexts have no
 * field for either, so each travels as one more bit of the flags, cleared when the next span starts
 * (see {@code DeferredSamplingObjectFactory}); neither is ever written to a header.
 */
public final class SamplingState {

    /** The flag bit of a context whose caller left the sampling decision to us. */
    public static final byte DEFERRED = 0x40;
    /** The flag bit of a made-up parent: its child is the root of a new trace. */
    public static final byte ROOT = 0x20;
    private static final byte SAMPLED = 1;
    private static final byte DEBUG = 2;

    private SamplingState() {
    }

    public static boolean isDeferred(JaegerSpanContext context) {
        return (context.getFlags() & DEFERRED) != 0;
    }

    /** The same context with the decision left to our sampler. */
    static JaegerSpanContext deferred(JaegerSpanContext context) {
        return context.withFlags((byte) ((context.getFlags() & ~SAMPLED & ~DEBUG) | DEFERRED));
    }

    /**
     * A caller's "not sampled" without ids ({@code b3: 0}): a context for a parent that makes the next
     * span the unsampled root of a new trace, no sampler asked. Jaeger continues only contexts with
     * ids, so it has made-up ones, and {@link #ROOT} says to drop the made-up parent from the child.
     */
    static JaegerSpanContext notSampled() {
        return new JaegerSpanContext(0, nonZero(), nonZero(), 0, ROOT);
    }

    private static long nonZero() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }
}
