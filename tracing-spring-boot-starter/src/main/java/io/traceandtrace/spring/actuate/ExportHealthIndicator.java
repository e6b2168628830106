package io.traceandtrace.spring.actuate;

import io.traceandtrace.core.export.DropReason;
import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.export.ExportStats;
import io.traceandtrace.core.tracer.TracerMetrics;
import io.traceandtrace.core.settings.TracerSettings;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The export pipeline's state: where spans go (without credentials), how many were sent, dropped
 * and why, retries, the queue, the last error. UP while the export worker runs: a collector outage is
 * shown here, but never takes the application's health down; a worker that stopped (every later span
 * would be dropped) is DOWN. Actuator shows it as the {@code tracing} component (the bean's name).
 */
public class ExportHealthIndicator extends AbstractHealthIndicator {

    private final TracerSettings settings;
    private final ExportStats stats;
    private final TracerMetrics tracerMetrics;
    private final String destination;
    private final ExportPipeline<?> pipeline;

    /**
     * With our {@code pipeline} (null when the application brought its own reporter), whose worker must be
     * running; {@code tracerMetrics} gives the started spans.
     */
    public ExportHealthIndicator(TracerSettings settings, ExportStats stats, TracerMetrics tracerMetrics,
                                 String destination, ExportPipeline<?> pipeline) {
        super("Tracing export health check failed");
        this.settings = settings;
        this.stats = stats;
        this.tracerMetrics = tracerMetrics;
        this.destination = destination;
        this.pipeline = pipeline;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ExportStats.Snapshot export = stats.snapshot();
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason.tag(), export.dropped(reason));
        }
        boolean stopped = pipeline != null && !pipeline.isRunning();
        (stopped ? builder.down() : builder.up())
                .withDetail("reporter", settings.reporterType().id())
                .withDetail("state", stopped ? "stopped" : export.failing() ? "failing" : "ok")
                .withDetail("spansStarted", tracerMetrics.spansStarted())
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
