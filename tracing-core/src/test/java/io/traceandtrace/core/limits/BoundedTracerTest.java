package io.traceandtrace.core.limits;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedTracerTest {

    private final MockTracer mock = new MockTracer();

    private BoundedTracer bounded(int maxLogs) {
        return BoundedTracer.wrap(mock, SpanLimits.builder().maxLogsPerSpan(maxLogs).build());
    }

    @Test
    void logsReachTheDelegateAtFinishBoundedAndWithTheirOwnTimestamps() {
        BoundedTracer tracer = bounded(5);
        Span span = tracer.buildSpan("work").start();
        for (int i = 0; i < 12; i++) {
            span.log(1_000 + i, Map.of("n", i));
        }
        assertThat(mock.finishedSpans()).isEmpty();
        span.finish();

        MockSpan finished = mock.finishedSpans().get(0);
        List<MockSpan.LogEntry> logs = finished.logEntries();
        assertThat(logs).extracting(MockSpan.LogEntry::timestampMicros)
                .containsExactly(1_000L, 1_001L, 1_009L, 1_010L, 1_011L);
        assertThat(fields(logs.get(0))).containsEntry("n", 0);
        assertThat(fields(logs.get(2))).containsEntry("event", "dropped Span logs")
                .containsEntry("dropped_log_count", 8);
        assertThat(fields(logs.get(4))).containsEntry("n", 11);
    }

    @Test
    void logsWithoutTimestampGetTheTimeTheyWereMadeNotTheFinishTime() throws Exception {
        BoundedTracer tracer = bounded(10);
        BoundedSpan span = tracer.buildSpan("work").start();
        span.log("first");
        Thread.sleep(20);
        span.log(Map.of("event", "second"));
        Thread.sleep(20);
        span.finish();

        MockSpan finished = mock.finishedSpans().get(0);
        List<MockSpan.LogEntry> logs = finished.logEntries();
        assertThat(logs).extracting(e -> (Object) e.fields().get("event")).containsExactly("first", "second");
        long first = logs.get(0).timestampMicros();
        long second = logs.get(1).timestampMicros();
        assertThat(first).isGreaterThanOrEqualTo(span.startTime());
        assertThat(second - first).isGreaterThanOrEqualTo(19_000);
        assertThat(finished.finishMicros() - second).isGreaterThanOrEqualTo(19_000);
        assertThat(finished.startMicros()).isEqualTo(span.startTime());
    }

    @Test
    void spansKnowTheirOperationNameAndStartTime() {
        BoundedTracer tracer = bounded(10);
        long before = System.currentTimeMillis() * 1000 - 10_000;
        BoundedSpan span = tracer.buildSpan("first-name").start();
        long after = System.currentTimeMillis() * 1000 + 10_000;
        assertThat(span.operationName()).isEqualTo("first-name");
        // the span clock follows the wall clock (a base re-read every second plus nanoTime); on a loaded
        // machine the two drift apart by a few milliseconds within that second
        assertThat(span.startTime()).isBetween(before, after);
        span.setOperationName("second-name");
        assertThat(span.operationName()).isEqualTo("second-name");

        BoundedSpan explicit = tracer.buildSpan("explicit").withStartTimestamp(42).start();
        assertThat(explicit.startTime()).isEqualTo(42);
        span.finish();
        explicit.finish(100);
        assertThat(mock.finishedSpans()).extracting(MockSpan::operationName).containsExactly("second-name", "explicit");
        assertThat(mock.finishedSpans().get(1).startMicros()).isEqualTo(42);
        assertThat(mock.finishedSpans().get(1).finishMicros()).isEqualTo(100);
    }

    @Test
    void scopesAndActiveSpanFollowOpenTracing() {
        BoundedTracer tracer = bounded(10);
        assertThat(tracer.activeSpan()).isNull();
        Span parent = tracer.buildSpan("parent").start();
        try (Scope outer = tracer.activateSpan(parent)) {
            assertThat(tracer.activeSpan()).isSameAs(parent);
            Span child = tracer.buildSpan("child").start();
            try (Scope inner = tracer.activateSpan(child)) {
                assertThat(tracer.activeSpan()).isSameAs(child);
                tracer.activeSpan().log("inside");
            }
            assertThat(tracer.activeSpan()).isSameAs(parent);
            child.finish();
            Span root = tracer.buildSpan("root").ignoreActiveSpan().start();
            root.finish();
        }
        assertThat(tracer.activeSpan()).isNull();
        parent.finish();

        Map<String, MockSpan> byName = mock.finishedSpans().stream()
                .collect(Collectors.toMap(MockSpan::operationName, s -> s));
        MockSpan p = byName.get("parent");
        assertThat(byName.get("child").parentId()).isEqualTo(p.context().spanId());
        assertThat(byName.get("child").context().traceId()).isEqualTo(p.context().traceId());
        assertThat(byName.get("child").logEntries()).hasSize(1);
        assertThat(byName.get("root").parentId()).isZero();
    }

    @Test
    void explicitParentsAndReferences() {
        BoundedTracer tracer = bounded(10);
        Span parent = tracer.buildSpan("parent").start();
        Span child = tracer.buildSpan("child").asChildOf(parent).start();
        Span follower = tracer.buildSpan("follower").addReference("follows_from", parent.context()).start();
        child.finish();
        follower.finish();
        parent.finish();
        long parentId = mock.finishedSpans().get(2).context().spanId();
        assertThat(mock.finishedSpans().get(0).parentId()).isEqualTo(parentId);
        assertThat(mock.finishedSpans().get(1).references().get(0).getReferenceType()).isEqualTo("follows_from");
    }

    @Test
    void injectAndExtractAreTheDelegates() {
        BoundedTracer tracer = bounded(10);
        Span span = tracer.buildSpan("out").start();
        span.setBaggageItem("user", "ada");
        Map<String, String> headers = new HashMap<>();
        tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
        assertThat(headers).isNotEmpty();
        SpanContext extracted = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
        assertThat(extracted.toTraceId()).isEqualTo(span.context().toTraceId());
        assertThat(extracted.toSpanId()).isEqualTo(span.context().toSpanId());
        assertThat(span.getBaggageItem("user")).isEqualTo("ada");
    }

    @Test
    void tagsPassThroughAndLongValuesAreCutAndMarked() {
        BoundedTracer tracer = BoundedTracer.wrap(mock, SpanLimits.builder().maxTagValueLength(8).build());
        Span span = tracer.buildSpan("t").withTag("builder", "0123456789abc").start();
        span.setTag("short", "ok").setTag("long", "0123456789").setTag("n", 7).setTag("b", true);
        Tags.HTTP_URL.set(span, "http://example.com/very/long");
        span.finish();
        Map<String, Object> tags = mock.finishedSpans().get(0).tags();
        assertThat(tags).containsEntry("short", "ok")
                .containsEntry("long", "01234567\u2026")
                .containsEntry("builder", "01234567\u2026")
                .containsEntry("http.url", "http://e\u2026")
                .containsEntry("n", 7)
                .containsEntry("b", true);
    }

    @Test
    void finishTwiceReportsOnceAndLogsAfterFinishAreDropped() {
        BoundedTracer tracer = bounded(10);
        Span span = tracer.buildSpan("once").start();
        span.log("before");
        span.finish();
        span.log("after");
        span.finish();
        assertThat(mock.finishedSpans()).hasSize(1);
        assertThat(mock.finishedSpans().get(0).logEntries()).hasSize(1);
    }

    @Test
    void concurrentLoggingFromEightThreadsKeepsEveryLogWhole() throws Exception {
        int threads = 8;
        int perThread = 5_000;
        BoundedTracer tracer = bounded(0);
        Span span = tracer.buildSpan("busy").start();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        span.log(Map.of("thread", thread, "i", i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        span.finish();
        List<MockSpan.LogEntry> logs = mock.finishedSpans().get(0).logEntries();
        assertThat(logs).hasSize(threads * perThread);
        // each thread's logs arrive whole and in the order that thread wrote them
        for (int t = 0; t < threads; t++) {
            int thread = t;
            List<Object> seq = logs.stream().filter(l -> l.fields().get("thread").equals(thread))
                    .map(l -> l.fields().get("i")).collect(Collectors.toList());
            assertThat(seq).hasSize(perThread);
            for (int i = 0; i < perThread; i++) {
                assertThat(seq.get(i)).isEqualTo(i);
            }
        }
    }

    @Test
    void concurrentLoggingIntoABoundedSpanCountsEveryDroppedLog() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        BoundedTracer tracer = bounded(21);
        Span span = tracer.buildSpan("busy").start();
        CountDownLatch go = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    span.log("e");
                }
            });
            workers[t].start();
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        span.finish();
        List<MockSpan.LogEntry> logs = mock.finishedSpans().get(0).logEntries();
        assertThat(logs).hasSize(21);
        assertThat(fields(logs.get(10))).containsEntry("dropped_log_count", threads * perThread - 21 + 1);
    }

    @Test
    void unsampledSpansDropTagsAndLogsWhenTrimmed() {
        JaegerTracer jaeger = new JaegerTracer.Builder("svc").withReporter(new InMemoryReporter())
                .withSampler(new ConstSampler(false)).withManualShutdown().build();
        BoundedTracer trimmed = BoundedTracer.wrap(jaeger, SpanLimits.builder().trimUnsampledSpans(true).build());
        BoundedSpan span = trimmed.buildSpan("quiet").start();
        span.setTag("k", "v").setTag("n", 1).setTag("b", true).log("event");
        span.finish();

        JaegerTracer sampling = new JaegerTracer.Builder("svc").withReporter(new InMemoryReporter())
                .withSampler(new ConstSampler(true)).withManualShutdown().build();
        BoundedSpan other = BoundedTracer.wrap(sampling, SpanLimits.defaults()).buildSpan("kept").start();
        other.setTag("k", "v").log("event");
        other.finish();

        // Jaeger reports no unsampled span: look at what each one holds
        JaegerSpan quiet = (JaegerSpan) span.delegate();
        JaegerSpan full = (JaegerSpan) other.delegate();
        assertThat(quiet.context().isSampled()).isFalse();
        assertThat(quiet.getTags()).doesNotContainKeys("k", "n", "b");
        assertThat(quiet.getLogs()).isNullOrEmpty();
        assertThat(full.getTags()).containsEntry("k", "v");
        assertThat(full.getLogs()).hasSize(1);
    }

    @Test
    void samplingPriorityIsAlwaysForwardedAndTurnsRecordingOn() {
        InMemoryReporter reporter = new InMemoryReporter();
        JaegerTracer jaeger = new JaegerTracer.Builder("svc").withReporter(reporter)
                .withSampler(new ConstSampler(false)).withManualShutdown().build();
        BoundedTracer tracer = BoundedTracer.wrap(jaeger, SpanLimits.defaults());
        Span span = tracer.buildSpan("forced").start();
        span.setTag("before", "dropped");
        Tags.SAMPLING_PRIORITY.set(span, 1);
        span.setTag("after", "kept").log("kept too");
        span.finish();
        JaegerSpan reported = reporter.getSpans().get(0);
        assertThat(reported.context().isSampled()).isTrue();
        assertThat(reported.getTags()).containsEntry("after", "kept").doesNotContainKey("before");
        assertThat(reported.getLogs()).hasSize(1);
    }

    @Test
    void wrappingABoundedTracerReplacesItsLimitsInsteadOfStacking() {
        BoundedTracer once = bounded(10);
        BoundedTracer twice = BoundedTracer.wrap(once, SpanLimits.builder().maxLogsPerSpan(3).build());
        assertThat(twice.delegate()).isSameAs(mock);
        assertThat(twice.limits().maxLogsPerSpan()).isEqualTo(3);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(MockSpan.LogEntry entry) {
        return (Map<String, Object>) entry.fields();
    }

    @Test
    void secretLookingTagKeysAreRedactedBeforeTheyLeave() {
        BoundedTracer tracer = BoundedTracer.wrap(mock, SpanLimits.builder()
                .redactedTagKeys(SpanLimits.DEFAULT_REDACTED_TAG_KEYS).build());
        Span span = tracer.buildSpan("login").withTag("db.password", "hunter2").withTag("api_key", 1234).start();
        span.setTag("http.request.header.authorization", "Bearer abc").setTag("X-Api-Key", "k")
                .setTag("session.token", true).setTag("user", "ada");
        Tags.DB_USER.set(span, "admin");
        span.finish();
        Map<String, Object> tags = mock.finishedSpans().get(0).tags();
        assertThat(tags).containsEntry("db.password", "[REDACTED]").containsEntry("api_key", "[REDACTED]")
                .containsEntry("http.request.header.authorization", "[REDACTED]")
                .containsEntry("X-Api-Key", "[REDACTED]").containsEntry("session.token", "[REDACTED]")
                .containsEntry("user", "ada").containsEntry("db.user", "admin");
        // no pattern, nothing redacted
        BoundedTracer open = BoundedTracer.wrap(mock, SpanLimits.defaults());
        open.buildSpan("x").withTag("password", "visible").start().finish();
        assertThat(mock.finishedSpans().get(1).tags()).containsEntry("password", "visible");
    }
}
