package io.traceandtrace.spring.web;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.testing.Spans;
import io.traceandtrace.spring.web.app.WebTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator on its own management port is not traced, even with the skip pattern cleared (so
 * nothing but the separate port keeps it out); the application port still is.
 */
@SpringBootTest(classes = {WebTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "tracing.sampler.type=const",
                "tracing.sampler.param=1", "grpc.server.port=-1", "tracing.web.skip-pattern="})
class ManagementPortTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    CapturingExporter reporter;

    @Test
    void healthOnTheManagementPortMakesNoSpan() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/1")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JaegerSpan> spans = Spans.awaitSpans(reporter,
                list -> list.stream().anyMatch(s -> s.getOperationName().equals("GET /orders/{id}")));
        assertThat(spans).extracting(JaegerSpan::getOperationName).noneMatch(name -> name.contains("actuator")
                || name.equals("GET UNMATCHED") || name.equals("GET NOT_FOUND"));
        assertThat(spans).filteredOn(s -> "server".equals(s.getTags().get("span.kind"))).hasSize(1);
    }
}
