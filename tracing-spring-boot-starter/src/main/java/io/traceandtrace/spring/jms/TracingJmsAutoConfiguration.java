package io.traceandtrace.spring.jms;

import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.observation.TracingObservationAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jms.config.JmsListenerEndpointRegistry;

/**
 * JMS listeners are observed by Spring itself (with io.micrometer:micrometer-jakarta9); this only makes a
 * listener's exception reach its observation, which Spring's listener containers record only when their
 * {@code ErrorHandler} rethrows it.
 */
@AutoConfiguration(after = TracingObservationAutoConfiguration.class)
@ConditionalOnTracing
@ConditionalOnClass(name = {"org.springframework.jms.config.JmsListenerEndpointRegistry",
        "io.micrometer.jakarta9.instrument.jms.JmsInstrumentation"})
@ConditionalOnProperty(prefix = "tracing.observations", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingJmsAutoConfiguration {

    @Bean
    JmsListenerErrorObserver tracingJmsListenerErrorObserver(ObjectProvider<JmsListenerEndpointRegistry> registry) {
        return new JmsListenerErrorObserver(registry);
    }
}
