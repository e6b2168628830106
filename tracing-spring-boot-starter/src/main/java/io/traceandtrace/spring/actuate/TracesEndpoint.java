package io.traceandtrace.spring.actuate;

import io.traceandtrace.core.recent.RecentTraces;
import io.traceandtrace.core.recent.TraceListing;
import io.traceandtrace.core.recent.TraceQuery;
import io.traceandtrace.core.recent.TraceView;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.lang.Nullable;

import java.time.Duration;

/**
 * {@code /actuator/traces}: the most recent traces, kept in memory beside whatever reporter is
 * configured, newest first; {@code /actuator/traces/{traceId}}: one whole trace, its spans in tree order.
 */
@Endpoint(id = "traces")
public class TracesEndpoint {

    private final RecentTraces recentTraces;

    public TracesEndpoint(RecentTraces recentTraces) {
        this.recentTraces = recentTraces;
    }

    /**
     * @param limit       at most this many traces (default 20)
     * @param q           text in an operation name or a tag ({@code key=value}), ignoring case
     * @param errors      true: only traces with a span tagged {@code error=true}
     * @param minDuration only traces lasting at least this long, e.g. {@code 100ms}
     */
    @ReadOperation
    public TraceListing traces(@Nullable Integer limit, @Nullable String q, @Nullable Boolean errors,
                               @Nullable Duration minDuration) {
        return recentTraces.find(new TraceQuery(limit == null ? 0 : limit, q, Boolean.TRUE.equals(errors), minDuration));
    }

    /** One trace by id (hex, with or without leading zeros); 404 when it is not (or no longer) held. */
    @ReadOperation
    @Nullable
    public TraceView trace(@Selector String traceId) {
        return recentTraces.trace(traceId).orElse(null);
    }
}
