package io.traceandtrace.spring;

import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.tracer.ReporterStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the tracer on shutdown, in a phase after the web server's and the gRPC server's, so the
 * spans of the last requests are finished before the reporter sends what it holds; logs what was
 * sent and what was lost.
 */
public class TracingShutdown implements SmartLifecycle {

    /** Stopped after every server (lower phases stop later). */
    public static final int PHASE = Integer.MIN_VALUE + 1000;

    private static final Logger log = LoggerFactory.getLogger(TracingShutdown.class);

    private final ObjectProvider<BoundedTracer> tracer;
    private final ReporterStats stats;
    private volatile boolean running;

    public TracingShutdown(ObjectProvider<BoundedTracer> tracer, ReporterStats stats) {
        this.tracer = tracer;
        this.stats = stats;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        BoundedTracer t = tracer.getIfUnique();
        if (t == null || t.isClosed()) {
            return;
        }
        ReporterStats.Snapshot before = stats.snapshot();
        long started = System.nanoTime();
        t.close();
        ReporterStats.Snapshot after = stats.snapshot();
        log.info("Tracing closed in {} ms: {} spans sent at shutdown ({} in all), {} lost at shutdown; {} dropped, "
                        + "{} failed to send in all{}",
                (System.nanoTime() - started) / 1_000_000, after.reported() - before.reported(), after.reported(),
                after.droppedAtShutdown(), after.dropped(), after.failed(),
                after.lastError() != null ? "; last error: " + after.lastError() : "");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
