package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.spi.Reporter;
import io.jaegertracing.zipkin.ZipkinV2Reporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zipkin2.Span;
import io.jaegertracing.internal.metrics.Metrics;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.ReporterMetrics;
import zipkin2.reporter.urlconnection.URLConnectionSender;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Zipkin v2 JSON over HTTP: jaeger-zipkin's span conversion in front of a zipkin-reporter 3.x
 * {@link AsyncReporter}.
 *
 * <p>The reporter's own flush thread holds drained spans "in flight" until its message timeout,
 * where close cannot reach them; so this class flushes on a timer of its own instead, and close
 * stops the timer, then flushes every queued span on the closing thread.
 */
final class ZipkinSpanReporter implements Reporter {

    private static final Logger log = LoggerFactory.getLogger(ZipkinSpanReporter.class);

    private final BytesMessageSender sender;
    private final AsyncReporter<Span> spans;
    private final ZipkinV2Reporter converter;
    private final ScheduledExecutorService flusher;
    private final long shutdownTimeoutMillis;
    private final ReporterStats stats;
    private final AtomicInteger queued = new AtomicInteger();

    ZipkinSpanReporter(TracerSettings settings, Metrics metrics, ReporterStats stats) {
        this.sender = new CountingSender(URLConnectionSender.newBuilder()
                .endpoint(settings.endpoint())
                .connectTimeout((int) settings.connectTimeout().toMillis())
                .readTimeout((int) settings.readTimeout().toMillis())
                .build(), metrics, stats);
        this.spans = AsyncReporter.builder(sender)
                .messageTimeout(0, TimeUnit.MILLISECONDS) // no flush thread of its own
                .queuedMaxSpans(settings.maxQueueSize())
                .queuedMaxBytes((int) Math.min(Integer.MAX_VALUE, settings.maxQueueBytes()))
                .metrics(new QueueMetrics(metrics, queued))
                .build();
        this.converter = new ZipkinV2Reporter(spans);
        this.shutdownTimeoutMillis = settings.shutdownTimeout().toMillis();
        this.stats = stats;
        this.flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "traceandtrace-zipkin-flush");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.flushInterval().toMillis();
        flusher.scheduleWithFixedDelay(this::flush, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void flush() {
        try {
            spans.flush();
        } catch (RuntimeException e) {
            log.warn("Could not send spans to Zipkin at {}: {}", sender, e.toString());
        }
    }

    @Override
    public void report(JaegerSpan span) {
        converter.report(span);
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            if (!flusher.awaitTermination(shutdownTimeoutMillis, TimeUnit.MILLISECONDS)) {
                log.warn("Zipkin flush still running after {} ms; closing anyway", shutdownTimeoutMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
        spans.close(); // counts what is still queued as dropped
        stats.recordDroppedAtShutdown(queued.get());
        try {
            sender.close();
        } catch (IOException e) {
            log.debug("Closing the Zipkin sender: {}", e.toString());
        }
    }

    /** Counts what reached Zipkin and what failed, and keeps the last error. */
    private static final class CountingSender implements BytesMessageSender {
        private final BytesMessageSender delegate;
        private final Metrics metrics;
        private final ReporterStats stats;

        CountingSender(BytesMessageSender delegate, Metrics metrics, ReporterStats stats) {
            this.delegate = delegate;
            this.metrics = metrics;
            this.stats = stats;
        }

        @Override
        public Encoding encoding() {
            return delegate.encoding();
        }

        @Override
        public int messageMaxBytes() {
            return delegate.messageMaxBytes();
        }

        @Override
        public int messageSizeInBytes(List<byte[]> encodedSpans) {
            return delegate.messageSizeInBytes(encodedSpans);
        }

        @Override
        public int messageSizeInBytes(int encodedSizeInBytes) {
            return delegate.messageSizeInBytes(encodedSizeInBytes);
        }

        @Override
        public void send(List<byte[]> encodedSpans) throws IOException {
            try {
                delegate.send(encodedSpans);
                metrics.reporterSuccess.inc(encodedSpans.size());
            } catch (IOException | RuntimeException e) {
                metrics.reporterFailure.inc(encodedSpans.size());
                stats.recordError(e);
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }

    /** The queue length, and spans dropped because the queue was full (send failures are counted by the sender). */
    private static final class QueueMetrics implements ReporterMetrics {
        private static final ThreadLocal<Boolean> AFTER_SEND_FAILURE = new ThreadLocal<>();
        private final Metrics metrics;
        private final AtomicInteger queued;

        QueueMetrics(Metrics metrics, AtomicInteger queued) {
            this.metrics = metrics;
            this.queued = queued;
        }

        @Override
        public void incrementMessages() {
        }

        @Override
        public void incrementMessagesDropped(Throwable cause) {
            AFTER_SEND_FAILURE.set(Boolean.TRUE);
        }

        @Override
        public void incrementSpans(int quantity) {
        }

        @Override
        public void incrementSpanBytes(int quantity) {
        }

        @Override
        public void incrementMessageBytes(int quantity) {
        }

        @Override
        public void incrementSpansDropped(int quantity) {
            if (AFTER_SEND_FAILURE.get() != null) {
                AFTER_SEND_FAILURE.remove();
                return;
            }
            metrics.reporterDropped.inc(quantity);
        }

        @Override
        public void updateQueuedSpans(int update) {
            queued.set(update);
            metrics.reporterQueueLength.update(update);
        }

        @Override
        public void updateQueuedBytes(int update) {
        }
    }

    @Override
    public String toString() {
        return "ZipkinSpanReporter{" + sender + '}';
    }
}
