package io.traceandtrace.spring.actuate;

import io.traceandtrace.core.export.DropReason;
import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.export.ExportStats;
import io.traceandtrace.core.tracer.ReporterStats;
import io.traceandtrace.core.settings.TracerSettings;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The export pipeline's state: where spans go (without credentials), how many were sent, dropped
 * and why, retries, the queue, the last error. UP while the export worker runs: a collector outage is
 * shown here, but never takes the application's health down; a worker that stopped (every later span
 * would be dropped) is DOWN.
 */
public class ReporterHealthIndicator extends AbstractHealthIndicator {

    private final TracerSettings settings;
    private final ReporterStats stats;
    private final String destination;
    private final ExportPipeline<?> pipeline;

    public ReporterHealthIndicator(TracerSettings settings, ReporterStats stats, String destination) {
        this(settings, stats, destination, null);
    }

    /** With our {@code pipeline} (null when the application brought its own reporter), whose worker must be running. */
    public ReporterHealthIndicator(TracerSettings settings, ReporterStats stats, String destination,
                                   ExportPipeline<?> pipeline) {
        super("Tracing reporter health check failed");
        this.settings = settings;
        this.stats = stats;
        this.destination = destination;
        this.pipeline = pipeline;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ReporterStats.Snapshot s = stats.snapshot();
        ExportStats.Snapshot export = s.export();
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason.tag(), export.dropped(reason));
        }
        boolean stopped = pipeline != null && !pipeline.isRunning();
        (stopped ? builder.down() : builder.up())
                .withDetail("reporter", settings.reporterType().id())
                .withDetail("state", stopped ? "stopped" : export.failing() ? "failing" : "ok")
                .withDetail("spansStarted", s.startedSampled() + s.startedUnsampled())
                .withDetail("spansQueued", export.queued())
                .withDetail("spansSent", export.sent())
                .withDetail("spansDropped", dropped)
                .withDetail("retries", export.retries())
                .withDetail("queueSpans", export.queueSpans())
                .withDetail("queueBytes", export.queueBytes());
        if (destination != null) {
            builder.withDetail("destination", destination);
        }
        if (export.lastError() != null) {
            builder.withDetail("lastError", export.lastError()).withDetail("lastErrorAt", export.lastErrorAt().toString());
        }
    }
}
