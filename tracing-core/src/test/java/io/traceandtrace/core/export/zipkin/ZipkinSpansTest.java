package io.traceandtrace.core.export.zipkin;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.zipkin.internal.V2SpanConverter;
import io.opentracing.Scope;
import io.opentracing.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Zipkin receives the very span jaeger-zipkin's converter would have sent. */
class ZipkinSpansTest {

    private final InMemoryReporter reported = new InMemoryReporter();
    private final JaegerTracer tracer = new JaegerTracer.Builder("zipkin-test").withReporter(reported)
            .withSampler(new ConstSampler(true)).withTag("region", "eu-west-1").withTag("build", 42)
            .withManualShutdown().build();

    @AfterEach
    void close() {
        tracer.close();
    }

    @Test
    void convertsEverySpanAsJaegerZipkinDoes() {
        Span server = tracer.buildSpan("GET /hello").withTag("span.kind", "server").withTag("http.status_code", 200)
                .start();
        try (Scope ignored = tracer.activateSpan(server)) {
            Span client = tracer.buildSpan("Greeter/SayHello").withTag("span.kind", "client")
                    .withTag("peer.ipv4", "10.0.0.7").withTag("peer.port", 9090).withTag("peer.service", "greeter")
                    .withTag("error", true).start();
            client.log(Map.of("event", "message sent", "message.size", 24));
            client.log("plain event");
            client.finish();
            Span local = tracer.buildSpan("render").start();
            local.finish();
            Span remoteServer = tracer.buildSpan("child server").withTag("span.kind", "server")
                    .withTag("peer.service", "caller").start();
            remoteServer.finish();
            Span producer = tracer.buildSpan("send").withTag("span.kind", "producer").withTag("peer.port", 5672)
                    .start();
            producer.finish();
            tracer.buildSpan("odd kind").withTag("span.kind", "sideways").start().finish();
        }
        server.finish();
        Span second = tracer.buildSpan("second root").start();
        second.finish();

        List<JaegerSpan> spans = reported.getSpans();
        assertThat(spans).hasSize(7);
        ZipkinSpans subject = new ZipkinSpans();
        for (JaegerSpan span : spans) {
            assertThat(subject.convert(span)).isEqualTo(V2SpanConverter.convertSpan(span));
        }
    }

    @Test
    void followsTheTracerOfEachSpan() {
        JaegerTracer other = new JaegerTracer.Builder("other-service").withReporter(reported).withTraceId128Bit()
                .withSampler(new ConstSampler(true)).withManualShutdown().build();
        try {
            tracer.buildSpan("first").start().finish();
            other.buildSpan("second").start().finish();
            tracer.buildSpan("third").start().finish();
            ZipkinSpans subject = new ZipkinSpans();
            for (JaegerSpan span : reported.getSpans()) {
                zipkin2.Span converted = subject.convert(span);
                assertThat(converted).isEqualTo(V2SpanConverter.convertSpan(span));
                assertThat(converted.localServiceName()).isEqualTo(span.getTracer().getServiceName());
            }
        } finally {
            other.close();
        }
    }
}
