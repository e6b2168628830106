package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.exceptions.SenderException;
import io.jaegertracing.spi.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A sender that cannot be opened yet (say, the agent's host name does not resolve while the app
 * starts) does not stop the app: spans fail to send, and opening is tried again at most every
 * {@link #RETRY_INTERVAL} until it works.
 */
final class RetryingSender implements Sender {

    static final Duration RETRY_INTERVAL = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(RetryingSender.class);

    private final Supplier<Sender> opener;
    private final String description;
    private final long retryNanos;
    private Sender delegate; // only the reporter's queue thread uses this sender
    private long nextAttemptNanos;

    private RetryingSender(Supplier<Sender> opener, String description, Duration retryInterval) {
        this.opener = opener;
        this.description = description;
        this.retryNanos = retryInterval.toNanos();
        this.nextAttemptNanos = System.nanoTime() + retryNanos;
    }

    /** The opened sender, or one that keeps trying when opening fails now. */
    static Sender open(Supplier<Sender> opener, String description) {
        return open(opener, description, RETRY_INTERVAL);
    }

    static Sender open(Supplier<Sender> opener, String description, Duration retryInterval) {
        try {
            return opener.get();
        } catch (RuntimeException e) {
            log.warn("Cannot open the span sender to {} yet ({}); spans are counted as failed until it opens",
                    description, e.getMessage());
            return new RetryingSender(opener, description, retryInterval);
        }
    }

    private Sender delegate(int spans) throws SenderException {
        if (delegate == null) {
            if (System.nanoTime() - nextAttemptNanos < 0) {
                throw new SenderException("sender to " + description + " is not open", null, spans);
            }
            try {
                delegate = opener.get();
                log.info("Opened the span sender to {}", description);
            } catch (RuntimeException e) {
                nextAttemptNanos = System.nanoTime() + retryNanos;
                throw new SenderException("cannot open the sender to " + description + ": " + e.getMessage(), e, spans);
            }
        }
        return delegate;
    }

    @Override
    public int append(JaegerSpan span) throws SenderException {
        return delegate(1).append(span);
    }

    @Override
    public int flush() throws SenderException {
        return delegate == null ? 0 : delegate.flush();
    }

    @Override
    public int close() throws SenderException {
        return delegate == null ? 0 : delegate.close();
    }

    @Override
    public String toString() {
        return "RetryingSender{" + description + '}';
    }
}
