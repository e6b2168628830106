package io.traceandtrace.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.traceandtrace.core.testing.ZipkinServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end: the packaged sample-app.jar, run with {@code java -jar} and reporting to a real
 * Zipkin server; the trace of one {@code /hello} is read back over Zipkin's HTTP API.
 */
class SampleAppZipkinIT {

    private static ZipkinServer zipkin;
    private static Process app;
    private static int httpPort;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        zipkin = ZipkinServer.start();
        httpPort = ZipkinServer.freePort();
        app = startApp(httpPort, "sample-app-it.log", "--tracing.reporter.flush-interval=200ms");
    }

    /** The packaged jar as a process reporting to the test's Zipkin, once its health is UP. */
    private static Process startApp(int port, String logName, String... extraArgs) throws Exception {
        Path jar = Path.of(System.getProperty("sample.app.jar"));
        assertThat(jar).exists();
        File log = new File(jar.getParent().toFile(), logName);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString(),
                "--server.port=" + port, "--grpc.server.port=" + ZipkinServer.freePort(),
                "--tracing.reporter.type=zipkin", "--tracing.reporter.endpoint=" + zipkin.spansEndpoint()));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(process.isAlive()).as("sample app is running, see %s: %s", log,
                    Files.exists(log.toPath()) ? Files.readString(log.toPath()) : "").isTrue();
            try {
                return get(port, "/actuator/health").contains("UP");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return process;
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.destroy();
            app.waitFor(20, TimeUnit.SECONDS);
        }
        if (zipkin != null) {
            zipkin.close();
        }
    }

    private static String get(String path) throws Exception {
        return get(httpPort, path);
    }

    private static String get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void sigtermSendsEveryFinishedTraceBeforeTheAppExits() throws Exception {
        int port = ZipkinServer.freePort();
        // nothing is sent on a timer during the test: only the shutdown flush can deliver
        Process shuttingDown = startApp(port, "sample-app-shutdown.log",
                "--tracing.service-name=sample-shutdown", "--tracing.reporter.flush-interval=10m");
        int requests = 25;
        for (int i = 0; i < requests; i++) {
            assertThat(get(port, "/hello?name=n" + i)).isEqualTo("Hello, n" + i + "!");
        }
        assertThat(zipkin.traces("sample-shutdown")).isEmpty();
        shuttingDown.destroy(); // SIGTERM
        assertThat(shuttingDown.waitFor(60, TimeUnit.SECONDS)).isTrue();

        JsonNode traces = await().atMost(Duration.ofSeconds(10))
                .until(() -> zipkin.traces("sample-shutdown"), t -> t.size() == requests);
        traces.forEach(trace -> assertThat(trace).hasSize(6));
        Path log = Path.of(System.getProperty("sample.app.jar")).getParent().resolve("sample-app-shutdown.log");
        assertThat(Files.readString(log)).contains("Span export to http://127.0.0.1:" + zipkin.port() + "/api/v2/spans (json) closed")
                .contains((requests * 6) + " spans sent in all, 0 dropped");
    }

    @Test
    void oneHelloIsOneTraceInZipkinFromHttpToTheGrpcServer() throws Exception {
        assertThat(get("/hello?name=Zipkin")).isEqualTo("Hello, Zipkin!");

        JsonNode trace = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> zipkin.traces("sample-app"), traces -> traces.size() == 1 && traces.get(0).size() == 6)
                .get(0);
        Map<String, JsonNode> byKey = new HashMap<>();
        trace.forEach(span -> byKey.put(span.get("name").asText() + "/" + span.path("kind").asText("INTERNAL"), span));
        assertThat(byKey).containsOnlyKeys("get /hello/SERVER", "connection/CLIENT", "insert greeting_log/CLIENT",
                "greetingservice.greet/INTERNAL", "sample.greeter/sayhello/CLIENT", "sample.greeter/sayhello/SERVER");

        JsonNode httpServer = byKey.get("get /hello/SERVER");
        JsonNode traced = byKey.get("greetingservice.greet/INTERNAL");
        JsonNode grpcClient = byKey.get("sample.greeter/sayhello/CLIENT");
        JsonNode grpcServer = byKey.get("sample.greeter/sayhello/SERVER");

        assertThat(httpServer.has("parentId")).isFalse();
        assertThat(traced.get("parentId").asText()).isEqualTo(httpServer.get("id").asText());
        // the greeting recorded in H2 before the gRPC call: the request's connection span, its INSERT inside it
        JsonNode connection = byKey.get("connection/CLIENT");
        JsonNode insert = byKey.get("insert greeting_log/CLIENT");
        assertThat(connection.get("parentId").asText()).isEqualTo(httpServer.get("id").asText());
        assertThat(insert.get("parentId").asText()).isEqualTo(connection.get("id").asText());
        assertThat(insert.get("tags").get("db.system").asText()).isEqualTo("h2");
        assertThat(insert.get("tags").get("db.statement").asText()).isEqualTo("INSERT INTO greeting_log (name) VALUES (?)");
        assertThat(insert.get("tags").get("db.rows_affected").asText()).isEqualTo("1");
        assertThat(grpcClient.get("parentId").asText()).isEqualTo(traced.get("id").asText());
        assertThat(grpcServer.get("parentId").asText()).isEqualTo(grpcClient.get("id").asText());

        assertThat(httpServer.get("localEndpoint").get("serviceName").asText()).isEqualTo("sample-app");
        assertThat(httpServer.get("tags").get("http.method").asText()).isEqualTo("GET");
        assertThat(httpServer.get("tags").get("http.status_code").asText()).isEqualTo("200");
        assertThat(httpServer.get("tags").get("http.route").asText()).isEqualTo("/hello");
        assertThat(httpServer.get("tags").get("http.url").asText()).doesNotContain("name=");
        assertThat(traced.get("tags").get("method").asText()).isEqualTo("greet");
        assertThat(grpcClient.get("tags").get("grpc.status_code").asText()).isEqualTo("OK");
        assertThat(grpcServer.get("tags").get("rpc.service").asText()).isEqualTo("sample.Greeter");
        assertThat(grpcServer.get("tags").get("grpc.status_code").asText()).isEqualTo("OK");
        assertThat(grpcServer.get("tags").has("peer.address")).isTrue();
    }
}
