package io.traceandtrace.spring;

import io.traceandtrace.core.limits.BoundedTracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the tracer on shutdown, in a phase after the web server's and the gRPC server's, so the
 * spans of the last requests are finished before the export pipeline sends what it holds (within
 * {@code tracing.reporter.shutdown-timeout}) and logs its final tally.
 */
public class TracingShutdown implements SmartLifecycle {

    /** Stopped after every server (lower phases stop later). */
    public static final int PHASE = Integer.MIN_VALUE + 1000;

    private final ObjectProvider<BoundedTracer> tracer;
    private volatile boolean running;

    public TracingShutdown(ObjectProvider<BoundedTracer> tracer) {
        this.tracer = tracer;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        BoundedTracer t = tracer.getIfUnique();
        if (t != null && !t.isClosed()) {
            t.close();
        }
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
