package io.traceandtrace.spring.traced;

import io.opentracing.Tracer;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Spans for {@code @Traced} methods, in any application, web or not, through plain Spring AOP (no
 * AspectJ). The proxy kind follows the application's {@code spring.aop.proxy-target-class}
 * (class proxies by default, as in Spring Boot).
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnClass(MethodInterceptor.class)
@ConditionalOnTracing
@ConditionalOnProperty(prefix = "tracing.traced", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracedAutoConfiguration {

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static TracedMethodInterceptor tracedMethodInterceptor(ObjectProvider<Tracer> tracer) {
        return new TracedMethodInterceptor(tracer);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static TracedBeanPostProcessor tracedBeanPostProcessor(TracedMethodInterceptor tracedMethodInterceptor,
                                                           Environment environment) {
        return new TracedBeanPostProcessor(tracedMethodInterceptor,
                environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true));
    }
}
