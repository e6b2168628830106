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
import org.springframework.core.task.support.CompositeTaskDecorator;

import java.util.ArrayList;
import java.util.List;

/**
 * Carries the active span into {@code @Async} methods and tasks of executors built by Spring Boot
 * (its {@code applicationTaskExecutor} and any executor from its builders). Our decoration is
 * added to the application's own {@link TaskDecorator} bean, never in its place: the two are
 * composed, ours outermost so the application's decorator runs under the span too.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class, before = TaskExecutionAutoConfiguration.class)
@ConditionalOnTracing
@ConditionalOnProperty(prefix = "tracing.async", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingAsyncAutoConfiguration {

    static TaskDecorator composed(Tracer tracer, ObjectProvider<TaskDecorator> application) {
        TaskDecorator ours = task -> TracingExecutors.wrap(task, tracer);
        List<TaskDecorator> decorators = new ArrayList<>(2);
        // the one Boot itself applies: a unique TaskDecorator bean
        TaskDecorator theirs = application.getIfUnique();
        if (theirs != null) {
            decorators.add(theirs);
        }
        decorators.add(ours);
        return decorators.size() == 1 ? ours : new CompositeTaskDecorator(decorators);
    }

    @Bean
    @ConditionalOnMissingBean(name = "tracingThreadPoolTaskExecutorCustomizer")
    public ThreadPoolTaskExecutorCustomizer tracingThreadPoolTaskExecutorCustomizer(
            Tracer tracer, ObjectProvider<TaskDecorator> application) {
        return executor -> executor.setTaskDecorator(composed(tracer, application));
    }

    @Bean
    @ConditionalOnMissingBean(name = "tracingSimpleAsyncTaskExecutorCustomizer")
    public SimpleAsyncTaskExecutorCustomizer tracingSimpleAsyncTaskExecutorCustomizer(
            Tracer tracer, ObjectProvider<TaskDecorator> application) {
        return executor -> executor.setTaskDecorator(composed(tracer, application));
    }
}
