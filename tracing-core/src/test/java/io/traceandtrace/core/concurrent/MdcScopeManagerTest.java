package io.traceandtrace.core.concurrent;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.opentracing.Scope;
import io.opentracing.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MdcScopeManagerTest {

    private final JaegerTracer tracer = new JaegerTracer.Builder("mdc")
            .withReporter(new InMemoryReporter())
            .withSampler(new ConstSampler(true))
            .withScopeManager(new MdcScopeManager("traceId", "spanId", "sampled"))
            .build();

    @AfterEach
    void close() {
        tracer.close();
        MDC.clear();
    }

    @Test
    void theActiveSpansIdsAreInTheMdcAndTheOuterOnesComeBack() {
        Span outer = tracer.buildSpan("outer").start();
        Span inner = tracer.buildSpan("inner").asChildOf(outer).start();
        try (Scope a = tracer.activateSpan(outer)) {
            assertThat(MDC.get("spanId")).isEqualTo(outer.context().toSpanId());
            try (Scope b = tracer.activateSpan(inner)) {
                assertThat(tracer.activeSpan()).isSameAs(inner);
                assertThat(MDC.get("spanId")).isEqualTo(inner.context().toSpanId());
                assertThat(MDC.get("traceId")).isEqualTo(outer.context().toTraceId());
                assertThat(MDC.get("sampled")).isEqualTo("true");
            }
            assertThat(tracer.activeSpan()).isSameAs(outer);
            assertThat(MDC.get("spanId")).isEqualTo(outer.context().toSpanId());
        }
        assertThat(tracer.activeSpan()).isNull();
        assertThat(MDC.get("traceId")).isNull();
        assertThat(MDC.get("spanId")).isNull();
    }

    @Test
    void noSpanHidesTheActiveOneAndItsIdsUntilClosed() {
        Span outer = tracer.buildSpan("outer").start();
        MDC.put("user", "kept");
        try (Scope a = tracer.activateSpan(outer)) {
            try (Scope none = tracer.activateSpan(null)) {
                assertThat(tracer.activeSpan()).isNull();
                assertThat(MDC.get("traceId")).isNull();
                assertThat(tracer.buildSpan("fresh").start().context().getParentId()).isZero();
            }
            assertThat(tracer.activeSpan()).isSameAs(outer);
            assertThat(MDC.get("traceId")).isEqualTo(outer.context().toTraceId());
        }
        assertThat(MDC.get("user")).isEqualTo("kept");
    }

    @Test
    void closingOutOfOrderLeavesTheNewerScope() {
        Span a = tracer.buildSpan("a").start();
        Span b = tracer.buildSpan("b").start();
        Scope first = tracer.activateSpan(a);
        Scope second = tracer.activateSpan(b);
        first.close();
        assertThat(tracer.activeSpan()).isSameAs(b);
        second.close();
        assertThat(tracer.activeSpan()).isSameAs(a); // restores what b replaced
    }

    /** Logback keeps a read-only copy of the MDC for log events until the next write: the same copy means no write. */
    @Test
    void aNestedScopeOfTheActiveSpanWritesNothingToTheMdc() {
        LogbackMDCAdapter mdc = (LogbackMDCAdapter) MDC.getMDCAdapter();
        Span outer = tracer.buildSpan("outer").start();
        try (Scope a = tracer.activateSpan(outer)) {
            Map<String, String> seen = mdc.getPropertyMap();
            try (Scope again = tracer.activateSpan(outer)) {
                assertThat(mdc.getPropertyMap()).isSameAs(seen);
            }
            assertThat(mdc.getPropertyMap()).isSameAs(seen).containsEntry("spanId", outer.context().toSpanId());
        }
        assertThat(MDC.get("traceId")).isNull();
    }

    @Test
    void aSpanOfAnotherTraceShowsItsOwnTraceIdAndSoDoItsChildrenEvenWhenCodeRemovedIt() {
        Span outer = tracer.buildSpan("outer").start();
        Span other = tracer.buildSpan("other").ignoreActiveSpan().start();
        Span otherChild = tracer.buildSpan("child").asChildOf(other).start();
        try (Scope a = tracer.activateSpan(outer)) {
            try (Scope b = tracer.activateSpan(other)) {
                assertThat(MDC.get("traceId")).isEqualTo(other.context().toTraceId())
                        .isNotEqualTo(outer.context().toTraceId());
                MDC.remove("traceId");
                try (Scope c = tracer.activateSpan(otherChild)) {
                    assertThat(MDC.get("traceId")).isEqualTo(other.context().toTraceId());
                    assertThat(MDC.get("spanId")).isEqualTo(otherChild.context().toSpanId());
                }
            }
            assertThat(MDC.get("traceId")).isEqualTo(outer.context().toTraceId());
        }
        assertThat(MDC.get("traceId")).isNull();
    }

    @Test
    void whatCodeInsideAScopeRemovedComesBackWhenItCloses() {
        Span outer = tracer.buildSpan("outer").start();
        try (Scope a = tracer.activateSpan(outer)) {
            try (Scope again = tracer.activateSpan(outer)) {
                MDC.remove("traceId");
                MDC.put("spanId", "changed");
            }
            assertThat(MDC.get("traceId")).isEqualTo(outer.context().toTraceId());
            assertThat(MDC.get("spanId")).isEqualTo(outer.context().toSpanId());
        }
    }

    /** A gRPC server call's callbacks: scopes of one span, one after another, on a thread where no other is open. */
    @Test
    void spansOfOtherTracesTakingTurnsOnAThreadEachShowTheirOwnIds() {
        Span a = tracer.buildSpan("a").start();
        Span aChild = tracer.buildSpan("a-child").asChildOf(a).start();
        Span b = tracer.buildSpan("b").ignoreActiveSpan().start();
        for (Span span : List.of(a, a, b, aChild, a, b, b, aChild)) {
            try (Scope scope = tracer.activateSpan(span)) {
                assertThat(MDC.get("traceId")).isEqualTo(span.context().toTraceId());
                assertThat(MDC.get("spanId")).isEqualTo(span.context().toSpanId());
                assertThat(tracer.activeSpan()).isSameAs(span);
            }
            assertThat(MDC.get("traceId")).isNull();
            assertThat(MDC.get("spanId")).isNull();
            assertThat(tracer.activeSpan()).isNull();
        }
    }

    @Test
    void threadsActivatingSpansOfManyTracesAtOnceEachSeeTheirOwn() throws Exception {
        List<Span> spans = new ArrayList<>();
        for (int trace = 0; trace < 4; trace++) {
            Span root = tracer.buildSpan("root").ignoreActiveSpan().start();
            spans.add(root);
            spans.add(tracer.buildSpan("child").asChildOf(root).start());
            spans.add(tracer.buildSpan("other-child").asChildOf(root).start());
        }
        int threads = 6;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> checked = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                checked.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    start.await();
                    int checks = 0;
                    for (int i = 0; i < 20_000; i++) {
                        Span outer = spans.get(random.nextInt(spans.size()));
                        Span inner = spans.get(random.nextInt(spans.size()));
                        try (Scope o = tracer.activateSpan(outer)) {
                            try (Scope n = tracer.activateSpan(inner)) {
                                checks += shows(inner);
                            }
                            checks += shows(outer);
                        }
                        if (MDC.get("spanId") != null || tracer.activeSpan() != null) {
                            throw new AssertionError("ids left on the thread after its scopes closed");
                        }
                    }
                    return checks;
                }));
            }
            for (Future<Integer> f : checked) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(40_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private int shows(Span span) {
        if (!span.context().toTraceId().equals(MDC.get("traceId")) || !span.context().toSpanId().equals(MDC.get("spanId"))
                || tracer.activeSpan() != span) {
            throw new AssertionError("the MDC shows " + MDC.get("traceId") + ":" + MDC.get("spanId") + " while " + span + " is active");
        }
        return 1;
    }
}
