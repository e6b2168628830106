package io.traceandtrace.spring.web;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.testing.HostileHeaders;
import io.traceandtrace.spring.testing.Spans;
import io.traceandtrace.spring.web.app.WebTestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.traceandtrace.spring.testing.Spans.tag;
import static org.assertj.core.api.Assertions.assertThat;

/** Server and client spans of a Spring MVC app, called over real HTTP. */
@SpringBootTest(classes = {WebTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.reporter.max-queue-size=10000",
                "tracing.sampler.type=const", "tracing.sampler.param=1", "tracing.propagation=sw8,jaeger,w3c,b3",
                "tracing.web.additional-skip-pattern=/internal/.*", "spring.application.name=web-test",
                "grpc.server.port=-1", "tracing.web.recorded-headers=X-Request-Id,Authorization"})
class TracingWebMvcTest {

    private static final String TRACE = "463ac35c9f6413ad48485a3953bb6124";
    private static final String SPAN = "a2fb4a1d1a96d312";

    @LocalServerPort
    int port;

    @Autowired
    CapturingExporter reporter;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clear() {
        reporter.clear();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JaegerSpan serverSpan(String name) {
        return Spans.awaitNamed(reporter, name);
    }

    @Test
    void aRequestIsAServerSpanNamedByItsRouteWithTheStandardTags() throws Exception {
        HttpResponse<String> response = get("/orders/42?password=hunter2");
        assertThat(response.statusCode()).isEqualTo(200);

        JaegerSpan server = serverSpan("GET /orders/{id}");
        Map<String, Object> tags = server.getTags();
        assertThat(tags).containsEntry("span.kind", "server")
                .containsEntry("component", "java-web-servlet")
                .containsEntry("http.method", "GET")
                .containsEntry("http.url", "http://127.0.0.1:" + port + "/orders/42")
                .containsEntry("http.route", "/orders/{id}")
                .containsEntry("http.status_code", 200)
                .containsEntry("handler.class", "OrderController")
                .containsEntry("handler.method", "order")
                .doesNotContainKey("error");
        assertThat(server.context().getParentId()).isZero();
        assertThat(server.getServiceName()).isEqualTo("web-test");
        // the log line correlation: MDC held the server span's trace id inside the handler
        assertThat(response.body()).isEqualTo("order 42 trace=" + server.context().toTraceId());
    }

    @Test
    void tracedMethodsAreChildSpansAndTracedFalseIsNot() throws Exception {
        get("/orders/1");
        JaegerSpan server = serverSpan("GET /orders/{id}");
        List<JaegerSpan> spans = Spans.awaitCount(reporter, 3);
        JaegerSpan load = Spans.named(spans, "OrderService.load");
        JaegerSpan audit = Spans.named(spans, "orders.audit");
        assertThat(Spans.isChildOf(load, server)).isTrue();
        assertThat(Spans.isChildOf(audit, server)).isTrue();
        assertThat(tag(load, "class")).isEqualTo(WebTestApplication.OrderService.class.getName());
        assertThat(tag(load, "method")).isEqualTo("load");
        assertThat(spans).extracting(JaegerSpan::getOperationName).doesNotContain("OrderService.untraced");
    }

    @Test
    void continuesTheCallersTraceInEveryFormat() throws Exception {
        String[][] callers = {
                {"uber-trace-id", TRACE + ":" + SPAN + ":0:1"},
                {"traceparent", "00-" + TRACE + "-" + SPAN + "-01"},
                {"b3", TRACE + "-" + SPAN + "-1"},
        };
        for (String[] header : callers) {
            reporter.clear();
            get("/orders/5", header[0], header[1]);
            JaegerSpan server = serverSpan("GET /orders/{id}");
            assertThat(server.context().getTraceIdLow()).as(header[0]).isEqualTo(Long.parseUnsignedLong(TRACE.substring(16), 16));
            assertThat(server.context().getParentId()).as(header[0]).isEqualTo(Long.parseUnsignedLong(SPAN, 16));
        }
        reporter.clear();
        get("/orders/5", "X-B3-TraceId", TRACE, "X-B3-SpanId", SPAN, "X-B3-Sampled", "1");
        assertThat(serverSpan("GET /orders/{id}").context().getParentId()).isEqualTo(Long.parseUnsignedLong(SPAN, 16));
    }

    @Test
    void aMalformedTraceHeaderStartsANewTraceAndTheRequestSucceeds() throws Exception {
        HttpResponse<String> response = get("/orders/3", "uber-trace-id", "garbage:::", "traceparent", "00-zz-yy-01",
                "b3", "not-b3");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(serverSpan("GET /orders/{id}").context().getParentId()).isZero();
    }

    @Test
    void unmatchedPathsGetAFixedNameNeverTheRawPath() throws Exception {
        assertThat(get("/no/such/page/12345").statusCode()).isEqualTo(404);
        JaegerSpan span = serverSpan("GET NOT_FOUND");
        assertThat(tag(span, "http.status_code")).isEqualTo(404);
        assertThat(span.getTags()).doesNotContainKey("error");
    }

    @Test
    void anExceptionIsAnErrorWithItsLog() throws Exception {
        assertThat(get("/fail").statusCode()).isEqualTo(500);
        JaegerSpan server = serverSpan("GET /fail");
        assertThat(tag(server, "http.status_code")).isEqualTo(500);
        assertThat(tag(server, "error")).isEqualTo(true);
        assertThat(Spans.logs(server)).anySatisfy(log -> assertThat(log.get("error.kind")).asString()
                .contains("IllegalStateException"));
        JaegerSpan fail = Spans.awaitNamed(reporter, "OrderService.fail");
        assertThat(tag(fail, "error")).isEqualTo(true);
        assertThat(Spans.logs(fail)).anySatisfy(log -> assertThat(log.get("message")).isEqualTo("boom"));
    }

    @Test
    void exceptionsResolvedByControllerAdviceStillMarkTheSpan() throws Exception {
        HttpResponse<String> response = get("/advised/77");
        assertThat(response.statusCode()).isEqualTo(409);
        JaegerSpan server = serverSpan("GET /advised/{id}");
        assertThat(tag(server, "http.status_code")).isEqualTo(409);
        assertThat(tag(server, "error")).isEqualTo(true);
        assertThat(Spans.logs(server)).anySatisfy(log -> assertThat(log.get("error.kind")).asString().contains("OrderMissing"));
    }

    @Test
    void anErrorInAnotherFilterIsInTheSpan() throws Exception {
        assertThat(get("/filter-error").statusCode()).isEqualTo(500);
        JaegerSpan span = serverSpan("GET UNMATCHED");
        assertThat(tag(span, "http.status_code")).isEqualTo(500);
        assertThat(tag(span, "error")).isEqualTo(true);
        assertThat(Spans.logs(span)).anySatisfy(log -> assertThat(log.get("message")).isEqualTo("filter failed"));
    }

    @Test
    void a5xxStatusIsAnError() throws Exception {
        assertThat(get("/server-error").statusCode()).isEqualTo(503);
        assertThat(tag(serverSpan("GET /server-error"), "error")).isEqualTo(true);
    }

    @Test
    void skippedPathsMakeNoSpanAndTheSkipPatternCanBeExtended() throws Exception {
        get("/actuator/health");
        get("/favicon.ico");
        get("/css/site.css");
        assertThat(get("/internal/ping").body()).isEqualTo("pong");
        get("/orders/marker");
        List<JaegerSpan> spans = Spans.awaitSpans(reporter,
                list -> list.stream().anyMatch(s -> s.getOperationName().equals("GET /orders/{id}")));
        assertThat(spans).extracting(JaegerSpan::getOperationName)
                .allMatch(name -> !name.startsWith("GET") || name.equals("GET /orders/{id}"));
    }

    @Test
    void anAsyncRequestIsFinishedWhenItCompletes() throws Exception {
        HttpResponse<String> response = get("/deferred");
        assertThat(response.body()).isEqualTo("done later");
        JaegerSpan server = serverSpan("GET /deferred");
        assertThat(tag(server, "http.status_code")).isEqualTo(200);
        assertThat(server.getDuration()).isGreaterThanOrEqualTo(140_000);
    }

    @Test
    void asyncMethodsRunUnderTheRequestsSpan() throws Exception {
        assertThat(get("/chain").body()).isEqualTo("later 9");
        JaegerSpan server = serverSpan("GET /chain");
        JaegerSpan later = Spans.awaitNamed(reporter, "OrderService.loadLater");
        assertThat(Spans.isChildOf(later, server)).isTrue();
    }

    @Test
    void restTemplateCallsAreClientSpansAndCarryTheContext() throws Exception {
        assertClientChain("/via/rest-template", "GET /via/rest-template", "7");
        JaegerSpan client = Spans.awaitNamed(reporter, "GET");
        assertThat(tag(client, "http.url")).isEqualTo("http://127.0.0.1:" + port + "/orders/7");
    }

    @Test
    void restClientCallsAreClientSpansAndCarryTheContext() throws Exception {
        assertClientChain("/via/rest-client", "GET /via/rest-client", "8");
    }

    @Test
    void webClientCallsAreClientSpansAndCarryTheContext() throws Exception {
        assertClientChain("/via/web-client", "GET /via/web-client", "9");
    }

    private void assertClientChain(String path, String outerName, String id) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.body()).startsWith("order " + id);
        JaegerSpan outer = serverSpan(outerName);
        List<JaegerSpan> spans = Spans.awaitSpans(reporter, list -> list.stream()
                .filter(s -> s.getOperationName().equals("GET /orders/{id}")).count() == 1);
        JaegerSpan client = Spans.named(spans, "GET");
        JaegerSpan inner = Spans.named(spans, "GET /orders/{id}");
        assertThat(tag(client, "span.kind")).isEqualTo("client");
        assertThat(tag(client, "http.status_code")).isEqualTo(200);
        assertThat(tag(client, "peer.port")).isEqualTo(port);
        assertThat(Spans.isChildOf(client, outer)).as("client span is a child of the request").isTrue();
        assertThat(Spans.isChildOf(inner, client)).as("the called server continues the client's span").isTrue();
    }

    @Test
    void thousandsOfHostileTraceHeadersNeverFailARequestNorLeakAScope() throws Exception {
        HostileHeaders hostile = new HostileHeaders(20261121L);
        int requests = 2_000;
        Map<String, List<String>> headersByTrace = new java.util.HashMap<>();
        for (int i = 0; i < requests; i++) {
            List<String> headers = new java.util.ArrayList<>();
            for (String[] header : hostile.next()) {
                headers.add(header[0]);
                headers.add(header[1]);
            }
            HttpResponse<String> response = get("/orders/" + i, headers.toArray(new String[0]));
            assertThat(response.statusCode()).as("request %d with %s", i, headers).isEqualTo(200);
            assertThat(response.body()).startsWith("order " + i + " trace=");
            headersByTrace.put(response.body().substring(response.body().indexOf("trace=") + 6), headers);
        }
        // every request is reported, except those a B3 header asked not to sample (b3: 0, X-B3-Sampled: 0)
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger(-1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofSeconds(1))
                .until(() -> seen.getAndSet(reporter.spans().size()) == reporter.spans().size());
        java.util.Set<String> reported = new java.util.HashSet<>();
        reporter.spans().stream().filter(s -> s.getOperationName().equals("GET /orders/{id}"))
                .forEach(s -> reported.add(s.context().toTraceId()));
        headersByTrace.forEach((trace, headers) -> {
            if (!reported.contains(trace)) {
                assertThat(headers).as("unreported request with %s", headers)
                        .anyMatch(h -> h.equals("b3") || h.equals("x-b3-sampled"));
            }
        });
        assertThat(reported.size()).isGreaterThan(requests / 2);
        assertThat(WebTestApplication.LEAKED_SCOPES).hasValue(0);
    }

    @Test
    void onlyAllowListedHeadersAreRecordedAndSecretsAreRedacted() throws Exception {
        get("/orders/11", "X-Request-Id", "req-123", "Authorization", "Bearer s3cr3t", "Cookie", "session=abc");
        Map<String, Object> tags = serverSpan("GET /orders/{id}").getTags();
        assertThat(tags).containsEntry("http.request.header.x-request-id", "req-123")
                .containsEntry("http.request.header.authorization", "[REDACTED]");
        assertThat(tags.keySet()).noneMatch(k -> k.contains("cookie"));
        assertThat(tags.values()).noneMatch(v -> String.valueOf(v).contains("s3cr3t") || String.valueOf(v).contains("abc"));
    }
}
