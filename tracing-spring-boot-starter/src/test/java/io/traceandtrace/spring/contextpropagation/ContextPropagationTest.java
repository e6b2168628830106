package io.traceandtrace.spring.contextpropagation;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Our active span through context-propagation's ContextSnapshot, on real threads; and when it is registered. */
class ContextPropagationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
                    TracingContextPropagationAutoConfiguration.class))
            .withPropertyValues("tracing.reporter.type=memory", "tracing.sampler.type=const", "tracing.sampler.param=1");

    private static boolean registered() {
        return ContextRegistry.getInstance().getThreadLocalAccessors().stream()
                .anyMatch(accessor -> ActiveSpanAccessor.KEY.equals(accessor.key()));
    }

    /** What a thread sees: "activeSpanId mdcSpanId", "null null" when clean. */
    private static String seen(Tracer tracer) {
        Span active = tracer.activeSpan();
        return (active == null ? "null" : active.context().toSpanId()) + " " + MDC.get("spanId");
    }

    @Test
    void registeredWithTheGlobalRegistryByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(TracingContextPropagationAutoConfiguration.ActiveSpanRegistration.class);
            assertThat(registered()).isTrue();
        });
    }

    @Test
    void offBySwitchWithoutContextPropagationOrWithoutTracing() {
        runner.withPropertyValues("tracing.context-propagation.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(TracingContextPropagationAutoConfiguration.ActiveSpanRegistration.class));
        runner.withPropertyValues("tracing.enabled=false").run(context ->
                assertThat(context).hasNotFailed()
                        .doesNotHaveBean(TracingContextPropagationAutoConfiguration.ActiveSpanRegistration.class));
        runner.withClassLoader(new FilteredClassLoader(ContextRegistry.class)).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(Tracer.class)
                        .doesNotHaveBean(TracingContextPropagationAutoConfiguration.ActiveSpanRegistration.class));
    }

    @Test
    void aSnapshotWrappedExecutorRunsTheTaskUnderTheSubmittersSpanAndLeavesTheWorkerClean() {
        runner.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            ExecutorService wrapped = ContextExecutorService.wrap(pool, ContextSnapshotFactory.builder().build());
            try {
                Span span = tracer.buildSpan("submitter").start();
                String inTask;
                try (Scope ignored = tracer.activateSpan(span)) {
                    inTask = wrapped.submit(() -> seen(tracer)).get(10, TimeUnit.SECONDS);
                }
                span.finish();
                assertThat(inTask).isEqualTo(span.context().toSpanId() + " " + span.context().toSpanId());
                assertThat(pool.submit(() -> seen(tracer)).get(10, TimeUnit.SECONDS)).as("the worker afterwards").isEqualTo("null null");
            } finally {
                pool.shutdownNow();
            }
        });
    }

    @Test
    void aSnapshotWithNoSpanHidesAWorkersStaleSpanAndPutsItBack() {
        runner.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            ExecutorService wrapped = ContextExecutorService.wrap(pool,
                    ContextSnapshotFactory.builder().clearMissing(true).build());
            try {
                Span stale = tracer.buildSpan("stale").start();
                Scope[] leaked = new Scope[1];
                pool.submit(() -> leaked[0] = tracer.activateSpan(stale)).get(10, TimeUnit.SECONDS); // a task that leaks its scope
                assertThat(wrapped.submit(() -> seen(tracer)).get(10, TimeUnit.SECONDS))
                        .as("a task submitted with no span active is nobody's child").isEqualTo("null null");
                String staleIds = stale.context().toSpanId() + " " + stale.context().toSpanId();
                assertThat(pool.submit(() -> seen(tracer)).get(10, TimeUnit.SECONDS)).as("the worker's own scope is back").isEqualTo(staleIds);
                pool.submit(() -> leaked[0].close()).get(10, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
        });
    }

    @Test
    void concurrentSubmittersEachGetTheirOwnSpanOnSharedWorkers() {
        runner.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            ExecutorService workers = Executors.newFixedThreadPool(4);
            ExecutorService wrapped = ContextExecutorService.wrap(workers,
                    ContextSnapshotFactory.builder().clearMissing(true).build());
            ExecutorService submitters = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<List<String>>> mismatches = new ArrayList<>();
                for (int s = 0; s < 8; s++) {
                    boolean withSpan = s % 4 != 0; // some submit with no span: their tasks must see none
                    mismatches.add(submitters.submit(() -> {
                        start.await();
                        List<String> wrong = new ArrayList<>();
                        for (int i = 0; i < 200; i++) {
                            Span span = withSpan ? tracer.buildSpan("task").start() : null;
                            String expected = span == null ? "null null" : span.context().toSpanId() + " " + span.context().toSpanId();
                            Callable<String> task = () -> seen(tracer);
                            String actual;
                            if (span == null) {
                                actual = wrapped.submit(task).get(10, TimeUnit.SECONDS);
                            } else {
                                try (Scope ignored = tracer.activateSpan(span)) {
                                    actual = wrapped.submit(task).get(10, TimeUnit.SECONDS);
                                }
                                span.finish();
                            }
                            if (!expected.equals(actual)) {
                                wrong.add(expected + " saw " + actual);
                            }
                        }
                        return wrong;
                    }));
                }
                start.countDown();
                for (Future<List<String>> wrong : mismatches) {
                    assertThat(wrong.get(60, TimeUnit.SECONDS)).isEmpty();
                }
                for (int i = 0; i < 16; i++) {
                    assertThat(workers.submit(() -> seen(tracer)).get(10, TimeUnit.SECONDS)).isEqualTo("null null");
                }
            } finally {
                submitters.shutdownNow();
                workers.shutdownNow();
            }
        });
    }
}
