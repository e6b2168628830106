package io.traceandtrace.sample;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.CapturingExporter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app on its embedded default (memory reporter), with an exporter of the test's own that
 * gets what the pipeline exports: one request, one trace of six spans (with the H2 connection and INSERT).
 */
@Import(CapturingExporter.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS)
class SampleApplicationTest {

    @DynamicPropertySource
    static void grpcPort(DynamicPropertyRegistry registry) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            registry.add("grpc.server.port", () -> port);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    CapturingExporter reporter;

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void helloIsOneTraceFromHttpThroughGrpc() throws Exception {
        reporter.clear();
        assertThat(get("/hello?name=Grace")).contains("Grace");

        List<JaegerSpan> spans = await().atMost(Duration.ofSeconds(10)).until(reporter::spans, list -> list.size() >= 6);
        assertThat(spans).hasSize(6);
        assertThat(spans).extracting(s -> s.context().getTraceIdLow()).containsOnly(spans.get(0).context().getTraceIdLow());
        Map<String, JaegerSpan> byKind = spans.stream().collect(Collectors.toMap(
                s -> s.getOperationName() + "/" + s.getTags().getOrDefault("span.kind", "internal"), s -> s));
        JaegerSpan http = byKind.get("GET /hello/server");
        JaegerSpan traced = byKind.get("GreetingService.greet/internal");
        JaegerSpan client = byKind.get("sample.Greeter/SayHello/client");
        JaegerSpan server = byKind.get("sample.Greeter/SayHello/server");
        JaegerSpan connection = byKind.get("connection/client");
        JaegerSpan insert = byKind.get("INSERT greeting_log/client");
        assertThat(connection.context().getParentId()).isEqualTo(http.context().getSpanId());
        assertThat(insert.context().getParentId()).isEqualTo(connection.context().getSpanId());
        assertThat(insert.getTags()).containsEntry("db.system", "h2")
                .containsEntry("db.statement", "INSERT INTO greeting_log (name) VALUES (?)").containsEntry("db.rows_affected", "1");
        assertThat(http.context().getParentId()).isZero();
        assertThat(traced.context().getParentId()).isEqualTo(http.context().getSpanId());
        assertThat(client.context().getParentId()).isEqualTo(traced.context().getSpanId());
        assertThat(server.context().getParentId()).isEqualTo(client.context().getSpanId());
        assertThat(http.getServiceName()).isEqualTo("sample-app");
    }

    @Test
    void recentTracesAreAtTheActuatorEndpointAndActuatorCallsAreNotTraced() throws Exception {
        reporter.clear();
        get("/hello?name=Linus");
        await().atMost(Duration.ofSeconds(10)).until(() -> reporter.spans().size() >= 6);
        String traces = get("/actuator/traces");
        assertThat(traces).contains("\"rootOperation\":\"GET /hello\"").contains("\"spanCount\":6");
        String traceId = reporter.spans().get(0).context().getTraceId();
        assertThat(get("/actuator/traces/" + traceId)).contains("sample.Greeter/SayHello");
        assertThat(get("/actuator/health")).contains("UP");
        // the health check's own database probe is outside any trace: no span either
        assertThat(reporter.spans()).hasSize(6);
    }
}
