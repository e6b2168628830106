package io.traceandtrace.sample;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With spans sent to a Jaeger agent (none listening), the sample app still shows its recent traces as JSON and on its page. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.reporter.type=jaeger-udp", "tracing.reporter.agent-port=9"})
class SampleTracePageTest {

    @DynamicPropertySource
    static void grpcPort(DynamicPropertyRegistry registry) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            registry.add("grpc.server.port", () -> port);
        }
    }

    @LocalServerPort
    int port;

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    @Test
    void recentTracesAreThereWithTheJaegerReporter() throws Exception {
        assertThat(get("/hello?name=Ada")).contains("Ada");
        String listing = await().atMost(Duration.ofSeconds(10)).until(() -> get("/actuator/traces"),
                body -> body.contains("\"spanCount\":6")); // server, connection, INSERT, @Traced, gRPC client and server
        assertThat(listing).contains("\"rootOperation\":\"GET /hello\"");
        Matcher id = Pattern.compile("\"traceId\":\"([0-9a-f]+)\"").matcher(listing);
        assertThat(id.find()).isTrue();

        String trace = get("/traces/api/traces/" + id.group(1));
        assertThat(trace).contains("GreetingService.greet").contains("\"kind\":\"client\"").contains("\"kind\":\"server\"");
        assertThat(get("/traces")).contains("<title>Traces</title>");
        assertThat(get("/actuator/traces")).doesNotContain("GET /traces").doesNotContain("/actuator");
    }
}
