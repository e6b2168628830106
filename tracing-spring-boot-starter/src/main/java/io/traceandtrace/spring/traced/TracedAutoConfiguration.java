package io.traceandtrace.spring.traced;

import io.opentracing.Tracer;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.aspectj.weaver.Advice;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.EnableAspectJAutoProxy;

/**
 * Spans for {@code @Traced} methods, in any application, web or not. Turns auto-proxying on but
 * leaves the proxy kind to the application ({@code spring.aop.proxy-target-class}).
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnClass(Advice.class)
@ConditionalOnTracing
@ConditionalOnProperty(prefix = "tracing.traced", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableAspectJAutoProxy
public class TracedAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public TracedAspect tracedAspect(Tracer tracer) {
        return new TracedAspect(tracer);
    }
}
