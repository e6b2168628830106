package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.exceptions.SenderException;
import io.jaegertracing.spi.Sender;

/** A Jaeger sender whose failures are kept as the reporter's last error. */
final class ObservedSender implements Sender {

    private final Sender delegate;
    private final ReporterStats stats;

    ObservedSender(Sender delegate, ReporterStats stats) {
        this.delegate = delegate;
        this.stats = stats;
    }

    @FunctionalInterface
    private interface SenderCall {
        int call() throws SenderException;
    }

    private int observe(SenderCall call) throws SenderException {
        try {
            return call.call();
        } catch (SenderException e) {
            stats.recordError(e.getCause() != null ? e.getCause() : e);
            throw e;
        }
    }

    @Override
    public int append(JaegerSpan span) throws SenderException {
        return observe(() -> delegate.append(span));
    }

    @Override
    public int flush() throws SenderException {
        return observe(delegate::flush);
    }

    @Override
    public int close() throws SenderException {
        return observe(delegate::close);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
