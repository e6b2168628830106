package io.traceandtrace.spring.async;

import io.opentracing.Tracer;
import io.traceandtrace.core.concurrent.TracingExecutors;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;

/**
 * Carries the active span into {@code @Async} methods and tasks of Spring Boot's auto-configured
 * executor, through a {@link TaskDecorator} that Boot applies to it.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class, before = TaskExecutionAutoConfiguration.class)
@ConditionalOnTracing
@ConditionalOnProperty(prefix = "tracing.async", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingAsyncAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(TaskDecorator.class)
    public TaskDecorator tracingTaskDecorator(Tracer tracer) {
        return task -> TracingExecutors.wrap(task, tracer);
    }
}
