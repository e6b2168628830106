package io.traceandtrace.spring.actuate;

import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.recent.RecentTraces;
import io.traceandtrace.core.export.ExportStats;
import io.traceandtrace.core.tracer.TracerMetrics;
import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Actuator: the {@code traces} endpoint, the export pipeline's health, and tracer metrics in Micrometer. */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnTracing
public class TracingActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(RecentTraces.class)
    @ConditionalOnAvailableEndpoint
    public TracesEndpoint tracesEndpoint(RecentTraces recentTraces) {
        return new TracesEndpoint(recentTraces);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnBean({TracerSettings.class, ExportStats.class, TracerMetrics.class})
    @ConditionalOnEnabledHealthIndicator("tracing")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "tracingHealthIndicator")
        ExportHealthIndicator tracingHealthIndicator(TracerSettings settings, ExportStats stats, TracerMetrics tracerMetrics,
                                                     ObjectProvider<ExportPipeline<?>> pipeline) {
            ExportPipeline<?> ours = pipeline.getIfUnique();
            return new ExportHealthIndicator(settings, stats, tracerMetrics, ours == null ? null : ours.exporter().describe(), ours);
        }
    }
}
