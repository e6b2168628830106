package io.traceandtrace.core.recent;

import java.util.List;

/**
 * The answer to a {@link TraceQuery}.
 *
 * @param enabled     false when the store keeps nothing ({@code tracing.recent.max-spans} or {@code max-bytes} is 0)
 * @param heldTraces  traces the store holds, before the query's filters
 * @param heldSpans   spans the store holds
 * @param traces      the matching traces, newest start first
 */
public record TraceListing(boolean enabled, int heldTraces, int heldSpans, List<TraceSummary> traces) {
}
