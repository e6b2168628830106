package io.traceandtrace.spring.actuate;

import io.jaegertracing.spi.MetricsFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Jaeger's tracer and reporter metrics into Micrometer ({@code jaeger.tracer.*}): spans started,
 * finished, reported, failed, dropped, the queue length. Ordered before the tracer's
 * auto-configuration, so the tracer finds the {@link MetricsFactory} when it is built.
 */
@AutoConfiguration(before = TracingAutoConfiguration.class, afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "tracing", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public MetricsFactory tracingMicrometerMetricsFactory(MeterRegistry registry) {
        return new MicrometerMetricsFactory(registry);
    }
}
