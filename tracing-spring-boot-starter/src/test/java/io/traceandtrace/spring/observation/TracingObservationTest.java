package io.traceandtrace.spring.observation;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.observation.app.ObservedApplication;
import io.traceandtrace.spring.testing.HttpGets;
import io.traceandtrace.spring.testing.Spans;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.traceandtrace.spring.testing.Spans.tag;
import static org.assertj.core.api.Assertions.assertThat;

/** Observations of a real Spring MVC app (with Actuator, so Spring Boot's own registry) become spans of the request's trace. */
@SpringBootTest(classes = {ObservedApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.sampler.type=const", "tracing.sampler.param=1",
                "spring.application.name=observed", "grpc.server.port=-1"})
class TracingObservationTest {

    @LocalServerPort
    int port;

    @Autowired
    CapturingExporter reporter;

    @BeforeEach
    void clear() {
        reporter.clear();
    }

    @Test
    void anObservationIsAChildSpanOfTheRequestNamedAndTaggedByIt() {
        HttpResponse<String> response = HttpGets.get(port, "/observed", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);

        JaegerSpan server = Spans.awaitNamed(reporter, "GET /observed");
        JaegerSpan lookup = Spans.named(reporter.spans(), "lookup sku");
        assertThat(Spans.isChildOf(lookup, server)).isTrue();
        assertThat(lookup.getTags()).containsEntry("sku.kind", "book").containsEntry("sku", "123")
                .doesNotContainKey("span.kind").doesNotContainKey("error");
        // the observation's span was active inside it: log lines there carry its trace id
        assertThat(response.body()).isEqualTo("trace=" + lookup.context().toTraceId());
        // Spring MVC's own server observation made no second server span, in this trace or another
        assertThat(settled()).extracting(JaegerSpan::getOperationName).containsExactlyInAnyOrder("GET /observed", "lookup sku");
    }

    @Test
    void aFailedObservationIsAnErrorSpanWithTheException() {
        assertThat(HttpGets.get(port, "/failing", Map.of()).body()).isEqualTo("failed: out of stock");

        JaegerSpan reserve = Spans.awaitNamed(reporter, "inventory.reserve");
        assertThat(tag(reserve, "error")).isEqualTo(true);
        List<Map<String, Object>> logs = Spans.logs(reserve);
        assertThat(logs).hasSize(1);
        assertThat(logs.get(0)).containsEntry("event", "error")
                .containsEntry("error.kind", IllegalStateException.class.getName())
                .containsEntry("message", "out of stock");
    }

    @Test
    void anHttpClientCallIsOneClientSpanNotTwo() {
        assertThat(HttpGets.get(port, "/outbound", Map.of()).statusCode()).isEqualTo(200);

        JaegerSpan outer = Spans.awaitNamed(reporter, "GET /outbound");
        Spans.awaitSpans(reporter, spans -> spansIn(spans, outer).size() >= 4);
        // server, our RestTemplate client span, the callee's server span, its observation; RestTemplate's observation adds none
        List<JaegerSpan> spans = settled();
        assertThat(spans).extracting(JaegerSpan::getOperationName)
                .containsExactlyInAnyOrder("GET /outbound", "GET", "GET /observed", "lookup sku");
        JaegerSpan client = Spans.named(spans, "GET");
        assertThat(tag(client, "span.kind")).isEqualTo("client");
        assertThat(Spans.isChildOf(client, outer)).isTrue();
        assertThat(Spans.isChildOf(Spans.named(spans, "GET /observed"), client)).isTrue();
    }

    @Test
    void aMessageConsumerSpanIsAChildOfItsProducerSpanAcrossThreads() {
        HttpResponse<String> response = HttpGets.get(port, "/message", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);

        JaegerSpan server = Spans.awaitNamed(reporter, "GET /message");
        JaegerSpan send = Spans.awaitNamed(reporter, "orders send");
        JaegerSpan receive = Spans.awaitNamed(reporter, "orders receive");
        assertThat(Spans.isChildOf(send, server)).isTrue();
        assertThat(Spans.isChildOf(receive, send)).isTrue();
        assertThat(send.getTags()).containsEntry("span.kind", "producer").containsEntry("peer.service", "broker");
        assertThat(tag(receive, "span.kind")).isEqualTo("consumer");
        assertThat(response.body()).startsWith("consumed trace=" + server.context().toTraceId())
                .contains("uber-trace-id").contains("traceparent");
    }

    /** All spans reported, once no new one has arrived for half a second. */
    private List<JaegerSpan> settled() {
        AtomicInteger seen = new AtomicInteger(-1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> seen.getAndSet(reporter.spans().size()) == reporter.spans().size());
        return reporter.spans();
    }

    private static List<JaegerSpan> spansIn(List<JaegerSpan> spans, JaegerSpan member) {
        return spans.stream().filter(s -> s.context().getTraceIdLow() == member.context().getTraceIdLow()).toList();
    }
}
