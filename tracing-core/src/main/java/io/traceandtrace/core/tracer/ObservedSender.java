package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.exceptions.SenderException;
import io.jaegertracing.spi.Sender;

import java.util.ArrayDeque;

/**
 * A Jaeger sender whose failures are kept as the reporter's last error, and which gives a span's
 * room in the {@link SpanBudget} back only once the span has left its batch buffer (sent or lost),
 * so the budget covers every finished span still held in memory.
 */
final class ObservedSender implements Sender {

    private final Sender delegate;
    private final ReporterStats stats;
    private final SpanBudget budget;
    // estimated sizes of the spans in the delegate's batch buffer, oldest first; guarded by this
    private final ArrayDeque<Long> buffered = new ArrayDeque<>();

    ObservedSender(Sender delegate, ReporterStats stats, SpanBudget budget) {
        this.delegate = delegate;
        this.stats = stats;
        this.budget = budget;
    }

    @Override
    public synchronized int append(JaegerSpan span) throws SenderException {
        long size = SpanBudget.estimate(span);
        int sent;
        try {
            sent = delegate.append(span);
        } catch (SenderException e) {
            // the given span is lost either way (too large, or its batch failed); the others lost are the oldest
            budget.release(size);
            releaseOldest(e.getDroppedSpanCount() - 1);
            stats.recordError(e.getCause() != null ? e.getCause() : e);
            throw e;
        }
        // the oldest `sent` spans left the buffer, the given one counted among them when it completed a batch
        buffered.addLast(size);
        releaseOldest(sent);
        return sent;
    }

    @Override
    public synchronized int flush() throws SenderException {
        return sendingAll(delegate::flush);
    }

    @Override
    public synchronized int close() throws SenderException {
        return sendingAll(delegate::close);
    }

    @FunctionalInterface
    private interface SenderCall {
        int call() throws SenderException;
    }

    private int sendingAll(SenderCall call) throws SenderException {
        try {
            int sent = call.call();
            releaseOldest(sent);
            return sent;
        } catch (SenderException e) {
            releaseOldest(e.getDroppedSpanCount());
            stats.recordError(e.getCause() != null ? e.getCause() : e);
            throw e;
        }
    }

    private void releaseOldest(int spans) {
        for (int i = 0; i < spans && !buffered.isEmpty(); i++) {
            budget.release(buffered.pollFirst());
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
