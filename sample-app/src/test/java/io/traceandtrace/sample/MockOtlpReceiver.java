package io.traceandtrace.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code @elastic/mockotlpserver} (npm), which the build installs, run by Node as a process on a free
 * port: an OTLP/HTTP or OTLP/gRPC receiver that decodes with the upstream protos. Every trace export request it
 * receives is kept as the JSON mockotlpserver makes of it (hex ids, enum names, attributes as objects).
 */
final class MockOtlpReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String url;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    private MockOtlpReceiver(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts an OTLP/HTTP receiver; without Node or the package, skips the test saying why, or fails under CI. */
    static MockOtlpReceiver start() throws Exception {
        return start("http");
    }

    /** Starts a receiver of {@code service}, {@code http} or {@code grpc}, as {@link #start()} does. */
    static MockOtlpReceiver start(String service) throws Exception {
        Path modules = Path.of(System.getProperty("otlp.receiver.modules", "target/otlp-receiver/node_modules"));
        Path script = Path.of(System.getProperty("otlp.receiver.script", "target/test-classes/otlp/otlp-receiver.js"));
        String node = executable("node");
        String missing = node == null ? "node is not on the PATH"
                : !Files.isDirectory(modules.resolve("@elastic/mockotlpserver"))
                ? "@elastic/mockotlpserver is not installed in " + modules + " (the build runs npm install in pre-integration-test)"
                : null;
        if (missing != null) {
            String message = "OTLP end-to-end test needs Node 20 and npm: " + missing;
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(message + " (CI is set: not skipping)");
            }
            Assumptions.abort(message);
        }
        Process process = new ProcessBuilder(node, script.toString(), modules.toString(), "0", service)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        if (first == null || !first.startsWith("listening ")) {
            process.destroyForcibly();
            throw new IllegalStateException("mockotlpserver did not start: " + first);
        }
        String base = first.substring("listening ".length()).trim();
        MockOtlpReceiver receiver = new MockOtlpReceiver(process, base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        Thread reader = new Thread(() -> receiver.read(out), "mockotlpserver-output");
        reader.setDaemon(true);
        reader.start();
        return receiver;
    }

    /**
     * The receiver's base URL, e.g. {@code http://127.0.0.1:41893}, as OTEL_EXPORTER_OTLP_ENDPOINT takes
     * it (for gRPC too: there it names the host and port of the plaintext server).
     */
    String baseUrl() {
        return url;
    }

    /** Every span received so far, each with the resource and scope it came under. */
    List<ReceivedSpan> spans() {
        List<ReceivedSpan> spans = new ArrayList<>();
        for (JsonNode request : requests) {
            for (JsonNode resourceSpans : request.path("resourceSpans")) {
                for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
                    for (JsonNode span : scopeSpans.path("spans")) {
                        spans.add(new ReceivedSpan(span, resourceSpans.path("resource"), scopeSpans.path("scope")));
                    }
                }
            }
        }
        return spans;
    }

    record ReceivedSpan(JsonNode span, JsonNode resource, JsonNode scope) {

        String name() {
            return span.path("name").asText();
        }

        String traceId() {
            return span.path("traceId").asText();
        }

        String spanId() {
            return span.path("spanId").asText();
        }

        String parentSpanId() {
            return span.path("parentSpanId").asText("");
        }

        String kind() {
            return span.path("kind").asText("SPAN_KIND_UNSPECIFIED"); // mockotlpserver leaves out a default (0) kind
        }

        JsonNode attribute(String key) {
            return span.path("attributes").path(key);
        }
    }

    private void read(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (!line.isBlank()) {
                    requests.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static String executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
