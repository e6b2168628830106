package io.traceandtrace.spring;

import io.jaegertracing.internal.metrics.NoopMetricsFactory;
import io.jaegertracing.internal.reporters.NoopReporter;
import io.opentracing.ScopeManager;
import io.opentracing.Tracer;
import io.jaegertracing.spi.MetricsFactory;
import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.export.ExportStats;
import io.traceandtrace.core.export.SpanExporter;
import io.traceandtrace.core.concurrent.MdcScopeManager;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.recent.RecentTraces;
import io.traceandtrace.core.tracer.TracerFactory;
import io.traceandtrace.core.tracer.TracerMetrics;
import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.core.settings.InvalidTracerSettingException;
import io.traceandtrace.core.settings.ReporterType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * The tracer: a {@link BoundedTracer} over Jaeger, built from {@code tracing.*}, the
 * {@code JAEGER_*} variables and {@link TracerSettingsCustomizer} beans. A user's own
 * {@link Tracer} bean wins. Closed, and so flushed, when the context closes.
 */
@AutoConfiguration
@ConditionalOnClass({Tracer.class, BoundedTracer.class})
@ConditionalOnProperty(prefix = "tracing", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TracingProperties.class)
public class TracingAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TracingAutoConfiguration.class);

    /** MDC keys that carry the active span's ids into log lines. */
    public static final String MDC_TRACE_ID = "traceId";
    public static final String MDC_SPAN_ID = "spanId";
    public static final String MDC_SAMPLED = "sampled";

    @Bean
    @ConditionalOnMissingBean
    public TracerSettings tracerSettings(TracingProperties properties, Environment environment,
                                         ObjectProvider<TracerSettingsCustomizer> customizers) {
        TracerSettings.Builder builder = TracerSettingsBinder.bind(properties, environment);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** What the export pipeline queued, sent and dropped, by reason; retries; the queue; its last error. */
    @Bean
    @ConditionalOnMissingBean
    public ExportStats tracingExportStats(ObjectProvider<MetricsFactory> metricsFactory) {
        return new ExportStats(metricsFactory.getIfUnique(NoopMetricsFactory::new));
    }

    /** Jaeger's own tracer metrics, into any {@link MetricsFactory} bean (Micrometer's, with Actuator), and the started-span count. */
    @Bean
    @ConditionalOnMissingBean
    public TracerMetrics tracingMetrics(ObjectProvider<MetricsFactory> metricsFactory) {
        return TracerMetrics.to(metricsFactory.getIfUnique(NoopMetricsFactory::new));
    }

    /**
     * Encodes and sends spans to the backend of {@code tracing.reporter.type}; a {@link SpanExporter}
     * bean of the application's replaces it. Closed by the pipeline.
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(value = {SpanExporter.class, io.jaegertracing.spi.Reporter.class, Tracer.class},
            ignored = RecentTraces.class)
    public SpanExporter<?> tracingSpanExporter(TracerSettings settings) {
        return TracerFactory.buildExporter(settings);
    }

    /**
     * The one export pipeline: a bounded queue and one worker in front of the exporter. Not built when
     * the application brings its own {@link Tracer} or reporter.
     */
    @Bean
    @ConditionalOnMissingBean(value = {io.jaegertracing.spi.Reporter.class, Tracer.class},
            ignored = RecentTraces.class)
    public ExportPipeline<?> tracingExportPipeline(TracerSettings settings, SpanExporter<?> tracingSpanExporter,
                                                   ExportStats stats, ObjectProvider<RecentTraces> recentTraces) {
        RecentTraces recent = recentTraces.getIfAvailable();
        boolean keepsRecent = recent != null && recent.enabled();
        if (settings.reporterType() == ReporterType.MEMORY && !keepsRecent) {
            // the memory reporter sends nothing: the recent-traces store is where its spans are kept
            throw new InvalidTracerSettingException("reporter.type", "memory", "the recent-traces store on for it, "
                    + "tracing.recent.max-spans and tracing.recent.max-bytes above 0 (memory keeps spans there only); "
                    + "or reporter type none to keep nothing");
        }
        // the recent traces are fed by the export thread, beside the exporter
        List<io.jaegertracing.spi.Reporter> sinks = keepsRecent ? List.of(recent) : List.of();
        return TracerFactory.pipeline(tracingSpanExporter, settings, stats, sinks);
    }

    /** Closes the tracer, sending what it holds, after the web and gRPC servers stopped taking requests. */
    @Bean
    @ConditionalOnMissingBean
    public TracingShutdown tracingShutdown(ObjectProvider<BoundedTracer> tracer) {
        return new TracingShutdown(tracer);
    }

    /** Keeps the active span's trace and span ids in the MDC: {@value #MDC_TRACE_ID}, {@value #MDC_SPAN_ID}. */
    @Bean
    @ConditionalOnMissingBean
    public ScopeManager tracingScopeManager() {
        return new MdcScopeManager(MDC_TRACE_ID, MDC_SPAN_ID, MDC_SAMPLED);
    }

    /** The most recent traces, kept beside whatever reporter is configured, for /actuator/traces and the trace page. */
    @Bean
    @ConditionalOnMissingBean
    public RecentTraces tracingRecentTraces(TracingProperties properties) {
        TracingProperties.Recent recent = properties.getRecent();
        return new RecentTraces(recent.getMaxSpans(), recent.getMaxBytes() == null ? 0 : recent.getMaxBytes().toBytes(),
                recent.getMaxTracesPerSecond());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Tracer.class)
    public BoundedTracer tracer(TracerSettings settings, ObjectProvider<ExportPipeline<?>> pipeline,
                                ObjectProvider<io.jaegertracing.spi.Reporter> reporters,
                                ScopeManager tracingScopeManager, TracerMetrics tracingMetrics, ExportStats stats) {
        log.info("Tracing {}", settings);
        // our pipeline, or the application's own reporter (the recent traces are a sink, never the reporter)
        io.jaegertracing.spi.Reporter reporter = pipeline.getIfAvailable();
        if (reporter == null) {
            reporter = reporters.orderedStream().filter(r -> !(r instanceof RecentTraces)).findFirst()
                    .orElseGet(NoopReporter::new);
        }
        return new TracerFactory(settings)
                .reporter(reporter)
                .metrics(tracingMetrics)
                .exportStats(stats)
                .scopeManager(tracingScopeManager)
                .create();
    }
}
