package io.traceandtrace.spring.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.core.recent.RecentTraces;
import io.traceandtrace.core.recent.TraceQuery;
import io.traceandtrace.spring.ui.app.ShopTestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The recent traces as JSON over HTTP, from the actuator endpoint and from the page's own API, with a reporter that keeps nothing. */
@SpringBootTest(classes = ShopTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.ui.enabled=true", "tracing.reporter.type=none", "tracing.sampler.type=const",
                "tracing.sampler.param=1", "grpc.server.port=-1", "management.endpoints.web.exposure.include=traces"})
class TracesJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    RecentTraces recentTraces;

    @Autowired
    Tracer tracer;

    @BeforeEach
    void threeTraces() throws Exception {
        recentTraces.clear();
        long start = System.currentTimeMillis() * 1000 - 5_000_000;
        Span slow = tracer.buildSpan("nightly report").withStartTimestamp(start).start();
        slow.finish(start + 1_500_000);
        get("/checkout?item=book");
        get("/checkout?item=broken");
        await().atMost(Duration.ofSeconds(10)).until(() -> recentTraces.spanCount() == 9);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path, int status) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static List<String> operations(JsonNode listing) {
        List<String> names = new ArrayList<>();
        listing.get("traces").forEach(trace -> names.add(trace.get("rootOperation").asText()
                + (trace.get("errorCount").asInt() > 0 ? " (error)" : "")));
        return names;
    }

    @Test
    void theEndpointListsNewestFirstWithItsFilters() throws Exception {
        for (String base : List.of("/actuator/traces", "/traces/api/traces")) {
            JsonNode all = json(base, 200);
            assertThat(all.get("enabled").asBoolean()).isTrue();
            assertThat(all.get("heldSpans").asInt()).isEqualTo(9);
            assertThat(operations(all)).as(base).containsExactly("GET /checkout (error)", "GET /checkout", "nightly report");
            assertThat(operations(json(base + "?limit=1", 200))).containsExactly("GET /checkout (error)");
            assertThat(operations(json(base + "?q=item%3Dbook", 200))).containsExactly("GET /checkout");
            assertThat(operations(json(base + "?q=NIGHTLY", 200))).containsExactly("nightly report");
            assertThat(operations(json(base + "?errors=true", 200))).containsExactly("GET /checkout (error)");
            assertThat(operations(json(base + "?minDuration=1s", 200))).containsExactly("nightly report");
            assertThat(operations(json(base + "?minDuration=1200ms&errors=true", 200))).isEmpty();
        }
        assertThat(get("/actuator/traces?minDuration=soon").statusCode()).isEqualTo(400);
        assertThat(json("/traces/api/traces?minDuration=soon", 400).get("error").asText()).contains("minDuration");
        assertThat(json("/traces/api/traces?limit=many", 400).get("error").asText()).contains("limit");
    }

    /** Actuator's own JSON mapper may leave null fields out; compare what both say. */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(withoutNulls(element)));
            return copy;
        }
        return node;
    }

    @Test
    void oneTraceByIdInTreeOrderWithPaddedParentIdsTheSameFromBothEndpoints() throws Exception {
        String id = recentTraces.find(new TraceQuery(1, "item=book", false, null)).traces().get(0).traceId();
        JsonNode trace = withoutNulls(json("/actuator/traces/" + id, 200));
        assertThat(withoutNulls(json("/traces/api/traces/" + id.toUpperCase(Locale.ROOT), 200))).isEqualTo(trace);
        assertThat(trace.get("spanCount").asInt()).isEqualTo(4);
        List<String> names = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        trace.get("spans").forEach(span -> {
            names.add(span.get("operationName").asText());
            ids.add(span.get("spanId").asText());
        });
        assertThat(names).containsExactly("GET /checkout", "reserve", "db.query", "charge");
        trace.get("spans").forEach(span -> {
            assertThat(span.get("spanId").asText()).matches("[0-9a-f]{16}");
            if (span.has("parentId")) {
                assertThat(span.get("parentId").asText()).matches("[0-9a-f]{16}").isIn(ids);
            }
        });
        assertThat(trace.get("spans").get(2).get("tags").get("db.statement").asText()).isEqualTo(ShopTestApplication.STATEMENT);
        assertThat(trace.get("spans").get(0).get("tags").get("http.status_code").asInt()).isEqualTo(200);

        assertThat(get("/actuator/traces/0123456789abcdef").statusCode()).isEqualTo(404);
        assertThat(get("/traces/api/traces/0123456789abcdef").statusCode()).isEqualTo(404);
        assertThat(get("/traces/api/traces/not-an-id").statusCode()).isEqualTo(404);
    }

    @Test
    void thePageComesFromTheJarWithItsBaseAndAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("/traces");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe"));
        assertThat(page.body()).contains("<script src=\"/traces/app.js\" defer></script>").doesNotContain("{{base}}")
                .doesNotContain("http://").doesNotContain("https://");
        HttpResponse<String> script = get("/traces/app.js");
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(script.body()).contains("/api/traces").doesNotContain("innerHTML");
        assertThat(get("/traces/app.css").body()).contains(".bar");
        assertThat(recentTraces.find(new TraceQuery(100, "/traces", false, null)).traces()).isEmpty();
    }
}
