package io.traceandtrace.spring.webflux;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.jaegertracing.internal.JaegerSpan;
import io.opentracing.Tracer;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.testing.HttpGets;
import io.traceandtrace.spring.testing.Spans;
import io.traceandtrace.spring.webflux.app.WebFluxTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.core.publisher.Hooks;
import reactor.core.scheduler.Schedulers;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Reactor's automatic context propagation ({@code spring.reactor.context-propagation=auto}) carries our span across thread hops. */
@SpringBootTest(classes = {WebFluxTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.web-application-type=reactive", "spring.reactor.context-propagation=auto",
                "tracing.sampler.type=const", "tracing.sampler.param=1",
                "spring.application.name=webflux-auto", "grpc.server.port=-1"})
class AutomaticContextPropagationTest {

    @LocalServerPort
    int port;

    @Autowired
    CapturingExporter reporter;

    @Autowired
    Tracer tracer;

    /** The hook is JVM-wide: later test classes get Reactor as Boot leaves it by default. */
    @AfterAll
    static void disableHook() {
        Hooks.disableAutomaticContextPropagation();
    }

    @BeforeEach
    void clear() {
        reporter.clear();
    }

    @Test
    void aFlatMapAfterAHopSeesTheRequestsSpanWithItsIdsInTheMdc() {
        HttpResponse<String> response = HttpGets.get(port, "/reactive/hop", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        JaegerSpan server = Spans.awaitNamed(reporter, "GET /reactive/hop");
        String id = server.context().toSpanId();
        assertThat(response.body()).isEqualTo(id + " " + id);
    }

    @Test
    void aCallAfterAHopIsAChildOfTheRequestsSpan() {
        assertThat(HttpGets.get(port, "/reactive/hop-then-call", Map.of()).statusCode()).isEqualTo(200);
        List<JaegerSpan> trace = WebFluxTracingTest.awaitTrace(reporter, "GET /reactive/hop-then-call", 1);
        JaegerSpan server = trace.stream().filter(s -> WebFluxTracingTest.is(s, "server", "GET /reactive/hop-then-call"))
                .findFirst().orElseThrow();
        assertThat(trace).filteredOn(s -> WebFluxTracingTest.is(s, "client", "GET")).singleElement()
                .satisfies(client -> assertThat(Spans.isChildOf(client, server)).isTrue());
    }

    @Test
    void noSpanNorMdcIsLeftOnTheThreadsTheRequestsHoppedTo() {
        for (int i = 0; i < 30; i++) {
            assertThat(HttpGets.get(port, "/reactive/hop", Map.of()).statusCode()).isEqualTo(200);
            assertThat(HttpGets.get(port, "/reactive/chain", Map.of()).statusCode()).isEqualTo(200);
        }
        assertThat(WebFluxTestApplication.LEAKED_SCOPES.get()).as("on the server's threads").isZero();
        // a plain task on every worker of the scheduler the hops ran on
        List<CompletableFuture<String>> seen = new ArrayList<>();
        for (int i = 0; i < 4 * Schedulers.DEFAULT_POOL_SIZE; i++) {
            CompletableFuture<String> found = new CompletableFuture<>();
            Schedulers.parallel().schedule(() -> found.complete(tracer.activeSpan() + " " + MDC.get("traceId")));
            seen.add(found);
        }
        assertThat(seen).allSatisfy(found -> assertThat(found.join()).isEqualTo("null null"));
    }
}
