package io.traceandtrace.core.recent;

import io.jaegertracing.internal.JaegerSpanContext;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.tag.Tags;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.settings.InvalidTracerSettingException;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.tracer.TracerFactory;
import io.traceandtrace.core.settings.TracerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentTracesTest {

    /** Start times are microseconds after this instant (Jaeger warns about earlier ones). */
    private static final long EPOCH = 1_700_000_000_000_000L;

    private final List<BoundedTracer> tracers = new ArrayList<>();

    @AfterEach
    void close() {
        tracers.forEach(BoundedTracer::close);
    }

    /**
     * A real tracer that hands every finished sampled span straight to {@code recent}, so the store is
     * tested without the export thread in between (the starter wires it as a sink of the pipeline).
     */
    private BoundedTracer tracer(RecentTraces recent, double samplerParam) {
        BoundedTracer tracer = new TracerFactory(TracerSettings.builder("shop").reporterType(ReporterType.NONE)
                .samplerType(SamplerType.CONST).samplerParam(samplerParam).build())
                .reporter(recent)
                .create();
        tracers.add(tracer);
        return tracer;
    }

    /** root(0..100) > child(10..60) > grandchild(20..30); root > second child(70..90); times in µs from t0. */
    private static String threeLevels(Tracer tracer, long offset, String rootName) {
        long t0 = EPOCH + offset;
        Span root = tracer.buildSpan(rootName).withStartTimestamp(t0).withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER).start();
        Span child = tracer.buildSpan("child").asChildOf(root).withStartTimestamp(t0 + 10).start();
        Span grandchild = tracer.buildSpan("grandchild").asChildOf(child).withStartTimestamp(t0 + 20)
                .withTag("db.statement", "select 1").start();
        grandchild.finish(t0 + 30);
        child.finish(t0 + 60);
        Span second = tracer.buildSpan("second").asChildOf(root).withStartTimestamp(t0 + 70)
                .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT).start();
        second.setTag(Tags.ERROR, true);
        second.finish(t0 + 90);
        root.finish(t0 + 100);
        return root.context().toTraceId();
    }

    @Test
    void keepsTracesNewestFirstWithTheirSpansInTreeOrder() {
        RecentTraces recent = new RecentTraces(1000, RecentTraces.DEFAULT_MAX_BYTES);
        BoundedTracer tracer = tracer(recent, 1);
        String older = threeLevels(tracer, 1_000_000, "GET /older");
        String newer = threeLevels(tracer, 2_000_000, "GET /newer");

        TraceListing listing = recent.find(TraceQuery.newest());
        assertThat(listing.enabled()).isTrue();
        assertThat(listing.heldSpans()).isEqualTo(8);
        assertThat(listing.traces()).extracting(TraceSummary::traceId).containsExactly(newer, older);
        TraceSummary summary = listing.traces().get(0);
        assertThat(summary.rootOperation()).isEqualTo("GET /newer");
        assertThat(summary.rootService()).isEqualTo("shop");
        assertThat(summary.startMicros()).isEqualTo(EPOCH + 2_000_000);
        assertThat(summary.durationMicros()).isEqualTo(100);
        assertThat(summary.spanCount()).isEqualTo(4);
        assertThat(summary.errorCount()).isEqualTo(1);

        TraceView trace = recent.trace(newer).orElseThrow();
        assertThat(trace.spans()).extracting(RecentSpan::operationName)
                .containsExactly("GET /newer", "child", "grandchild", "second");
        Map<String, RecentSpan> byName = trace.spans().stream()
                .collect(Collectors.toMap(RecentSpan::operationName, Function.identity()));
        assertThat(byName.get("GET /newer").parentId()).isNull();
        assertThat(byName.get("child").parentId()).isEqualTo(byName.get("GET /newer").spanId());
        assertThat(byName.get("grandchild").parentId()).isEqualTo(byName.get("child").spanId());
        assertThat(byName.get("grandchild").tags()).containsEntry("db.statement", "select 1");
        assertThat(byName.get("second").kind()).isEqualTo("client");
        assertThat(byName.get("second").error()).isTrue();
        assertThat(byName.get("GET /newer").kind()).isEqualTo("server");
        assertThat(byName.get("child").error()).isFalse();
    }

    @Test
    void parentIdsAreSixteenHexDigitsAndMatchTheirParentsSpanId() {
        RecentTraces recent = new RecentTraces(10_000, RecentTraces.DEFAULT_MAX_BYTES);
        BoundedTracer tracer = tracer(recent, 1);
        // a caller's span id with leading zero digits, as 1 id in 16 has
        SpanContext remoteParent = new JaegerSpanContext(0, 0x1234L, 0x0abcL, 0, (byte) 1);
        Span server = tracer.buildSpan("from a caller").asChildOf(remoteParent).start();
        server.finish();
        RecentSpan span = recent.trace(server.context().toTraceId()).orElseThrow().spans().get(0);
        assertThat(span.parentId()).isEqualTo("0000000000000abc");
        assertThat(span.traceId()).isEqualTo("0000000000001234");

        for (int i = 0; i < 200; i++) {
            threeLevels(tracer, 5_000_000 + i * 1000L, "trace " + i);
        }
        for (TraceSummary summary : recent.find(TraceQuery.newest().withLimit(500)).traces()) {
            List<RecentSpan> spans = recent.trace(summary.traceId()).orElseThrow().spans();
            Set<String> ids = spans.stream().map(RecentSpan::spanId).collect(Collectors.toSet());
            for (RecentSpan s : spans) {
                assertThat(s.spanId()).hasSize(16);
                if (s.parentId() != null && !s.operationName().equals("from a caller")) {
                    assertThat(s.parentId()).hasSize(16);
                    assertThat(ids).contains(s.parentId());
                }
            }
        }
    }

    @Test
    void unsampledSpansAreNotKept() {
        RecentTraces recent = new RecentTraces(100, RecentTraces.DEFAULT_MAX_BYTES);
        threeLevels(tracer(recent, 0), 1_000, "unsampled");
        assertThat(recent.find(TraceQuery.newest()).traces()).isEmpty();
        assertThat(recent.spanCount()).isZero();
    }

    @Test
    void boundedBySpansEvictingWholeOldTraces() {
        RecentTraces recent = new RecentTraces(10, RecentTraces.DEFAULT_MAX_BYTES);
        BoundedTracer tracer = tracer(recent, 1);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(threeLevels(tracer, 1_000_000L * (i + 1), "trace " + i));
        }
        TraceListing listing = recent.find(TraceQuery.newest());
        // 4 spans a trace, at most 10 spans: the two newest traces, each whole
        assertThat(listing.traces()).extracting(TraceSummary::traceId).containsExactly(ids.get(4), ids.get(3));
        assertThat(listing.traces()).extracting(TraceSummary::spanCount).containsOnly(4);
        assertThat(recent.spanCount()).isEqualTo(8);
        assertThat(recent.trace(ids.get(0))).isEmpty();
    }

    @Test
    void boundedByBytes() {
        RecentTraces recent = new RecentTraces(10_000, 64 * 1024);
        BoundedTracer tracer = tracer(recent, 1);
        for (int i = 0; i < 200; i++) {
            Span span = tracer.buildSpan("big " + i).withTag("payload", "x".repeat(1000)).start();
            span.finish();
            assertThat(recent.byteCount()).isLessThanOrEqualTo(64 * 1024);
        }
        TraceListing listing = recent.find(TraceQuery.newest().withLimit(1000));
        // each trace holds about 1.4 KB (its 1,000-character tag, the other fields, the trace's entry): 47 fit, the newest
        assertThat(listing.heldTraces()).isBetween(44, 48);
        assertThat(listing.traces().get(0).rootOperation()).isEqualTo("big 199");
    }

    @Test
    void aTraceTooBigForTheStoreKeepsItsFirstSpansAndCountsTheRest() {
        RecentTraces recent = new RecentTraces(5, RecentTraces.DEFAULT_MAX_BYTES);
        BoundedTracer tracer = tracer(recent, 1);
        threeLevels(tracer, 1_000, "small");
        Span root = tracer.buildSpan("huge").start();
        for (int i = 0; i < 9; i++) {
            tracer.buildSpan("part " + i).asChildOf(root).start().finish();
        }
        root.finish();
        TraceListing listing = recent.find(TraceQuery.newest());
        assertThat(listing.traces()).hasSize(1);
        TraceSummary huge = listing.traces().get(0);
        assertThat(huge.spanCount()).isEqualTo(5);
        assertThat(huge.droppedSpans()).isEqualTo(5);
        assertThat(recent.trace(huge.traceId()).orElseThrow().spans()).extracting(RecentSpan::operationName)
                .containsExactly("part 0", "part 1", "part 2", "part 3", "part 4");
    }

    @Test
    void zeroTurnsItOffAndNegativeBoundsNameTheSetting() {
        for (RecentTraces off : List.of(new RecentTraces(0, 1000), new RecentTraces(1000, 0))) {
            threeLevels(tracer(off, 1), 1_000, "ignored");
            TraceListing listing = off.find(TraceQuery.newest());
            assertThat(listing.enabled()).isFalse();
            assertThat(listing.traces()).isEmpty();
        }
        assertThatThrownBy(() -> new RecentTraces(-1, 1000)).isInstanceOf(InvalidTracerSettingException.class)
                .hasMessageContaining("recent.max-spans");
        assertThatThrownBy(() -> new RecentTraces(1, -1)).isInstanceOf(InvalidTracerSettingException.class)
                .hasMessageContaining("recent.max-bytes");
    }

    @Test
    void filtersByTextErrorsAndMinimumDurationAndLimits() {
        RecentTraces recent = new RecentTraces(1000, RecentTraces.DEFAULT_MAX_BYTES);
        BoundedTracer tracer = tracer(recent, 1);
        String withError = threeLevels(tracer, 1_000_000, "GET /orders/{id}");
        Span quick = tracer.buildSpan("GET /health-ish").withStartTimestamp(EPOCH + 2_000_000).withTag("customer", "Ada").start();
        quick.finish(EPOCH + 2_000_005);
        String quickId = quick.context().toTraceId();
        Span slow = tracer.buildSpan("POST /pay").withStartTimestamp(EPOCH + 3_000_000).start();
        slow.finish(EPOCH + 3_000_000 + 250_000);
        String slowId = slow.context().toTraceId();

        assertThat(ids(recent, new TraceQuery(20, "orders", false, null))).containsExactly(withError);
        assertThat(ids(recent, new TraceQuery(20, "SELECT 1", false, null))).containsExactly(withError);
        assertThat(ids(recent, new TraceQuery(20, "customer=ada", false, null))).containsExactly(quickId);
        assertThat(ids(recent, new TraceQuery(20, "ada", false, null))).containsExactly(quickId);
        assertThat(ids(recent, new TraceQuery(20, "nothing like it", false, null))).isEmpty();
        assertThat(ids(recent, new TraceQuery(20, null, true, null))).containsExactly(withError);
        assertThat(ids(recent, new TraceQuery(20, null, false, Duration.ofMillis(100)))).containsExactly(slowId);
        assertThat(ids(recent, new TraceQuery(20, null, false, Duration.ofNanos(50_000)))).containsExactly(slowId, withError);
        assertThat(ids(recent, new TraceQuery(2, " ", false, null))).containsExactly(slowId, quickId);
        assertThat(ids(recent, new TraceQuery(0, null, false, null))).hasSize(3);
    }

    private static List<String> ids(RecentTraces recent, TraceQuery query) {
        return recent.find(query).traces().stream().map(TraceSummary::traceId).toList();
    }

    @Test
    void findsATraceByIdInAnyCaseWithOrWithoutLeadingZeros() {
        RecentTraces recent = new RecentTraces(100, RecentTraces.DEFAULT_MAX_BYTES);
        Span span = tracer(recent, 1).buildSpan("x")
                .asChildOf(new JaegerSpanContext(0, 0xabcL, 0x1L, 0, (byte) 1)).start();
        span.finish();
        assertThat(recent.trace("0000000000000abc")).isPresent();
        assertThat(recent.trace("ABC")).isPresent();
        assertThat(recent.trace(" abc ")).isPresent();
        assertThat(recent.trace("abd")).isEmpty();
        assertThat(recent.trace("not-hex")).isEmpty();
        assertThat(recent.trace("")).isEmpty();
        assertThat(recent.trace("1".repeat(33))).isEmpty();
        assertThat(recent.trace(null)).isEmpty();
    }

    @Test
    void theDroppedLogsMarkerArrivesAsALog() {
        RecentTraces recent = new RecentTraces(100, RecentTraces.DEFAULT_MAX_BYTES);
        Span span = tracer(recent, 1).buildSpan("chatty").start();
        for (int i = 0; i < 150; i++) {
            span.log("message " + i);
        }
        span.finish();
        RecentSpan kept = recent.trace(span.context().toTraceId()).orElseThrow().spans().get(0);
        assertThat(kept.logs()).hasSize(100);
        assertThat(kept.logs()).anySatisfy(log -> assertThat(log)
                .containsEntry("event", "dropped Span logs").containsKey("dropped_log_count"));
        assertThat(kept.logs().get(0)).containsEntry("event", "message 0").containsKey("timestampMicros");
    }

    @Test
    void tagAndLogValuesComeBackAsTheyWereSet() {
        RecentTraces recent = new RecentTraces(100, RecentTraces.DEFAULT_MAX_BYTES);
        Span span = tracer(recent, 1).buildSpan("Grüße, 世界 😀").start();
        span.setTag("int", 42).setTag("long", 1L << 40).setTag("double", 0.1).setTag("float", 0.1f)
                .setTag("short", (short) 7).setTag("big", new BigDecimal("12345678901234567890.5"))
                .setTag("flag", true).setTag("off", false).setTag("text", "naïve ☃ 😀")
                .setTag("lone surrogate", "a\ud800b").setTag("empty", "");
        span.log(EPOCH + 5, Map.of("event", "retry", "attempt", 2, "backoff.ms", 1.5, "ok", false));
        span.log(EPOCH + 6, "plain message");
        span.finish();
        RecentSpan kept = recent.trace(span.context().toTraceId()).orElseThrow().spans().get(0);
        assertThat(kept.operationName()).isEqualTo("Grüße, 世界 😀");
        assertThat(kept.serviceName()).isEqualTo("shop");
        assertThat(kept.tags()).containsEntry("int", 42).containsEntry("long", 1L << 40).containsEntry("double", 0.1)
                .containsEntry("float", 0.1f).containsEntry("short", 7)
                .containsEntry("big", new BigDecimal("12345678901234567890.5"))
                .containsEntry("flag", true).containsEntry("off", false).containsEntry("text", "naïve ☃ 😀")
                .containsEntry("lone surrogate", "a?b").containsEntry("empty", "");
        assertThat(kept.logs()).hasSize(2);
        assertThat(kept.logs().get(0)).containsEntry("timestampMicros", EPOCH + 5).containsEntry("event", "retry")
                .containsEntry("attempt", 2).containsEntry("backoff.ms", 1.5).containsEntry("ok", false);
        assertThat(kept.logs().get(1)).containsExactly(Map.entry("timestampMicros", EPOCH + 6),
                Map.entry("event", "plain message"));
    }

    @Test
    void aSpanOfOver64KilobytesAndTheSmallSpanAfterItComeBackWhole() {
        RecentTraces recent = new RecentTraces(100, RecentTraces.DEFAULT_MAX_BYTES);
        BoundedTracer tracer = tracer(recent, 1);
        Span big = tracer.buildSpan("big").start();
        for (int i = 0; i < 200; i++) {
            big.setTag("tag." + i, i + "é".repeat(500)); // 200 tags of 1 KB in UTF-8
        }
        big.finish();
        Span small = tracer.buildSpan("small").withTag("only", "this").start();
        small.finish();

        Map<String, Object> bigTags = recent.trace(big.context().toTraceId()).orElseThrow().spans().get(0).tags();
        assertThat(bigTags).hasSizeGreaterThanOrEqualTo(200).containsEntry("tag.0", "0" + "é".repeat(500))
                .containsEntry("tag.199", "199" + "é".repeat(500));
        RecentSpan kept = recent.trace(small.context().toTraceId()).orElseThrow().spans().get(0);
        assertThat(kept.operationName()).isEqualTo("small");
        assertThat(kept.tags()).containsEntry("only", "this").doesNotContainKey("tag.0");
    }

    @Test
    void newTracesBeyondTheRateAreTurnedAwayWholeTheLaterSpansOfEachToo() {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        RecentTraces recent = new RecentTraces(10_000, RecentTraces.DEFAULT_MAX_BYTES, 3, nanos::get);
        BoundedTracer tracer = tracer(recent, 1);
        // five requests in flight at once: the first span of each to finish decides for its whole trace
        List<Span> roots = new ArrayList<>();
        List<Span> children = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Span root = tracer.buildSpan("request " + i).start();
            roots.add(root);
            children.add(tracer.buildSpan("query " + i).asChildOf(root).start());
        }
        children.forEach(Span::finish);
        nanos.addAndGet(1_500_000_000L); // the next second: three new traces again, but not the two turned away
        roots.forEach(Span::finish);
        List<String> first = List.of(roots.get(0), roots.get(1), roots.get(2)).stream()
                .map(root -> root.context().toTraceId()).collect(Collectors.toList());
        TraceListing listing = recent.find(TraceQuery.newest());
        assertThat(listing.traces()).extracting(TraceSummary::traceId).containsExactlyInAnyOrderElementsOf(first);
        assertThat(listing.traces()).extracting(TraceSummary::spanCount).containsOnly(2);
        assertThat(recent.refusedSpanCount()).isEqualTo(4);

        for (int i = 0; i < 4; i++) {
            threeLevels(tracer, 1_000_000L * (i + 1), "later " + i);
        }
        // three of the four new traces fit this second's allowance (which three: the first three, unless one's id
        // shares its bit with a trace turned away, 1 in about 16,000, and is turned away with it)
        List<TraceSummary> held = recent.find(TraceQuery.newest().withLimit(100)).traces();
        assertThat(held).extracting(TraceSummary::rootOperation).contains("request 0", "request 1", "request 2");
        assertThat(held).filteredOn(trace -> trace.rootOperation().startsWith("later")).hasSize(3)
                .extracting(TraceSummary::spanCount).containsOnly(4);
        nanos.addAndGet(3_000_000_000L); // two quiet seconds: nothing is remembered any more
        threeLevels(tracer, 9_000_000L, "after a pause");
        assertThat(recent.find(TraceQuery.newest().withLimit(100)).traces()).extracting(TraceSummary::rootOperation)
                .contains("after a pause");
        assertThatThrownBy(() -> new RecentTraces(10, 1000, 0)).isInstanceOf(InvalidTracerSettingException.class)
                .hasMessageContaining("recent.max-traces-per-second");
    }

    @Test
    void manyThreadsBeyondTheRateKeepOnlyWholeTraces() throws Exception {
        int threads = 6;
        int tracesPerThread = 500;
        RecentTraces limited = new RecentTraces(threads * tracesPerThread * 4, Long.MAX_VALUE, 50);
        hammer(limited, threads, tracesPerThread);
        TraceListing kept = limited.find(TraceQuery.newest().withLimit(Integer.MAX_VALUE));
        assertThat(kept.heldTraces()).isPositive().isLessThan(threads * tracesPerThread);
        assertThat(kept.traces()).extracting(TraceSummary::spanCount).containsOnly(4);
        assertThat(limited.spanCount() + limited.refusedSpanCount()).isEqualTo(threads * tracesPerThread * 4L);
    }

    @Test
    void manyThreadsReportingAndQueryingKeepTheBoundsAndLoseNothingThatFits() throws Exception {
        int threads = 6;
        int tracesPerThread = 500;
        // room for everything: every span is kept exactly once
        RecentTraces roomy = new RecentTraces(threads * tracesPerThread * 4, Long.MAX_VALUE);
        hammer(roomy, threads, tracesPerThread);
        TraceListing all = roomy.find(TraceQuery.newest().withLimit(Integer.MAX_VALUE));
        assertThat(all.heldTraces()).isEqualTo(threads * tracesPerThread);
        assertThat(all.traces()).extracting(TraceSummary::spanCount).containsOnly(4);
        assertThat(roomy.spanCount()).isEqualTo(threads * tracesPerThread * 4);

        // too small: the bounds hold at every moment and what is listed adds up
        RecentTraces tight = new RecentTraces(300, 200 * 1024);
        hammer(tight, threads, tracesPerThread);
        TraceListing kept = tight.find(TraceQuery.newest().withLimit(Integer.MAX_VALUE));
        assertThat(tight.spanCount()).isLessThanOrEqualTo(300).isEqualTo(kept.heldSpans())
                .isEqualTo(kept.traces().stream().mapToInt(TraceSummary::spanCount).sum());
        assertThat(tight.byteCount()).isLessThanOrEqualTo(200 * 1024);
    }

    private void hammer(RecentTraces recent, int threads, int tracesPerThread) throws Exception {
        BoundedTracer tracer = tracer(recent, 1);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < tracesPerThread; i++) {
                    threeLevels(tracer, 1_000_000L * (thread * tracesPerThread + i), "t" + thread + "-" + i);
                }
                return null;
            }));
        }
        Future<Integer> reader = pool.submit(() -> {
            start.await();
            int reads = 0;
            Set<String> seen = new HashSet<>();
            while (!done.get()) {
                for (TraceSummary summary : recent.find(new TraceQuery(50, "child", false, null)).traces()) {
                    recent.trace(summary.traceId()).ifPresent(view -> seen.add(view.traceId()));
                    assertThat(summary.spanCount()).isBetween(1, 4);
                }
                assertThat(recent.spanCount()).isLessThanOrEqualTo(threads * tracesPerThread * 4);
                reads++;
            }
            return reads;
        });
        start.countDown();
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        done.set(true);
        assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
        pool.shutdown();
    }
}
