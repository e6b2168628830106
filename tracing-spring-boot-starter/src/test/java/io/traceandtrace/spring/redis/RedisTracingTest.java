package io.traceandtrace.spring.redis;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.testing.HttpGets;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.traceandtrace.spring.testing.Spans.tag;
import static org.assertj.core.api.Assertions.assertThat;

/** A Spring MVC app on a real Redis (Debian's redis-server, started here): every command is a client span of its request. */
class RedisTracingTest {

    private static RedisServer redis;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        app = new SpringApplicationBuilder(RedisApp.class, CapturedSpans.class).properties("spring.application.name=carts", "server.port=0",
                "grpc.server.port=-1", "tracing.sampler.type=const", "tracing.sampler.param=1",
                "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port()).run();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static int port() {
        return app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private static CapturingExporter reporter() {
        return app.getBean(CapturingExporter.class);
    }

    @Test
    void eachCommandIsAClientSpanOfTheRequestThatSentIt() {
        HttpResponse<String> response = HttpGets.get(port(), "/carts/1", Map.of());
        assertThat(response.body()).isEqualTo("cart 1 holds book");

        JaegerSpan server = serverSpan("/carts/1");
        List<JaegerSpan> trace = Spans.settledTrace(reporter(), server);
        // the request and its two commands, each once (the commands finish on Lettuce's Netty threads)
        assertThat(trace).extracting(JaegerSpan::getOperationName).containsExactlyInAnyOrder("GET /carts/{id}", "set", "get");
        JaegerSpan set = Spans.named(trace, "set");
        JaegerSpan get = Spans.named(trace, "get");
        assertThat(Spans.isChildOf(set, server)).isTrue();
        assertThat(Spans.isChildOf(get, server)).isTrue();
        assertThat(set.getTags()).containsEntry("span.kind", "client").containsEntry("db.system", "redis")
                .containsEntry("db.operation", "SET").containsEntry("peer.service", "redis")
                .containsEntry("net.sock.peer.port", Integer.toString(redis.port()))
                .doesNotContainKey("error")
                // no argument values by default: keys and values may be personal data
                .doesNotContainKey("db.statement");
        assertThat(set.getTags().values()).noneMatch(value -> String.valueOf(value).contains("cart:1"));
        assertThat(get.getTags()).containsEntry("db.operation", "GET");
    }

    @Test
    void anErrorReplyIsAnErrorSpanAndTheApplicationSeesRedisErrorAsItWas() {
        HttpResponse<String> response = HttpGets.get(port(), "/carts/2/count", Map.of());
        assertThat(response.body()).isEqualTo("org.springframework.data.redis.RedisSystemException <- "
                + "io.lettuce.core.RedisCommandExecutionException: ERR value is not an integer or out of range");

        JaegerSpan server = serverSpan("/carts/2/count");
        List<JaegerSpan> trace = Spans.settledTrace(reporter(), server);
        assertThat(trace).extracting(JaegerSpan::getOperationName).containsExactlyInAnyOrder("GET /carts/{id}/count", "set", "incr");
        JaegerSpan incr = Spans.named(trace, "incr");
        assertThat(Spans.isChildOf(incr, server)).isTrue();
        assertThat(tag(incr, "error")).isEqualTo(true);
        assertThat(Spans.logs(incr)).singleElement().satisfies(log -> assertThat(log).containsEntry("event", "error")
                .containsEntry("error.kind", "io.lettuce.core.RedisCommandExecutionException")
                .containsEntry("message", "ERR value is not an integer or out of range"));
        assertThat(Spans.named(trace, "set").getTags()).doesNotContainKey("error");
        // a failed command does not make the request fail: the application handled it
        assertThat(server.getTags()).doesNotContainKey("error");
    }

    @Test
    void concurrentRequestsSharingOneConnectionKeepTheirCommandsInTheirOwnTraces() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String id = "c" + i;
                answers.add(clients.submit(() -> HttpGets.get(port(), "/carts/" + id, Map.of()).body()));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).isEqualTo("cart c" + i + " holds book");
            }
        } finally {
            clients.shutdownNow();
        }
        for (int i = 0; i < 80; i++) {
            JaegerSpan server = serverSpan("/carts/c" + i);
            List<JaegerSpan> trace = Spans.awaitSpans(reporter(), spans -> Spans.inTrace(spans, server).size() >= 3);
            assertThat(Spans.inTrace(trace, server)).as("request c" + i).hasSize(3)
                    .filteredOn(s -> s != server).allMatch(s -> Spans.isChildOf(s, server));
        }
    }

    private static JaegerSpan serverSpan(String path) {
        return Spans.awaitSpans(reporter(), list -> list.stream().anyMatch(s -> isServer(s, path))).stream()
                .filter(s -> isServer(s, path)).findFirst().orElseThrow();
    }

    private static boolean isServer(JaegerSpan span, String path) {
        return "server".equals(span.getTags().get("span.kind")) && String.valueOf(span.getTags().get("http.url")).endsWith(path);
    }


}
