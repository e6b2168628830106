package io.traceandtrace.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.traceandtrace.core.testing.ZipkinServer;
import io.traceandtrace.sample.MockOtlpReceiver.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end over OTLP: the packaged sample-app.jar, run with {@code java -jar}, sends to
 * {@code @elastic/mockotlpserver}, a real OTLP receiver from npm that decodes with the upstream protos.
 * Once configured by properties, once by nothing but {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
 */
class SampleAppOtlpIT {

    /** A caller's W3C context: the trace continues it, so its ids are known here. */
    private static final String CALLER_TRACE_ID = "0000000000000000a1b2c3d4e5f60718";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
    private static final String LONG_NAME = "x".repeat(65);

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private MockOtlpReceiver receiver;
    private Process app;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = MockOtlpReceiver.start();
    }

    @AfterEach
    void stop() throws Exception {
        stop(app, receiver);
    }

    /** Stops the app, then the receiver, whichever were started. */
    static void stop(Process app, MockOtlpReceiver receiver) throws Exception {
        if (app != null) {
            app.destroy();
            app.waitFor(20, TimeUnit.SECONDS);
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void configuredByPropertiesTheTraceArrivesIntact() throws Exception {
        int port = ZipkinServer.freePort();
        app = startApp(port, "sample-app-otlp-properties.log", Map.of(), "--tracing.reporter.type=otlp",
                "--tracing.reporter.endpoint=" + receiver.baseUrl() + "/v1/traces",
                "--tracing.reporter.flush-interval=200ms");
        sendAndAssertBothTraces(receiver, port);
    }

    @Test
    void configuredOnlyByOtelExporterOtlpEndpointTheTraceArrivesIntact() throws Exception {
        int port = ZipkinServer.freePort();
        app = startApp(port, "sample-app-otlp-env.log", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.baseUrl()));
        sendAndAssertBothTraces(receiver, port);
    }

    /**
     * Two requests to the app on {@code port}, one continuing a caller's trace and one refused, and both
     * traces as {@code receiver} got them: four spans each, with ids, kinds, parents, tracestate and status.
     */
    static void sendAndAssertBothTraces(MockOtlpReceiver receiver, int port) throws Exception {
        HttpResponse<String> ok = get(port, "/hello?name=OTLP",
                "traceparent", "00-" + CALLER_TRACE_ID + "-" + CALLER_SPAN_ID + "-01", "tracestate", "vendor=abc,other=x");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("Hello, OTLP!");
        HttpResponse<String> refused = get(port, "/hello?name=" + LONG_NAME);
        assertThat(refused.statusCode()).isEqualTo(400);

        Map<String, List<ReceivedSpan>> traces = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> receiver.spans().stream().collect(Collectors.groupingBy(ReceivedSpan::traceId)),
                        t -> t.size() == 2 && t.values().stream().allMatch(spans -> spans.size() == 6));

        for (ReceivedSpan span : traces.values().stream().flatMap(List::stream).toList()) {
            assertThat(span.resource().path("attributes").path("service.name").asText()).isEqualTo("sample-app");
            assertThat(span.resource().path("attributes").path("host.name").asText()).isNotBlank();
            assertThat(span.scope().path("name").asText()).isEqualTo("io.traceandtrace:tracing-spring-boot-starter");
            assertThat(span.traceId()).matches("[0-9a-f]{32}"); // 128-bit for new traces, a 64-bit caller's id left-padded
            assertThat(span.spanId()).matches("[0-9a-f]{16}");
            assertThat(Long.parseLong(span.span().path("endTimeUnixNano").asText()))
                    .isGreaterThanOrEqualTo(Long.parseLong(span.span().path("startTimeUnixNano").asText()));
        }

        Chain okChain = Chain.of(traces.get(CALLER_TRACE_ID));
        assertThat(okChain.httpServer.parentSpanId()).as("the caller's span is the parent").isEqualTo(CALLER_SPAN_ID);
        assertThat(okChain.httpServer.attribute("http.status_code").asInt()).isEqualTo(200);
        assertThat(okChain.insert.attribute("db.system").asText()).isEqualTo("h2");
        assertThat(okChain.insert.attribute("db.statement").asText()).isEqualTo("INSERT INTO greeting_log (name) VALUES (?)");
        for (ReceivedSpan span : okChain.withJdbc()) {
            assertThat(span.span().path("traceState").asText()).as("the caller's tracestate on %s", span.name())
                    .isEqualTo("vendor=abc,other=x");
            assertThat(span.attribute("w3c.tracestate").isMissingNode()).isTrue();
            assertThat(span.span().path("status").path("code").asText("STATUS_CODE_UNSET")).isEqualTo("STATUS_CODE_UNSET");
            if (span != okChain.connection) {
                assertThat(span.span().path("events")).as(span.name()).isEmpty();
            }
        }
        // the pool handed the connection over: one event on its span
        assertThat(okChain.connection.span().path("events")).extracting(e -> e.path("name").asText()).containsExactly("acquired");

        String failedTraceId = traces.keySet().stream().filter(id -> !id.equals(CALLER_TRACE_ID)).findFirst().orElseThrow();
        Chain failed = Chain.of(traces.get(failedTraceId));
        assertThat(failedTraceId).as("a new trace's id is 128 bits, not 64 left-padded").doesNotStartWith("0".repeat(16));
        assertThat(failed.httpServer.parentSpanId()).as("a new trace has no parent").isEmpty();
        assertThat(failed.httpServer.span().path("traceState").asText()).as("a new trace has no tracestate").isEmpty();
        assertThat(failed.httpServer.attribute("http.status_code").asInt()).isEqualTo(400);
        String reason = "INVALID_ARGUMENT: name is longer than 64 characters";
        // every span of the failed request: the HTTP server span too, for the exception its handler turned into a 400
        for (ReceivedSpan span : failed.all()) {
            JsonNode status = span.span().path("status");
            assertThat(status.path("code").asText()).as(span.name()).isEqualTo("STATUS_CODE_ERROR");
            assertThat(status.path("message").asText()).as(span.name()).isEqualTo(reason);
            assertThat(span.attribute("error").isMissingNode()).as("error=true became the status").isTrue();
            JsonNode event = span.span().path("events").get(0);
            assertThat(event.path("name").asText()).as(span.name()).isEqualTo("error");
            assertThat(event.path("attributes").path("message").asText()).isEqualTo(reason);
        }
        assertThat(failed.grpcClient.attribute("grpc.status_code").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    /** One request's six spans, each checked for its kind and its parent. */
    private record Chain(ReceivedSpan httpServer, ReceivedSpan connection, ReceivedSpan insert,
                         ReceivedSpan traced, ReceivedSpan grpcClient, ReceivedSpan grpcServer) {

        static Chain of(List<ReceivedSpan> spans) {
            assertThat(spans).as("six spans in one trace").hasSize(6);
            ReceivedSpan httpServer = one(spans, "GET /hello", "SPAN_KIND_SERVER");
            ReceivedSpan traced = one(spans, "GreetingService.greet", "SPAN_KIND_INTERNAL");
            ReceivedSpan grpcClient = one(spans, "sample.Greeter/SayHello", "SPAN_KIND_CLIENT");
            ReceivedSpan grpcServer = one(spans, "sample.Greeter/SayHello", "SPAN_KIND_SERVER");
            assertThat(traced.parentSpanId()).isEqualTo(httpServer.spanId());
            assertThat(grpcClient.parentSpanId()).isEqualTo(traced.spanId());
            assertThat(grpcServer.parentSpanId()).isEqualTo(grpcClient.spanId());
            // the greeting recorded before the gRPC call: a connection span of the request, its INSERT inside it
            ReceivedSpan connection = one(spans, "connection", "SPAN_KIND_CLIENT");
            ReceivedSpan insert = one(spans, "INSERT greeting_log", "SPAN_KIND_CLIENT");
            assertThat(connection.parentSpanId()).isEqualTo(httpServer.spanId());
            assertThat(insert.parentSpanId()).isEqualTo(connection.spanId());
            return new Chain(httpServer, connection, insert, traced, grpcClient, grpcServer);
        }

        /** The spans of the HTTP and gRPC hops, which all fail with a refused name. */
        List<ReceivedSpan> all() {
            return List.of(httpServer, traced, grpcClient, grpcServer);
        }

        List<ReceivedSpan> withJdbc() {
            return List.of(httpServer, connection, insert, traced, grpcClient, grpcServer);
        }

        private static ReceivedSpan one(List<ReceivedSpan> spans, String name, String kind) {
            List<ReceivedSpan> found = spans.stream()
                    .filter(s -> s.name().equalsIgnoreCase(name) && s.kind().equals(kind)).toList();
            assertThat(found).as("%s %s among %s", kind, name,
                    spans.stream().map(s -> s.name() + "/" + s.kind()).toList()).hasSize(1);
            return found.get(0);
        }
    }

    /** The packaged jar as a process with only {@code env} added to a clean environment, once its health is UP. */
    static Process startApp(int port, String logName, Map<String, String> env, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("sample.app.jar"));
        assertThat(jar).exists();
        File log = new File(jar.getParent().toFile(), logName);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString(),
                "--server.port=" + port, "--grpc.server.port=" + ZipkinServer.freePort()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        // nothing from the machine's environment may configure tracing: only what this test sets
        builder.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("JAEGER_") || k.startsWith("TRACING_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(process.isAlive()).as("sample app is running, see %s: %s", log,
                    Files.exists(log.toPath()) ? Files.readString(log.toPath()) : "").isTrue();
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().contains("UP");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return process;
    }

    private static HttpResponse<String> get(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
