package io.traceandtrace.spring.webflux;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.testing.HttpGets;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** WebClient calls made by a WebFlux handler, with Boot's default context propagation (not automatic), over real sockets. */
@WebFluxAppTest
class WebFluxTracingTest {

    @LocalServerPort
    int port;

    @Autowired
    CapturingExporter reporter;

    @BeforeEach
    void clear() {
        reporter.clear();
    }

    static boolean is(JaegerSpan span, String kind, String name) {
        return span.getOperationName().equals(name) && kind.equals(span.getTags().get("span.kind"));
    }

    /** The spans of one trace, once its server span and its two calls' client spans have arrived. */
    static List<JaegerSpan> awaitTrace(CapturingExporter reporter, String serverName, int clientSpans) {
        List<JaegerSpan> all = Spans.awaitSpans(reporter, spans -> spans.stream().anyMatch(s -> is(s, "server", serverName))
                && spans.stream().filter(s -> is(s, "client", "GET")).count() >= clientSpans);
        JaegerSpan server = all.stream().filter(s -> is(s, "server", serverName)).findFirst().orElseThrow();
        return all.stream().filter(s -> s.context().getTraceIdLow() == server.context().getTraceIdLow())
                .collect(Collectors.toList());
    }

    @Test
    void aCallChainedInFlatMapAfterAnotherIsAChildOfTheRequestsSpan() {
        HttpResponse<String> response = HttpGets.get(port, "/reactive/chain", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);

        List<JaegerSpan> trace = awaitTrace(reporter, "GET /reactive/chain", 2);
        JaegerSpan server = trace.stream().filter(s -> is(s, "server", "GET /reactive/chain")).findFirst().orElseThrow();
        List<JaegerSpan> clients = trace.stream().filter(s -> is(s, "client", "GET")).toList();
        assertThat(clients).as("both calls, the second made on a reactor-netty thread, in the request's trace").hasSize(2)
                .allSatisfy(client -> assertThat(Spans.isChildOf(client, server)).isTrue());
        // each call's server side continues from its client span
        assertThat(trace.stream().filter(s -> is(s, "server", "GET /contract/ok/{id}")))
                .hasSize(2).allSatisfy(callee -> assertThat(clients).anySatisfy(c -> assertThat(Spans.isChildOf(callee, c)).isTrue()));
    }

    @Test
    void concurrentRequestsKeepTheirCallsInTheirOwnTraces() throws Exception {
        int requests = 24;
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(callers.submit(() -> HttpGets.get(port, "/reactive/chain", Map.of())));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
            }
        } finally {
            callers.shutdownNow();
        }
        List<JaegerSpan> spans = Spans.awaitSpans(reporter, all -> all.stream().filter(s -> is(s, "client", "GET")).count() >= 2L * requests
                && all.stream().filter(s -> is(s, "server", "GET /reactive/chain")).count() >= requests);
        List<JaegerSpan> servers = spans.stream().filter(s -> is(s, "server", "GET /reactive/chain")).toList();
        assertThat(servers).hasSize(requests);
        for (JaegerSpan server : servers) {
            assertThat(spans.stream().filter(s -> is(s, "client", "GET") && Spans.isChildOf(s, server)))
                    .as("the two calls of request %s", server.context().toSpanId()).hasSize(2);
        }
    }

    @Test
    void perRouteSamplingRulesApplyAndTheCallsFollowTheDecision() {
        assertThat(HttpGets.get(port, "/reactive/unsampled/77", Map.of()).statusCode()).isEqualTo(200);
        assertThat(HttpGets.get(port, "/reactive/chain", Map.of()).statusCode()).isEqualTo(200);
        awaitTrace(reporter, "GET /reactive/chain", 2); // sampled spans after the unsampled request's have arrived
        assertThat(reporter.spans()).as("neither the unsampled request nor its call")
                .noneMatch(s -> s.getOperationName().startsWith("GET /reactive/unsampled"))
                .noneMatch(s -> String.valueOf(s.getTags().get("http.url")).endsWith("/contract/ok/77"));
    }
}
