package io.traceandtrace.spring.async;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring Boot's task executor, real threads: our decoration and the application's, together. */
class TracingAsyncAutoConfigurationTest {

    private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingAsyncAutoConfiguration.class,
                    TaskExecutionAutoConfiguration.class))
            .withPropertyValues("tracing.reporter.type=memory", "tracing.sampler.type=const", "tracing.sampler.param=1");

    /** An application decorator that carries a tenant into tasks, as MDC-copying decorators do. */
    static TaskDecorator tenantDecorator() {
        return task -> {
            String tenant = TENANT.get();
            return () -> {
                TENANT.set(tenant);
                try {
                    task.run();
                } finally {
                    TENANT.remove();
                }
            };
        };
    }

    private static String runOnBootsExecutor(Tracer tracer, AsyncTaskExecutor executor) throws Exception {
        Span parent = tracer.buildSpan("request").start();
        TENANT.set("acme");
        Future<String> seen;
        try (Scope ignored = tracer.activateSpan(parent)) {
            seen = executor.submit(() -> (tracer.activeSpan() == parent ? "span" : "no span") + ", tenant " + TENANT.get());
        } finally {
            TENANT.remove();
        }
        return seen.get(5, TimeUnit.SECONDS);
    }

    @Test
    void tasksRunUnderTheSubmittersSpan() {
        runner.run(context -> assertThat(runOnBootsExecutor(context.getBean(Tracer.class),
                context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class))).isEqualTo("span, tenant null"));
    }

    @Test
    void anApplicationTaskDecoratorIsComposedWithOursNotReplacedByIt() {
        runner.withBean("tenantDecorator", TaskDecorator.class, TracingAsyncAutoConfigurationTest::tenantDecorator)
                .run(context -> assertThat(runOnBootsExecutor(context.getBean(Tracer.class),
                        context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class))).isEqualTo("span, tenant acme"));
    }

    @Test
    void virtualThreadsModeToo() {
        runner.withPropertyValues("spring.threads.virtual.enabled=true")
                .withBean("tenantDecorator", TaskDecorator.class, TracingAsyncAutoConfigurationTest::tenantDecorator)
                .run(context -> assertThat(runOnBootsExecutor(context.getBean(Tracer.class),
                        context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class))).isEqualTo("span, tenant acme"));
    }

    @Test
    void aDecoratorGivenToBootsThreadPoolBuilderIsComposedWithOurs() {
        runner.run(context -> {
            ThreadPoolTaskExecutor executor = context.getBean(ThreadPoolTaskExecutorBuilder.class)
                    .taskDecorator(tenantDecorator()).build();
            executor.initialize();
            try {
                assertThat(runOnBootsExecutor(context.getBean(Tracer.class), executor)).isEqualTo("span, tenant acme");
            } finally {
                executor.shutdown();
            }
        });
    }

    @Test
    void aDecoratorGivenToBootsSimpleAsyncBuilderIsComposedWithOurs() {
        runner.run(context -> {
            SimpleAsyncTaskExecutor executor = context.getBean(SimpleAsyncTaskExecutorBuilder.class)
                    .taskDecorator(tenantDecorator()).build();
            assertThat(runOnBootsExecutor(context.getBean(Tracer.class), executor)).isEqualTo("span, tenant acme");
        });
    }
}
