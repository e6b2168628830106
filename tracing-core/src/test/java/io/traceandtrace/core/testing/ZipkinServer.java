package io.traceandtrace.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Zipkin server ({@code io.zipkin:zipkin-server}, classifier {@code exec}) that the build
 * fetched from Maven Central, run as a child process on a free loopback port.
 */
public final class ZipkinServer implements AutoCloseable {

    /** Where the build copied the server jar (set by the module's surefire configuration). */
    public static final String JAR_PROPERTY = "zipkin.server.jar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path jar;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private Process process;

    private ZipkinServer(Path jar, int port) {
        this.jar = jar;
        this.port = port;
    }

    /** Starts a server and waits until its health check answers. */
    public static ZipkinServer start() throws Exception {
        String path = System.getProperty(JAR_PROPERTY);
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("No Zipkin server jar at " + JAR_PROPERTY + "=" + path
                    + ": run the tests through Maven, which fetches it");
        }
        ZipkinServer server = new ZipkinServer(Path.of(path), freePort());
        server.startProcess();
        return server;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts the process again on the same port, with empty storage. */
    public void startProcess() throws Exception {
        File log = new File(jar.getParent().toFile(), "zipkin-" + port + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", jar.toString(),
                "--armeria.ports[0].ip=127.0.0.1",
                "--armeria.ports[0].port=" + port,
                "--armeria.ports[0].protocols=http",
                "--logging.level.root=WARN")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Zipkin server exited with " + process.exitValue() + ", see " + log);
            }
            if (healthy()) {
                return;
            }
            Thread.sleep(250);
        }
        stop();
        throw new IllegalStateException("Zipkin server did not become healthy in " + START_TIMEOUT + ", see " + log);
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** The URL spans are POSTed to. */
    public String spansEndpoint() {
        return "http://127.0.0.1:" + port + "/api/v2/spans";
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** {@code GET /api/v2/traces?serviceName=...}: an array of traces, each an array of spans. */
    public JsonNode traces(String serviceName) throws Exception {
        return getJson("/api/v2/traces?limit=1000&lookback=3600000&serviceName=" + serviceName);
    }

    /** {@code GET /api/v2/trace/{id}}: the spans of one trace, or null when Zipkin has none. */
    public JsonNode trace(String traceId) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v2/trace/" + traceId)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 404 ? null : json.readTree(response.body());
    }

    /** Every span Zipkin's HTTP collector accepted, evicted from storage or not ({@code zipkin_collector_spans_total}). */
    public long spansReceived() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body().lines()
                .filter(line -> line.startsWith("zipkin_collector_spans_total") && line.contains("transport=\"http\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    public JsonNode getJson(String pathAndQuery) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
