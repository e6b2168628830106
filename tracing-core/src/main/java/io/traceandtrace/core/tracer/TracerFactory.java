package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.metrics.Metrics;
import io.jaegertracing.internal.metrics.NoopMetricsFactory;
import io.jaegertracing.internal.reporters.CompositeReporter;
import io.jaegertracing.internal.reporters.LoggingReporter;
import io.jaegertracing.internal.reporters.NoopReporter;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.internal.samplers.HttpSamplingManager;
import io.jaegertracing.internal.samplers.ProbabilisticSampler;
import io.jaegertracing.internal.samplers.RateLimitingSampler;
import io.jaegertracing.internal.samplers.RemoteControlledSampler;
import io.jaegertracing.spi.MetricsFactory;
import io.jaegertracing.spi.Reporter;
import io.jaegertracing.spi.Sampler;
import io.jaegertracing.spi.Sender;
import io.jaegertracing.thrift.internal.senders.HttpSender;
import io.jaegertracing.thrift.internal.senders.UdpSender;
import io.opentracing.ScopeManager;
import io.opentracing.propagation.Format;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.propagation.MultiFormatCodec;
import io.traceandtrace.core.sampling.RuleBasedSampler;
import okhttp3.OkHttpClient;
import org.apache.thrift.transport.TTransportException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Builds a {@link BoundedTracer} over a Jaeger tracer from {@link TracerSettings}: sampler,
 * reporter, propagation codecs and process tags.
 *
 * <p>The tracer registers no JVM shutdown hook: its owner closes it, and
 * {@link BoundedTracer#close()} sends every finished span before it returns (within the
 * shutdown timeout).
 */
public final class TracerFactory {

    private final TracerSettings settings;
    private MetricsFactory metricsFactory = new NoopMetricsFactory();
    private ReporterStats stats = new ReporterStats();
    private Metrics metrics;
    private ScopeManager scopeManager;
    private Reporter reporter;
    private final List<Reporter> additionalReporters = new ArrayList<>();

    public TracerFactory(TracerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public static BoundedTracer create(TracerSettings settings) {
        return new TracerFactory(settings).create();
    }

    /** Where the tracer's and reporter's counters go (Jaeger's own metrics). */
    public TracerFactory metricsFactory(MetricsFactory metricsFactory) {
        this.metricsFactory = Objects.requireNonNull(metricsFactory, "metricsFactory");
        return this;
    }

    /** What the tracer and reporter count, for health checks and shutdown logs. */
    public TracerFactory stats(ReporterStats stats) {
        this.stats = Objects.requireNonNull(stats, "stats");
        return this;
    }

    /** Jaeger metrics to count into, when the reporter was built with them ({@link #buildReporter}). */
    public TracerFactory metrics(Metrics metrics) {
        this.metrics = metrics;
        return this;
    }

    public ReporterStats stats() {
        return stats;
    }

    /** The scope manager to keep active spans in; Jaeger's thread-local one when not set. */
    public TracerFactory scopeManager(ScopeManager scopeManager) {
        this.scopeManager = scopeManager;
        return this;
    }

    /** Use this reporter instead of the one the settings describe. */
    public TracerFactory reporter(Reporter reporter) {
        this.reporter = reporter;
        return this;
    }

    /** Also hand every finished span to this reporter. */
    public TracerFactory addReporter(Reporter additional) {
        this.additionalReporters.add(Objects.requireNonNull(additional, "additional"));
        return this;
    }

    public BoundedTracer create() {
        Metrics metrics = this.metrics != null ? this.metrics : metrics(metricsFactory, stats);
        Reporter main = reporter != null ? reporter : buildReporter(settings, metrics, stats);
        List<Reporter> all = new ArrayList<>();
        all.add(main);
        if (settings.logSpans() && settings.reporterType() != ReporterType.LOGGING) {
            all.add(new LoggingReporter());
        }
        all.addAll(additionalReporters);
        Reporter effective = all.size() == 1 ? main : new CompositeReporter(all.toArray(new Reporter[0]));

        MultiFormatCodec httpCodec = MultiFormatCodec.of(settings.propagation(), true);
        MultiFormatCodec textCodec = MultiFormatCodec.of(settings.propagation(), false);
        JaegerTracer.Builder builder = new JaegerTracer.Builder(settings.serviceName())
                .withReporter(effective)
                .withSampler(buildSampler(settings, metrics))
                .withMetrics(metrics)
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

    /** Jaeger metrics that count into {@code stats} on their way to {@code factory}. */
    public static Metrics metrics(MetricsFactory factory, ReporterStats stats) {
        return new Metrics(stats.metricsFactory(factory));
    }

    /** The reporter the settings describe; senders report into a bounded queue drained off the caller's thread. */
    public static Reporter buildReporter(TracerSettings settings, Metrics metrics, ReporterStats stats) {
        return switch (settings.reporterType()) {
            case JAEGER_UDP, JAEGER_HTTP -> jaegerReporter(settings, metrics, stats);
            case ZIPKIN -> new ZipkinSpanReporter(settings, metrics, stats);
            case LOGGING -> new LoggingReporter();
            case MEMORY -> new MemoryReporter(settings.maxQueueSize());
            case NONE -> new NoopReporter();
        };
    }

    private static Sender udpSender(TracerSettings settings) {
        try {
            return new UdpSender(settings.agentHost(), settings.agentPort(), 0);
        } catch (TTransportException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static Reporter jaegerReporter(TracerSettings settings, Metrics metrics, ReporterStats stats) {
        SpanBudget budget = new SpanBudget(settings.maxQueueSize(), settings.maxQueueBytes());
        Reporter remote = new RemoteReporter.Builder()
                .withSender(new ObservedSender(buildSender(settings), stats, budget))
                .withFlushInterval((int) settings.flushInterval().toMillis())
                .withMaxQueueSize(settings.maxQueueSize() + BudgetedReporter.COMMAND_HEADROOM)
                .withCloseEnqueueTimeout((int) settings.shutdownTimeout().toMillis())
                .withMetrics(metrics)
                .build();
        return new BudgetedReporter(remote, budget, metrics, stats);
    }

    static Sender buildSender(TracerSettings settings) {
        if (settings.reporterType() == ReporterType.JAEGER_UDP) {
            return RetryingSender.open(() -> udpSender(settings), settings.agentHost() + ":" + settings.agentPort());
        }
        try {
            OkHttpClient client = new OkHttpClient.Builder()
                    .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .writeTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .build();
            HttpSender.Builder sender = new HttpSender.Builder(settings.endpoint()).withClient(client);
            if (settings.authToken() != null) {
                sender.withAuth(settings.authToken());
            } else if (settings.user() != null) {
                sender.withAuth(settings.user(), settings.password() == null ? "" : settings.password());
            }
            return sender.build();
        } catch (TTransportException e) {
            throw new IllegalStateException("Could not open the Jaeger sender for " + settings + ": " + e.getMessage(), e);
        }
    }
}
