package io.traceandtrace.spring.virtualthreads;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.async.TracingAsyncAutoConfiguration;
import io.traceandtrace.spring.contextpropagation.TracingContextPropagationAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.AsyncTaskExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Virtual threads (Java 21+, {@code spring.threads.virtual.enabled}): Boot then runs tasks on a
 * {@code SimpleAsyncTaskExecutor} from its builder. The builder path runs on Java 17 too; the
 * virtual-thread cases run only on a Java 21+ JVM (see the README for the command).
 */
class VirtualThreadsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingAsyncAutoConfiguration.class,
                    TaskExecutionAutoConfiguration.class, TracingContextPropagationAutoConfiguration.class))
            .withPropertyValues("tracing.reporter.type=memory", "tracing.sampler.type=const", "tracing.sampler.param=1");

    /** What a task sees: "activeSpanId mdcSpanId virtual". */
    private static Callable<String> seen(Tracer tracer) {
        return () -> {
            Span active = tracer.activeSpan();
            return (active == null ? "null" : active.context().toSpanId()) + " " + MDC.get("spanId") + " " + isVirtual();
        };
    }

    private static boolean isVirtual() throws Exception {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
        } catch (NoSuchMethodException java17) {
            return false;
        }
    }

    /** A task submitted under a span sees that span and its ids in the MDC, on a virtual thread or not. */
    private static void assertCarried(Tracer tracer, ExecutorOf executor, boolean virtual) throws Exception {
        Span span = tracer.buildSpan("request").start();
        String seen;
        try (Scope ignored = tracer.activateSpan(span)) {
            seen = executor.submit(seen(tracer)).get(10, TimeUnit.SECONDS);
        }
        span.finish();
        String id = span.context().toSpanId();
        assertThat(seen).isEqualTo(id + " " + id + " " + virtual);
    }

    private interface ExecutorOf {
        Future<String> submit(Callable<String> task);
    }

    @Test
    void bootsSimpleAsyncTaskExecutorFromItsBuilderCarriesTheSpan() {
        runner.run(context -> assertCarried(context.getBean(Tracer.class),
                context.getBean(SimpleAsyncTaskExecutorBuilder.class).build()::submit, false));
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void theApplicationTaskExecutorOnVirtualThreadsCarriesTheSpan() {
        runner.withPropertyValues("spring.threads.virtual.enabled=true").run(context -> assertCarried(context.getBean(Tracer.class),
                context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class)::submit, true));
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aContextSnapshotWrappedVirtualThreadPerTaskExecutorCarriesEachSubmittersSpan() {
        runner.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            ExecutorService virtual = (ExecutorService) java.util.concurrent.Executors.class
                    .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            ExecutorService wrapped = ContextExecutorService.wrap(virtual, ContextSnapshotFactory.builder().build());
            try {
                List<Span> spans = new ArrayList<>();
                List<Future<String>> seen = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    Span span = tracer.buildSpan("task-" + i).start();
                    try (Scope ignored = tracer.activateSpan(span)) {
                        seen.add(wrapped.submit(seen(tracer)));
                    }
                    span.finish();
                    spans.add(span);
                }
                for (int i = 0; i < spans.size(); i++) {
                    String id = spans.get(i).context().toSpanId();
                    assertThat(seen.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(id + " " + id + " true");
                }
            } finally {
                virtual.shutdownNow();
            }
        });
    }
}
