package io.traceandtrace.spring.actuate;

import io.traceandtrace.core.tracer.ReporterStats;
import io.traceandtrace.core.tracer.TracerSettings;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The reporter's state: where spans go, how many were sent, dropped or failed, the last error.
 * Always UP: a collector outage is shown here, but never takes the application's health down.
 */
public class ReporterHealthIndicator extends AbstractHealthIndicator {

    private final TracerSettings settings;
    private final ReporterStats stats;

    public ReporterHealthIndicator(TracerSettings settings, ReporterStats stats) {
        super("Tracing reporter health check failed");
        this.settings = settings;
        this.stats = stats;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ReporterStats.Snapshot s = stats.snapshot();
        builder.up()
                .withDetail("reporter", settings.reporterType().id())
                .withDetail("state", s.failing() ? "failing" : "ok")
                .withDetail("spansStarted", s.startedSampled() + s.startedUnsampled())
                .withDetail("spansReported", s.reported())
                .withDetail("spansFailed", s.failed())
                .withDetail("spansDropped", s.dropped())
                .withDetail("spansLostAtShutdown", s.droppedAtShutdown())
                .withDetail("queueLength", s.queueLength());
        if (settings.endpoint() != null) {
            builder.withDetail("endpoint", settings.endpoint());
        }
        if (s.lastError() != null) {
            builder.withDetail("lastError", s.lastError()).withDetail("lastErrorAt", s.lastErrorAt().toString());
        }
    }
}
