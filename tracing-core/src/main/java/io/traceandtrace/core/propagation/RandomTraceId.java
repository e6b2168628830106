package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;

/**
 * Trace Context Level 2's "random" flag ({@code 0x02} of {@code traceparent}'s flags): the trace
 * id's right-most 7 bytes are random. In Jaeger's flags {@code 0x02} is the debug flag, which
 * forces sampling, so the W3C flag travels in a bit of its own, copied by Jaeger from each span to
 * its children and written only to {@code traceparent}: set when a caller's {@code traceparent}
 * has it, and on every trace our tracer starts (jaeger-client draws both halves of a new trace id
 * from {@code ThreadLocalRandom}). A trace continued from another header format has no such
 * promise and goes on without it.
 */
public final class RandomTraceId {

    /** The flag bit of a context whose trace id is random; never written to a Jaeger, B3 or sw8 header. */
    public static final byte FLAG = 0x10;

    private RandomTraceId() {
    }

    public static boolean isRandom(JaegerSpanContext context) {
        return (context.getFlags() & FLAG) != 0;
    }
}
