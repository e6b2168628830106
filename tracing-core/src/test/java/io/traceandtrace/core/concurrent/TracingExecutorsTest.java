package io.traceandtrace.core.concurrent;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.limits.SpanLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class TracingExecutorsTest {

    private final MockTracer mock = new MockTracer();
    private final BoundedTracer tracer = BoundedTracer.wrap(mock, SpanLimits.defaults());
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void tasksRunUnderTheSpanActiveAtSubmission() throws Exception {
        ExecutorService traced = TracingExecutors.wrap(pool, tracer);
        Span parent = tracer.buildSpan("request").start();
        Future<Span> seen;
        Future<?> childDone;
        try (Scope ignored = tracer.activateSpan(parent)) {
            seen = traced.submit(tracer::activeSpan);
            childDone = traced.submit(() -> tracer.buildSpan("in-worker").start().finish());
        }
        assertThat(seen.get(5, TimeUnit.SECONDS)).isSameAs(parent);
        childDone.get(5, TimeUnit.SECONDS);
        parent.finish();
        MockSpan child = mock.finishedSpans().get(0);
        assertThat(child.operationName()).isEqualTo("in-worker");
        assertThat(child.parentId()).isEqualTo(((MockSpan) ((io.traceandtrace.core.limits.BoundedSpan) parent).delegate()).context().spanId());
    }

    @Test
    void theWorkerIsLeftAsItWasAfterTheTask() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            ExecutorService traced = TracingExecutors.wrap(single, tracer);
            Span parent = tracer.buildSpan("request").start();
            try (Scope ignored = tracer.activateSpan(parent)) {
                traced.submit(() -> { }).get(5, TimeUnit.SECONDS);
            }
            assertThat(single.submit(tracer::activeSpan).get(5, TimeUnit.SECONDS)).isNull();
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void withoutAnActiveSpanTasksRunWithoutOne() throws Exception {
        assertThat(TracingExecutors.wrap(pool, tracer).submit(tracer::activeSpan).get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aTaskSubmittedWithoutASpanDoesNotRunUnderASpanLeftActiveOnTheWorker() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            Span stale = tracer.buildSpan("leaked").start();
            single.submit(() -> tracer.activateSpan(stale)).get(5, TimeUnit.SECONDS); // a scope never closed
            ExecutorService traced = TracingExecutors.wrap(single, tracer);
            assertThat(traced.submit(tracer::activeSpan).get(5, TimeUnit.SECONDS)).isNull();
            assertThat(traced.submit(() -> tracer.buildSpan("job").start()).get(5, TimeUnit.SECONDS).context().toTraceId())
                    .as("a new trace, not the leaked one").isNotEqualTo(stale.context().toTraceId());
            assertThat(single.submit(tracer::activeSpan).get(5, TimeUnit.SECONDS))
                    .as("the worker is left as it was").isSameAs(stale);
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void neitherTheStaleSpanNorItsIdsReachTheTaskWithTheMdcScopeManager() throws Exception {
        io.jaegertracing.internal.JaegerTracer jaeger = new io.jaegertracing.internal.JaegerTracer.Builder("mdc")
                .withReporter(new io.jaegertracing.internal.reporters.InMemoryReporter())
                .withSampler(new io.jaegertracing.internal.samplers.ConstSampler(true))
                .withScopeManager(new MdcScopeManager("traceId", "spanId", "sampled"))
                .build();
        BoundedTracer mdcTracer = BoundedTracer.wrap(jaeger, SpanLimits.defaults());
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            Span stale = mdcTracer.buildSpan("leaked").start();
            single.submit(() -> mdcTracer.activateSpan(stale)).get(5, TimeUnit.SECONDS);
            Future<String> seen = TracingExecutors.wrap(single, mdcTracer)
                    .submit(() -> mdcTracer.activeSpan() + " " + org.slf4j.MDC.get("traceId"));
            assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("null null");
            assertThat(single.submit(() -> org.slf4j.MDC.get("traceId")).get(5, TimeUnit.SECONDS))
                    .isEqualTo(stale.context().toTraceId());
        } finally {
            single.shutdownNow();
            jaeger.close();
        }
    }

    @Test
    void plainExecutorsAndInvokeAllCarryTheSpanToo() throws Exception {
        Span parent = tracer.buildSpan("request").start();
        AtomicReference<Span> viaExecutor = new AtomicReference<>();
        List<Future<Span>> viaInvokeAll;
        try (Scope ignored = tracer.activateSpan(parent)) {
            CompletableFuture.runAsync(() -> viaExecutor.set(tracer.activeSpan()),
                    TracingExecutors.wrap((java.util.concurrent.Executor) command -> new Thread(command).start(), tracer))
                    .get(5, TimeUnit.SECONDS);
            viaInvokeAll = TracingExecutors.wrap(pool, tracer).invokeAll(List.of(tracer::activeSpan, tracer::activeSpan));
        }
        assertThat(viaExecutor.get()).isSameAs(parent);
        for (Future<Span> f : viaInvokeAll) {
            assertThat(f.get()).isSameAs(parent);
        }
        parent.finish();
    }

    @Test
    void manyThreadsEachKeepTheirOwnParent() throws Exception {
        ExecutorService traced = TracingExecutors.wrap(pool, tracer);
        ExecutorService submitters = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> jobs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                jobs.add(() -> {
                    for (int n = 0; n < 200; n++) {
                        Span mine = tracer.buildSpan("job").start();
                        Future<Span> seen;
                        try (Scope ignored = tracer.activateSpan(mine)) {
                            seen = traced.submit(tracer::activeSpan);
                        }
                        if (seen.get(5, TimeUnit.SECONDS) != mine) {
                            return false;
                        }
                        mine.finish();
                    }
                    return true;
                });
            }
            for (Future<Boolean> ok : submitters.invokeAll(jobs)) {
                assertThat(ok.get()).isTrue();
            }
        } finally {
            submitters.shutdownNow();
        }
        assertThat(mock.finishedSpans()).hasSize(1600);
    }
}
