package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.spi.Reporter;
import io.jaegertracing.zipkin.ZipkinV2Reporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zipkin2.Span;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.urlconnection.URLConnectionSender;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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

    private final URLConnectionSender sender;
    private final AsyncReporter<Span> spans;
    private final ZipkinV2Reporter converter;
    private final ScheduledExecutorService flusher;
    private final long shutdownTimeoutMillis;

    ZipkinSpanReporter(TracerSettings settings) {
        this.sender = URLConnectionSender.newBuilder()
                .endpoint(settings.endpoint())
                .connectTimeout((int) settings.connectTimeout().toMillis())
                .readTimeout((int) settings.readTimeout().toMillis())
                .build();
        this.spans = AsyncReporter.builder(sender)
                .messageTimeout(0, TimeUnit.MILLISECONDS) // no flush thread of its own
                .queuedMaxSpans(settings.maxQueueSize())
                .build();
        this.converter = new ZipkinV2Reporter(spans);
        this.shutdownTimeoutMillis = settings.shutdownTimeout().toMillis();
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
        spans.close();
        sender.close();
    }

    @Override
    public String toString() {
        return "ZipkinSpanReporter{" + sender + '}';
    }
}
