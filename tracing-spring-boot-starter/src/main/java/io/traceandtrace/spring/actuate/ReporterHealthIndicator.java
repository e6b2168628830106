package io.traceandtrace.spring.actuate;

import io.traceandtrace.core.export.DropReason;
import io.traceandtrace.core.export.ExportStats;
import io.traceandtrace.core.tracer.ReporterStats;
import io.traceandtrace.core.tracer.TracerSettings;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The export pipeline's state: where spans go (without credentials), how many were sent, dropped
 * and why, retries, the queue, the last error. Always UP: a collector outage is shown here, but never
 * takes the application's health down.
 */
public class ReporterHealthIndicator extends AbstractHealthIndicator {

    private final TracerSettings settings;
    private final ReporterStats stats;
    private final String destination;

    public ReporterHealthIndicator(TracerSettings settings, ReporterStats stats, String destination) {
        super("Tracing reporter health check failed");
        this.settings = settings;
        this.stats = stats;
        this.destination = destination;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ReporterStats.Snapshot s = stats.snapshot();
        ExportStats.Snapshot export = s.export();
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason.tag(), export.dropped(reason));
        }
        builder.up()
                .withDetail("reporter", settings.reporterType().id())
                .withDetail("state", export.failing() ? "failing" : "ok")
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
