package io.traceandtrace.spring.ui;

import io.traceandtrace.spring.ui.app.ShopTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code tracing.ui.management-server=true} moves the page to the management port and off the application's. */
@SpringBootTest(classes = ShopTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.ui.enabled=true", "tracing.ui.management-server=true", "management.server.port=0",
                "tracing.reporter.type=none", "tracing.sampler.type=const", "tracing.sampler.param=1", "grpc.server.port=-1"})
class TracePageOnManagementServerTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageIsOnTheManagementPortOnly() throws Exception {
        assertThat(get(port, "/checkout?item=pen").statusCode()).isEqualTo(200);
        HttpResponse<String> page = get(managementPort, "/traces");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/traces/app.js");
        // a finished trace is listed once the export worker has taken its spans (within the flush interval)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get(managementPort, "/traces/api/traces").body()).contains("\"rootOperation\":\"GET /checkout\""));
        assertThat(get(port, "/traces").statusCode()).isEqualTo(404);
        assertThat(get(port, "/traces/api/traces").statusCode()).isEqualTo(404);
    }
}
