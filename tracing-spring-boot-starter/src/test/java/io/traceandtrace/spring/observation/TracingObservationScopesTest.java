package io.traceandtrace.spring.observation;

import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.traceandtrace.core.concurrent.MdcScopeManager;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.limits.SpanLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One observation's scopes opened on several threads at once: each thread gets back the span it had. */
class TracingObservationScopesTest {

    private final InMemoryReporter reporter = new InMemoryReporter();
    private final JaegerTracer jaeger = new JaegerTracer.Builder("scopes").withReporter(reporter)
            .withSampler(new ConstSampler(true))
            .withScopeManager(new MdcScopeManager("traceId", "spanId", "sampled")).build();
    private final BoundedTracer tracer = BoundedTracer.wrap(jaeger, SpanLimits.defaults());
    private final ObservationRegistry registry = ObservationRegistry.create();
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    TracingObservationScopesTest() {
        registry.observationConfig().observationHandler(new TracingObservationHandler(tracer, Set.of()));
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        jaeger.close();
    }

    @Test
    void scopesOpenedOnManyThreadsCloseBackToEachThreadsOwnSpan() throws Exception {
        Observation observation = Observation.start("work", registry);
        int workers = 4;
        CountDownLatch allOpen = new CountDownLatch(workers);
        CompletableFuture<?>[] done = new CompletableFuture<?>[workers];
        for (int i = 0; i < workers; i++) {
            done[i] = CompletableFuture.runAsync(() -> {
                Span own = tracer.buildSpan("own").start();
                try (Scope ignored = tracer.activateSpan(own)) {
                    Observation.Scope outer = observation.openScope();
                    Observation.Scope inner = observation.openScope();
                    allOpen.countDown();
                    await(allOpen);
                    Span inside = tracer.activeSpan();
                    inner.close();
                    assertThat(tracer.activeSpan()).isSameAs(inside);
                    outer.close();
                    // this thread's own span again, whatever the other threads closed meanwhile
                    assertThat(tracer.activeSpan()).isSameAs(own);
                    assertThat(MDC.get("spanId")).isEqualTo(own.context().toSpanId());
                    assertThat(inside.context().toSpanId()).isNotEqualTo(own.context().toSpanId());
                }
                assertThat(tracer.activeSpan()).isNull();
            }, threads);
        }
        CompletableFuture.allOf(done).get(10, TimeUnit.SECONDS);
        observation.stop();
        observation.stop();
        assertThat(reporter.getSpans()).extracting(s -> s.getOperationName()).filteredOn("work"::equals).hasSize(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
