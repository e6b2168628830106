package io.traceandtrace.spring.observation;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.opentracing.Tracer;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.TracingProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.HashSet;

/**
 * Spans for everything Spring instruments with Micrometer Observations. With Actuator, Spring Boot's
 * {@code ObservationAutoConfiguration} registers our handler in its registry like any other
 * {@link ObservationHandler} bean; without it, this configuration provides the registry (or registers the
 * handler in the application's own), so observations are traced either way.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class,
        beforeName = "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration")
@ConditionalOnTracing
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnProperty(prefix = "tracing.observations", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingObservationAutoConfiguration {

    static final String BOOT_OBSERVATIONS = "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration";

    @Bean
    @ConditionalOnMissingBean
    public TracingObservationHandler tracingObservationHandler(Tracer tracer, TracingProperties properties) {
        return new TracingObservationHandler(tracer, new HashSet<>(properties.getObservations().getSkipNames()));
    }

    /** No Actuator: nobody else builds a registry or registers handlers in it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass(BOOT_OBSERVATIONS)
    static class WithoutActuator {

        @Bean
        @ConditionalOnMissingBean
        ObservationRegistry observationRegistry() {
            return ObservationRegistry.create();
        }

        @Bean
        static BeanPostProcessor tracingObservationRegistrar(ObjectProvider<TracingObservationHandler> handler) {
            return handlerRegistrar(handler);
        }
    }

    /** Without Actuator: adds the handler, when there is one, to every registry of the context. */
    public static BeanPostProcessor handlerRegistrar(ObjectProvider<? extends ObservationHandler<?>> handler) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof ObservationRegistry registry && registry != ObservationRegistry.NOOP) {
                    handler.ifAvailable(h -> registry.observationConfig().observationHandler(h));
                }
                return bean;
            }
        };
    }
}
