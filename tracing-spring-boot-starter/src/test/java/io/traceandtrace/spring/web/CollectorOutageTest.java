package io.traceandtrace.spring.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.traceandtrace.spring.actuate.ExportHealthIndicator;
import io.traceandtrace.spring.web.app.WebTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The app starts and serves every request while its Zipkin collector accepts connections and never
 * answers; the outage shows in the reporter's health and metrics, and the app's health stays UP.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.reporter.type=zipkin", "tracing.reporter.max-queue-size=50",
                "tracing.reporter.flush-interval=50ms", "tracing.reporter.read-timeout=2s",
                "tracing.reporter.shutdown-timeout=1s",
                "tracing.sampler.type=const", "tracing.sampler.param=1", "grpc.server.port=-1"})
class CollectorOutageTest {

    private static final ServerSocket HUNG;
    private static final List<Socket> ACCEPTED = new CopyOnWriteArrayList<>();

    static {
        try {
            HUNG = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!HUNG.isClosed()) {
                try {
                    ACCEPTED.add(HUNG.accept()); // and never read, never answer
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @DynamicPropertySource
    static void collector(DynamicPropertyRegistry registry) {
        registry.add("tracing.reporter.endpoint", () -> "http://127.0.0.1:" + HUNG.getLocalPort() + "/api/v2/spans");
    }

    @AfterAll
    static void closeCollector() throws IOException {
        for (Socket socket : ACCEPTED) {
            socket.close();
        }
        HUNG.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ExportHealthIndicator reporterHealth;

    @Autowired
    MeterRegistry meters;

    @Test
    void requestsSucceedAndTheOutageIsReportedNotFelt() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/orders/" + i)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> "failing".equals(reporterHealth.health().getDetails().get("state")));
        Health health = reporterHealth.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("reporter", "zipkin");
        assertThat((String) health.getDetails().get("lastError")).contains("did not answer within");
        @SuppressWarnings("unchecked")
        Map<String, Long> droppedByReason = (Map<String, Long>) health.getDetails().get("spansDropped");
        assertThat(droppedByReason.get("queue_full")).isPositive();
        assertThat(health.getDetails().get("destination")).isEqualTo("http://127.0.0.1:" + HUNG.getLocalPort() + "/api/v2/spans (json)");

        double dropped = meters.get("tracing.export.spans").tag("result", "dropped").tag("reason", "queue_full").counter().count();
        assertThat(dropped).isEqualTo(droppedByReason.get("queue_full").doubleValue());
        assertThat(meters.get("jaeger.tracer.finished.spans").counter().count()).isGreaterThanOrEqualTo(300);
        assertThat(meters.find("tracing.export.queue.spans").gauge()).isNotNull();
    }
}
