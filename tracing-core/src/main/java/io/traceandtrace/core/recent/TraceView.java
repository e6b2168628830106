package io.traceandtrace.core.recent;

import java.util.List;

/**
 * One whole trace.
 *
 * @param spans in tree order: each span followed by its children, siblings by start time; spans whose parent is
 *              not in the trace come first among the roots by start time
 */
public record TraceView(String traceId, String rootOperation, String rootService, long startMicros,
                        long durationMicros, int spanCount, int errorCount, List<String> services,
                        int droppedSpans, List<RecentSpan> spans) {
}
