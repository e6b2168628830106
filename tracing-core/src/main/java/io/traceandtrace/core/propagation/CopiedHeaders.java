package io.traceandtrace.core.propagation;

import io.opentracing.propagation.TextMap;

/**
 * A carrier that copies its headers once, on the first read, and hands out that copy on every read
 * after: {@link MultiFormatCodec} lets each format iterate it directly instead of copying it again.
 */
public interface CopiedHeaders extends TextMap {
}
