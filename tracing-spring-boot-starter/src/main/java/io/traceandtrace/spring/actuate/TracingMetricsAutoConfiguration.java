package io.traceandtrace.spring.actuate;

import io.jaegertracing.spi.MetricsFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.traceandtrace.core.export.ExportStats;
import io.traceandtrace.core.recent.RecentTraces;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Jaeger's tracer metrics into Micrometer ({@code jaeger.tracer.*}): spans and traces started,
 * spans finished; the export pipeline's counts ({@code tracing.export.spans}, {@code tracing.export.retries})
 * and its queue's spans and bytes
 * ({@code tracing.export.queue.*}), read from the queue at each scrape. Ordered before the tracer's
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

    /** The export queue as gauges read when scraped: a worker stuck in a retry cannot freeze them. */
    @Bean
    @ConditionalOnMissingBean(name = "tracingExportQueueMeters")
    public MeterBinder tracingExportQueueMeters(ObjectProvider<ExportStats> stats) {
        return registry -> {
            ExportStats export = stats.getIfUnique();
            if (export == null) {
                return;
            }
            Gauge.builder(MicrometerMetricsFactory.meterName(ExportStats.QUEUE_SPANS_METRIC), export, ExportStats::queueSpans)
                    .description("Finished spans waiting in the export queue").strongReference(true).register(registry);
            Gauge.builder(MicrometerMetricsFactory.meterName(ExportStats.QUEUE_BYTES_METRIC), export, ExportStats::queueBytes)
                    .description("Bytes of the spans held for export, queued or being sent").baseUnit("bytes")
                    .strongReference(true).register(registry);
        };
    }

    /** What the recent-traces store holds, and the spans it turned away for its new-traces-a-second bound. */
    @Bean
    @ConditionalOnMissingBean(name = "tracingRecentTracesMeters")
    public MeterBinder tracingRecentTracesMeters(ObjectProvider<RecentTraces> recent) {
        return registry -> {
            RecentTraces store = recent.getIfUnique();
            if (store == null || !store.enabled()) {
                return;
            }
            Gauge.builder("tracing.recent.spans", store, RecentTraces::spanCount)
                    .description("Spans held in the recent traces").strongReference(true).register(registry);
            FunctionCounter.builder("tracing.recent.refused.spans", store, RecentTraces::refusedSpanCount)
                    .description("Spans not kept in the recent traces: their trace came beyond tracing.recent.max-traces-per-second")
                    .register(registry); // held weakly: the store is a bean of the context
        };
    }
}
