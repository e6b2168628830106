package io.traceandtrace.core.limits;

import io.opentracing.Span;

/**
 * A span that knows its operation name and start time (basictracer-go's extended {@code Span}).
 * Every span started by a {@link BoundedTracer} is one.
 */
public interface BoundedSpan extends Span {

    /** The current operation name. */
    String operationName();

    /** When the span started, in microseconds since the epoch. */
    long startTime();

    /** The span this one wraps, as its tracer made it. */
    Span delegate();
}
