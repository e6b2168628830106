package io.traceandtrace.spring.scheduling;

import io.micrometer.observation.ObservationRegistry;
import io.opentracing.Tracer;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.TracingProperties;
import io.traceandtrace.spring.observation.TracingObservationAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.TaskManagementConfigUtils;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Each run of a {@code @Scheduled} method is a span: the root of its own trace. With Actuator, Spring Boot
 * hands its {@link ObservationRegistry} to the scheduler and registers our handler in it; without Actuator,
 * this configuration does both, leaving a registry the application gave its scheduler in place.
 */
@AutoConfiguration(after = {TracingAutoConfiguration.class, TracingObservationAutoConfiguration.class},
        beforeName = TracingSchedulingAutoConfiguration.BOOT_OBSERVATIONS)
@ConditionalOnTracing
@ConditionalOnClass({ObservationRegistry.class, ScheduledTaskObservationContext.class})
@ConditionalOnProperty(prefix = "tracing.observations", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(prefix = "tracing.scheduling", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingSchedulingAutoConfiguration {

    static final String BOOT_OBSERVATIONS = "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration";

    @Bean
    @ConditionalOnMissingBean
    public ScheduledJobSpans scheduledJobSpans(Tracer tracer, TracingProperties properties) {
        return new ScheduledJobSpans(tracer, properties.getScheduling().getSkip());
    }

    /** No Actuator: nobody else gives the scheduler a registry or registers handlers in it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass(BOOT_OBSERVATIONS)
    static class WithoutActuator {

        @Bean
        @ConditionalOnBean(name = TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)
        SchedulingConfigurer tracingSchedulingConfigurer(ObjectProvider<ObservationRegistry> registry) {
            return registrar -> {
                if (registrar.getObservationRegistry() == null) {
                    registry.ifUnique(registrar::setObservationRegistry);
                }
            };
        }

        @Bean
        static BeanPostProcessor scheduledJobSpansRegistrar(ObjectProvider<ScheduledJobSpans> handler) {
            return TracingObservationAutoConfiguration.handlerRegistrar(handler);
        }
    }
}
