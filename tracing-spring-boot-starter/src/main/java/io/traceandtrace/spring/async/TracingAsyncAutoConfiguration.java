package io.traceandtrace.spring.async;

import io.opentracing.Tracer;
import io.traceandtrace.core.concurrent.TracingExecutors;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.task.SimpleAsyncTaskExecutorCustomizer;
import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.util.ReflectionUtils;

import java.lang.reflect.Field;

/**
 * Carries the active span into {@code @Async} methods and tasks of executors built by Spring Boot
 * (its {@code applicationTaskExecutor} and any executor from its builders). Our decoration is
 * added to the decorator the executor already has (the application's {@link TaskDecorator} bean,
 * or one given to Boot's builder), never in its place: the two are composed, ours outermost so
 * the application's decorator runs under the span too.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class, before = TaskExecutionAutoConfiguration.class)
@ConditionalOnTracing
@ConditionalOnProperty(prefix = "tracing.async", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingAsyncAutoConfiguration {

    /**
     * Our decoration around the one the executor already has: the builder's (Boot sets the
     * application's {@link TaskDecorator} bean there, a user may set another), never in its place.
     */
    static TaskDecorator composed(Tracer tracer, TaskDecorator existing) {
        return existing instanceof TracingTaskDecorator ? existing : new TracingTaskDecorator(tracer, existing);
    }

    /** The decorator set on {@code executor} so far; the application's bean when it cannot be read. */
    static TaskDecorator existing(Object executor, ObjectProvider<TaskDecorator> application) {
        // Spring offers no getter, and a customizer runs after the builder set it: read it to add to it
        Field field = ReflectionUtils.findField(executor.getClass(), "taskDecorator", TaskDecorator.class);
        if (field == null) {
            return application.getIfUnique();
        }
        ReflectionUtils.makeAccessible(field);
        return (TaskDecorator) ReflectionUtils.getField(field, executor);
    }

    /** Runs each task under the span active when it was submitted, outermost so an inner decorator runs under it too. */
    static final class TracingTaskDecorator implements TaskDecorator {
        private final Tracer tracer;
        private final TaskDecorator inner;

        TracingTaskDecorator(Tracer tracer, TaskDecorator inner) {
            this.tracer = tracer;
            this.inner = inner;
        }

        @Override
        public Runnable decorate(Runnable task) {
            return TracingExecutors.wrap(inner == null ? task : inner.decorate(task), tracer);
        }
    }

    @Bean
    @ConditionalOnMissingBean(name = "tracingThreadPoolTaskExecutorCustomizer")
    public ThreadPoolTaskExecutorCustomizer tracingThreadPoolTaskExecutorCustomizer(
            Tracer tracer, ObjectProvider<TaskDecorator> application) {
        return executor -> executor.setTaskDecorator(composed(tracer, existing(executor, application)));
    }

    @Bean
    @ConditionalOnMissingBean(name = "tracingSimpleAsyncTaskExecutorCustomizer")
    public SimpleAsyncTaskExecutorCustomizer tracingSimpleAsyncTaskExecutorCustomizer(
            Tracer tracer, ObjectProvider<TaskDecorator> application) {
        return executor -> executor.setTaskDecorator(composed(tracer, existing(executor, application)));
    }
}
