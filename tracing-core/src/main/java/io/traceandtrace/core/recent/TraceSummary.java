package io.traceandtrace.core.recent;

import java.util.List;

/**
 * One line of the recent-traces list.
 *
 * @param rootOperation  the operation of the earliest span whose parent is not in the trace
 * @param startMicros    the earliest span start, epoch microseconds
 * @param durationMicros from the earliest start to the latest end
 * @param errorCount     spans tagged {@code error=true}
 * @param droppedSpans   spans of this trace the store turned away because the trace alone filled it
 */
public record TraceSummary(String traceId, String rootOperation, String rootService, long startMicros,
                           long durationMicros, int spanCount, int errorCount, List<String> services,
                           int droppedSpans) {
}
