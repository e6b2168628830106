package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.metrics.Metrics;
import io.jaegertracing.spi.Reporter;

/**
 * Admits a finished span to Jaeger's {@code RemoteReporter} only while the queue stays within its
 * span and byte limits; otherwise drops and counts it. The RemoteReporter's own queue is made
 * larger than the span limit, so it never drops on its own and always has room for its flush and
 * close commands.
 */
final class BudgetedReporter implements Reporter {

    /** Room in the RemoteReporter's queue above the span limit, for its flush and close commands. */
    static final int COMMAND_HEADROOM = 64;

    private final Reporter delegate;
    private final SpanBudget budget;
    private final Metrics metrics;
    private final ReporterStats stats;

    BudgetedReporter(Reporter delegate, SpanBudget budget, Metrics metrics, ReporterStats stats) {
        this.delegate = delegate;
        this.budget = budget;
        this.metrics = metrics;
        this.stats = stats;
    }

    @Override
    public void report(JaegerSpan span) {
        if (budget.tryAcquire(span)) {
            delegate.report(span);
        } else {
            metrics.reporterDropped.inc(1);
        }
    }

    @Override
    public void close() {
        delegate.close();
        int lost = budget.spans();
        if (lost > 0) {
            // still queued after close had its chance: the sender never took them
            metrics.reporterDropped.inc(lost);
            stats.recordDroppedAtShutdown(lost);
        }
    }

    @Override
    public String toString() {
        return "BudgetedReporter{" + delegate + '}';
    }
}
