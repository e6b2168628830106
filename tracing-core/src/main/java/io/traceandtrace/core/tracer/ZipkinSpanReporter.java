package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.spi.Reporter;
import io.jaegertracing.zipkin.ZipkinV2Reporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zipkin2.Span;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.urlconnection.URLConnectionSender;

import java.util.concurrent.TimeUnit;

/**
 * Zipkin v2 JSON over HTTP: jaeger-zipkin's span conversion in front of a zipkin-reporter 3.x
 * {@link AsyncReporter}, closed in the order that loses nothing (flush, then close).
 */
final class ZipkinSpanReporter implements Reporter {

    private static final Logger log = LoggerFactory.getLogger(ZipkinSpanReporter.class);

    private final URLConnectionSender sender;
    private final AsyncReporter<Span> spans;
    private final ZipkinV2Reporter converter;

    ZipkinSpanReporter(TracerSettings settings) {
        this.sender = URLConnectionSender.newBuilder()
                .endpoint(settings.endpoint())
                .connectTimeout((int) settings.connectTimeout().toMillis())
                .readTimeout((int) settings.readTimeout().toMillis())
                .build();
        this.spans = AsyncReporter.builder(sender)
                .messageTimeout(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS)
                .queuedMaxSpans(settings.maxQueueSize())
                .closeTimeout(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build();
        this.converter = new ZipkinV2Reporter(spans);
    }

    @Override
    public void report(JaegerSpan span) {
        converter.report(span);
    }

    @Override
    public void close() {
        try {
            spans.flush();
        } catch (RuntimeException e) {
            log.warn("Could not send the last spans to Zipkin at {}: {}", sender, e.toString());
        }
        spans.close();
        sender.close();
    }

    @Override
    public String toString() {
        return "ZipkinSpanReporter{" + sender + '}';
    }
}
