package io.traceandtrace.core.tracer;

import io.traceandtrace.core.export.ExportStats;
import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.settings.ReporterEncoding;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.limits.SpanLimits;
import io.traceandtrace.core.testing.ZipkinServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The zipkin reporter against a real Zipkin server, read back over Zipkin's HTTP API. */
class ZipkinReporterTest {

    private static ZipkinServer zipkin;

    @BeforeAll
    static void startZipkin() throws Exception {
        zipkin = ZipkinServer.start();
    }

    @AfterAll
    static void stopZipkin() throws Exception {
        if (zipkin != null) {
            zipkin.close();
        }
    }

    @Test
    void closeSendsEveryFinishedSpanToZipkin() throws Exception {
        TracerSettings settings = TracerSettings.builder("zipkin-wire-test")
                .samplerType(SamplerType.CONST).samplerParam(1.0)
                .reporterType(ReporterType.ZIPKIN).endpoint(zipkin.spansEndpoint())
                // nothing would be sent on a timer during the test: only close() can deliver
                .flushInterval(Duration.ofMinutes(10))
                .spanLimits(SpanLimits.builder().maxLogsPerSpan(3).build())
                .build();
        BoundedTracer tracer = TracerFactory.create(settings);
        Span server = tracer.buildSpan("get /orders/{id}").withTag("span.kind", "server").start();
        String traceId;
        try (Scope ignored = tracer.activateSpan(server)) {
            traceId = server.context().toTraceId();
            Span client = tracer.buildSpan("greeter/sayhello").withTag("span.kind", "client").start();
            client.setTag("order.id", "42");
            // a millisecond apart, so Zipkin's order by time is the order they were made
            long start = ((io.traceandtrace.core.limits.BoundedSpan) client).startTime();
            for (int i = 0; i < 10; i++) {
                client.log(start + 1000L * i, "step " + i);
            }
            client.finish();
        }
        server.finish();
        tracer.close();

        JsonNode trace = await().atMost(Duration.ofSeconds(10)).until(() -> zipkin.trace(padded(traceId)),
                t -> t != null && t.size() == 2);
        Map<String, JsonNode> byName = new HashMap<>();
        trace.forEach(s -> byName.put(s.get("name").asText(), s));
        JsonNode parent = byName.get("get /orders/{id}");
        JsonNode child = byName.get("greeter/sayhello");
        assertThat(parent.get("kind").asText()).isEqualTo("SERVER");
        assertThat(parent.has("parentId")).isFalse();
        assertThat(child.get("kind").asText()).isEqualTo("CLIENT");
        assertThat(child.get("parentId").asText()).isEqualTo(parent.get("id").asText());
        assertThat(child.get("localEndpoint").get("serviceName").asText()).isEqualTo("zipkin-wire-test");
        assertThat(child.get("tags").get("order.id").asText()).isEqualTo("42");
        // 10 logs with a limit of 3: the first, the marker, the last
        JsonNode annotations = child.get("annotations");
        assertThat(annotations).hasSize(3);
        assertThat(annotations.get(0).get("value").asText()).contains("step 0");
        assertThat(annotations.get(1).get("value").asText()).contains("dropped Span logs");
        assertThat(annotations.get(2).get("value").asText()).contains("step 9");
    }

    /** Finishes {@code perThread} spans on each of {@code threads} threads at about {@code perSecond} spans a second in all. */
    private static void finishSpans(BoundedTracer tracer, int threads, int perThread, int perSecond) throws Exception {
        List<Thread> workers = new ArrayList<>();
        long pauseNanos = 1_000_000_000L * threads / perSecond;
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                long next = System.nanoTime();
                for (int i = 0; i < perThread; i++) {
                    Span span = tracer.buildSpan("load").withTag("span.kind", "server").start();
                    span.setTag("http.status_code", 200);
                    span.log("handled");
                    span.finish();
                    next += pauseNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    @ParameterizedTest
    @EnumSource(ReporterEncoding.class)
    void twentyThousandSpansUnderLoadAllReachZipkinAtDefaultSettings(ReporterEncoding encoding) throws Exception {
        long before = zipkin.spansReceived();
        TracerFactory factory = new TracerFactory(TracerSettings.builder("zipkin-load-" + encoding)
                .samplerType(SamplerType.CONST).samplerParam(1.0).encoding(encoding)
                .reporterType(ReporterType.ZIPKIN).endpoint(zipkin.spansEndpoint()).build());
        BoundedTracer tracer = factory.create();
        finishSpans(tracer, 4, 5_000, 2_500);
        await().atMost(Duration.ofSeconds(30)).until(() -> zipkin.spansReceived() - before == 20_000);
        // Zipkin may count the last message before its answer reaches us and the message is counted as sent
        await().atMost(Duration.ofSeconds(10)).until(() -> factory.exportStats().snapshot().sent() == 20_000);
        ExportStats.Snapshot stats = factory.exportStats().snapshot();
        assertThat(stats.sent()).isEqualTo(20_000);
        assertThat(stats.droppedTotal()).isZero();
        tracer.close();
    }

    @Test
    void loadThenCloseWithALongFlushIntervalDeliversEverySpan() throws Exception {
        long before = zipkin.spansReceived();
        TracerFactory factory = new TracerFactory(TracerSettings.builder("zipkin-close")
                .samplerType(SamplerType.CONST).samplerParam(1.0).maxQueueSize(40_000)
                .reporterType(ReporterType.ZIPKIN).endpoint(zipkin.spansEndpoint())
                .flushInterval(Duration.ofSeconds(60)).build());
        BoundedTracer tracer = factory.create();
        finishSpans(tracer, 4, 5_000, 50_000);
        tracer.close();
        assertThat(zipkin.spansReceived() - before).isEqualTo(20_000);
        assertThat(factory.exportStats().snapshot().droppedTotal()).isZero();
    }

    @Test
    void aSpanThatLoggedAnExceptionReachesZipkin() throws Exception {
        TracerFactory factory = new TracerFactory(TracerSettings.builder("zipkin-error")
                .samplerType(SamplerType.CONST).samplerParam(1.0)
                .reporterType(ReporterType.ZIPKIN).endpoint(zipkin.spansEndpoint()).build());
        BoundedTracer tracer = factory.create();
        Span span = tracer.buildSpan("failing").start();
        span.setTag("error", true);
        span.log(Map.of("event", "error", "error.kind", "java.io.IOException",
                "error.object", new java.io.IOException("disk gone")));
        span.finish();
        tracer.close();
        assertThat(factory.exportStats().snapshot().sent()).isEqualTo(1);
        JsonNode traces = await().atMost(Duration.ofSeconds(10)).until(() -> zipkin.traces("zipkin-error"), t -> t.size() == 1);
        assertThat(traces.get(0).get(0).get("annotations").toString()).contains("java.io.IOException: disk gone");
    }

    private static String padded(String traceId) {
        return "0".repeat(Math.max(0, 16 - traceId.length())) + traceId;
    }
}
