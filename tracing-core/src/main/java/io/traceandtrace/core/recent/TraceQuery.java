package io.traceandtrace.core.recent;

import java.time.Duration;
import java.util.Locale;

/**
 * Which recent traces to list.
 *
 * @param limit       at most this many traces, newest first
 * @param text        kept traces have a span whose operation name or a tag ({@code key=value}) contains this text,
 *                    ignoring case; null or blank matches all
 * @param errorsOnly  whether only traces with a span tagged {@code error=true} are kept
 * @param minDuration kept traces last at least this long; null matches all
 */
public record TraceQuery(int limit, String text, boolean errorsOnly, Duration minDuration) {

    public static final int DEFAULT_LIMIT = 20;

    public TraceQuery {
        if (limit < 1) {
            limit = DEFAULT_LIMIT;
        }
        text = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
        if (minDuration != null && (minDuration.isNegative() || minDuration.isZero())) {
            minDuration = null;
        }
    }

    /** The newest {@value #DEFAULT_LIMIT} traces. */
    public static TraceQuery newest() {
        return new TraceQuery(DEFAULT_LIMIT, null, false, null);
    }

    /** The same query keeping at most {@code limit} traces. */
    public TraceQuery withLimit(int limit) {
        return new TraceQuery(limit, text, errorsOnly, minDuration);
    }
}
