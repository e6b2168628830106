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

    @Override
    public int append(JaegerSpan span) throws SenderException {
        try {
            return delegate.append(span);
        } catch (SenderException e) {
            stats.recordError(e.getCause() != null ? e.getCause() : e);
            throw e;
        }
    }

    @Override
    public int flush() throws SenderException {
        try {
            return delegate.flush();
        } catch (SenderException e) {
            stats.recordError(e.getCause() != null ? e.getCause() : e);
            throw e;
        }
    }

    @Override
    public int close() throws SenderException {
        try {
            return delegate.close();
        } catch (SenderException e) {
            stats.recordError(e.getCause() != null ? e.getCause() : e);
            throw e;
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
