package io.traceandtrace.spring.actuate;

import io.jaegertracing.spi.Reporter;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Actuator: the {@code traces} endpoint over the recent spans. */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnTracing
@ConditionalOnBean(Reporter.class)
public class TracingActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    public TracesEndpoint tracesEndpoint(Reporter reporter) {
        return new TracesEndpoint(reporter);
    }
}
