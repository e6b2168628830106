package io.traceandtrace.core.tracer;

import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.ReporterEncoding;
import io.traceandtrace.core.settings.Compression;
import io.traceandtrace.core.settings.OtlpProtocol;
import io.jaegertracing.internal.JaegerObjectFactory;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.metrics.Metrics;
import io.jaegertracing.internal.reporters.LoggingReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.internal.samplers.HttpSamplingManager;
import io.jaegertracing.internal.samplers.ProbabilisticSampler;
import io.jaegertracing.internal.samplers.RateLimitingSampler;
import io.jaegertracing.internal.samplers.RemoteControlledSampler;
import io.jaegertracing.spi.Reporter;
import io.jaegertracing.spi.Sampler;
import io.opentracing.ScopeManager;
import io.opentracing.propagation.Format;
import io.traceandtrace.core.export.DiscardExporter;
import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.export.ExportStats;
import io.traceandtrace.core.export.HttpTransport;
import io.traceandtrace.core.export.SpanExporter;
import io.traceandtrace.core.export.jaeger.JaegerHttpExporter;
import io.traceandtrace.core.export.jaeger.JaegerUdpExporter;
import io.traceandtrace.core.export.logging.LoggingExporter;
import io.traceandtrace.core.export.skywalking.SkyWalkingExporter;
import io.traceandtrace.core.export.otlp.OtlpGrpcExporter;
import io.traceandtrace.core.export.otlp.OtlpHttpExporter;
import io.traceandtrace.core.export.zipkin.ZipkinExporter;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.propagation.MultiFormatCodec;
import io.traceandtrace.core.skywalking.SkyWalkingObjectFactory;
import zipkin2.reporter.Encoding;
import io.traceandtrace.core.sampling.DeferredSamplingObjectFactory;
import io.traceandtrace.core.sampling.RuleBasedSampler;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link BoundedTracer} over a Jaeger tracer from {@link TracerSettings}: sampler,
 * propagation codecs, process tags, and the export path (exporter of {@code reporter.type} behind
 * one {@link ExportPipeline}).
 *
 * <p>The starter assembles the same parts as {@link #create()}, each a bean it can replace:
 * {@link #buildExporter}, then {@link #pipeline}, then this factory with {@link #reporter} set to
 * that pipeline. The tracer registers no JVM shutdown hook: its owner closes it, and
 * {@link BoundedTracer#close()} sends every finished span before it returns (within the shutdown
 * timeout).
 */
public final class TracerFactory {

    private final TracerSettings settings;
    private TracerMetrics metrics = TracerMetrics.noop();
    private ExportStats exportStats = new ExportStats();
    private ScopeManager scopeManager;
    private SpanExporter<?> exporter;
    private Reporter reporter;
    private final List<Reporter> sinks = new ArrayList<>();
    private ExportPipeline<?> pipeline;

    public TracerFactory(TracerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public static BoundedTracer create(TracerSettings settings) {
        return new TracerFactory(settings).create();
    }

    /** Jaeger's own metrics and the started-span count ({@link TracerMetrics#to} publishes them). */
    public TracerFactory metrics(TracerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        return this;
    }

    /** What the export pipeline counts into: sent, dropped by reason, retries, the queue, the last error. */
    public TracerFactory exportStats(ExportStats exportStats) {
        this.exportStats = Objects.requireNonNull(exportStats, "exportStats");
        return this;
    }

    public ExportStats exportStats() {
        return exportStats;
    }

    /** The pipeline {@link #create()} built, or null when a reporter of the caller's was used. */
    public ExportPipeline<?> pipeline() {
        return pipeline;
    }

    /** The scope manager to keep active spans in; Jaeger's thread-local one when not set. */
    public TracerFactory scopeManager(ScopeManager scopeManager) {
        this.scopeManager = scopeManager;
        return this;
    }

    /** Send through this exporter instead of the one of {@code reporter.type}; the pipeline closes it. */
    public TracerFactory exporter(SpanExporter<?> exporter) {
        this.exporter = exporter;
        return this;
    }

    /** Hand finished spans to this reporter (an already built pipeline, or the caller's own) instead of a new pipeline. */
    public TracerFactory reporter(Reporter reporter) {
        this.reporter = reporter;
        return this;
    }

    /** Also hand every finished span to this reporter, on the export thread (not with {@link #reporter}). */
    public TracerFactory addReporter(Reporter additional) {
        this.sinks.add(Objects.requireNonNull(additional, "additional"));
        return this;
    }

    public BoundedTracer create() {
        Reporter effective;
        if (reporter != null) {
            effective = reporter; // the caller's own: it sees every span, and so do they
        } else {
            SpanExporter<?> chosen = exporter != null ? exporter : buildExporter(settings);
            pipeline = pipeline(chosen, settings, exportStats, sinks);
            effective = pipeline;
        }

        MultiFormatCodec httpCodec = MultiFormatCodec.of(settings.propagation(), true);
        MultiFormatCodec textCodec = MultiFormatCodec.of(settings.propagation(), false);
        Sampler sampler = buildSampler(settings, metrics.jaeger());
        JaegerObjectFactory objects = settings.skywalkingSegments()
                ? new SkyWalkingObjectFactory(settings.serviceName(), settings.skywalkingInstance())
                : new JaegerObjectFactory();
        // a B3 caller may leave the sampling decision to us: our sampler decides, not Jaeger's copy of its flags
        JaegerTracer.Builder builder = new JaegerTracer.Builder(settings.serviceName(),
                new DeferredSamplingObjectFactory(objects, sampler)) {
        }
                .withReporter(effective)
                .withSampler(sampler)
                .withMetrics(metrics.jaeger())
                .withManualShutdown()
                .registerInjector(Format.Builtin.HTTP_HEADERS, httpCodec)
                .registerExtractor(Format.Builtin.HTTP_HEADERS, httpCodec)
                .registerInjector(Format.Builtin.TEXT_MAP, textCodec)
                .registerExtractor(Format.Builtin.TEXT_MAP, textCodec);
        if (scopeManager != null) {
            builder.withScopeManager(scopeManager);
        }
        if (settings.traceId128Bit()) {
            builder.withTraceId128Bit();
        }
        for (Map.Entry<String, String> tag : settings.tags().entrySet()) {
            builder.withTag(tag.getKey(), tag.getValue());
        }
        return BoundedTracer.wrap(builder.build(), settings.spanLimits());
    }

    static Sampler buildSampler(TracerSettings settings, Metrics metrics) {
        Sampler global = buildGlobalSampler(settings, metrics);
        return settings.samplingRules().isEmpty() ? global : new RuleBasedSampler(settings.samplingRules(), global);
    }

    private static Sampler buildGlobalSampler(TracerSettings settings, Metrics metrics) {
        double param = settings.samplerParam();
        return switch (settings.samplerType()) {
            case CONST -> new ConstSampler(param != 0);
            case PROBABILISTIC -> new ProbabilisticSampler(param);
            case RATELIMITING -> new RateLimitingSampler(param);
            case REMOTE -> new RemoteControlledSampler.Builder(settings.serviceName())
                    .withSamplingManager(new HttpSamplingManager(settings.samplerManagerHostPort()))
                    .withInitialSampler(new ProbabilisticSampler(param))
                    .withMetrics(metrics)
                    .build();
        };
    }

    /**
     * The export pipeline the settings describe around {@code exporter}: one bounded queue and worker;
     * {@code sinks} (and the span log, with {@code log-spans}) also get every span, on the worker thread.
     */
    public static <E> ExportPipeline<E> pipeline(SpanExporter<E> exporter, TracerSettings settings, ExportStats stats,
                                                 List<Reporter> sinks) {
        ExportPipeline.Builder<E> pipeline = ExportPipeline.builder(exporter)
                .stats(stats)
                .maxQueueSpans(settings.maxQueueSize())
                .maxQueueBytes(settings.maxQueueBytes())
                .flushInterval(settings.flushInterval())
                .maxRetryAge(settings.maxRetryAge())
                .shutdownTimeout(settings.shutdownTimeout());
        if (settings.logSpans() && settings.reporterType() != ReporterType.LOGGING) {
            pipeline.sink(new LoggingReporter());
        }
        sinks.forEach(pipeline::sink);
        return pipeline.build();
    }

    /** The exporter of {@code reporter.type}: one line per exporter. */
    public static SpanExporter<?> buildExporter(TracerSettings settings) {
        return switch (settings.reporterType()) {
            case JAEGER_UDP -> new JaegerUdpExporter(settings.agentHost(), settings.agentPort());
            case JAEGER_HTTP -> new JaegerHttpExporter(http(settings, JaegerHttpExporter.endpoint(settings.endpoint()),
                    JaegerHttpExporter.contentType()));
            case ZIPKIN -> new ZipkinExporter(zipkinEncoding(settings), http(settings, URI.create(settings.endpoint()),
                    ZipkinExporter.contentType(zipkinEncoding(settings))));
            case OTLP -> settings.otlpProtocol() == OtlpProtocol.GRPC
                    ? new OtlpGrpcExporter(settings.endpoint(), withAuthorization(settings),
                            settings.connectTimeout().plus(settings.readTimeout()), settings.compression() == Compression.GZIP)
                    : new OtlpHttpExporter(http(settings, URI.create(settings.endpoint()), OtlpHttpExporter.CONTENT_TYPE));
            case SKYWALKING -> new SkyWalkingExporter(settings.endpoint(), settings.authToken(), settings.serviceName(),
                    settings.skywalkingInstance(), settings.connectTimeout().plus(settings.readTimeout()));
            case LOGGING -> new LoggingExporter();
            case MEMORY -> new DiscardExporter("the recent traces only (reporter memory)"); // the store, a sink, keeps them
            case NONE -> new DiscardExporter();
        };
    }

    private static Encoding zipkinEncoding(TracerSettings settings) {
        return settings.encoding() == ReporterEncoding.PROTO3 ? Encoding.PROTO3 : Encoding.JSON;
    }

    /** An HTTP transport with the settings' timeouts, compression, credentials and headers. */
    public static HttpTransport.Builder http(TracerSettings settings, URI endpoint, String contentType) {
        return HttpTransport.to(endpoint, contentType)
                .connectTimeout(settings.connectTimeout())
                .requestTimeout(settings.connectTimeout().plus(settings.readTimeout()))
                .gzip(settings.compression() == Compression.GZIP)
                .headers(withAuthorization(settings));
    }

    /** The settings' headers after an Authorization header from the auth token or user and password, if set. */
    private static Map<String, String> withAuthorization(TracerSettings settings) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (settings.authToken() != null) {
            headers.put("Authorization", "Bearer " + settings.authToken());
        } else if (settings.user() != null) {
            String pair = settings.user() + ":" + (settings.password() == null ? "" : settings.password());
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        headers.putAll(settings.headers());
        return headers;
    }
}
