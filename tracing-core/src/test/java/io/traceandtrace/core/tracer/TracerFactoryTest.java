package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.CompositeReporter;
import io.jaegertracing.internal.reporters.LoggingReporter;
import io.jaegertracing.internal.reporters.NoopReporter;
import io.jaegertracing.internal.metrics.Metrics;
import io.jaegertracing.internal.metrics.NoopMetricsFactory;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.internal.samplers.ProbabilisticSampler;
import io.jaegertracing.internal.samplers.RateLimitingSampler;
import io.jaegertracing.internal.samplers.RemoteControlledSampler;
import io.jaegertracing.spi.Sampler;
import io.opentracing.Span;
import io.traceandtrace.core.limits.BoundedTracer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TracerFactoryTest {

    private static final Metrics METRICS = new Metrics(new NoopMetricsFactory());

    @Test
    void buildsEachSampler() {
        TracerSettings.Builder b = TracerSettings.builder("svc");
        assertThat(sampler(b.samplerType(SamplerType.CONST).samplerParam(0.0))).isInstanceOf(ConstSampler.class);
        assertThat(sampler(b.samplerType(SamplerType.PROBABILISTIC).samplerParam(0.5))).isInstanceOf(ProbabilisticSampler.class);
        assertThat(sampler(b.samplerType(SamplerType.RATELIMITING).samplerParam(5.0))).isInstanceOf(RateLimitingSampler.class);
        Sampler remote = sampler(b.samplerType(SamplerType.REMOTE).samplerParam(0.5));
        assertThat(remote).isInstanceOf(RemoteControlledSampler.class);
        remote.close();
    }

    private static Sampler sampler(TracerSettings.Builder builder) {
        return TracerFactory.buildSampler(builder.build(), METRICS);
    }

    @Test
    void constZeroSamplesNothingAndConstOneEverything() {
        BoundedTracer none = TracerFactory.create(TracerSettings.builder("svc").reporterType(ReporterType.NONE)
                .samplerType(SamplerType.CONST).samplerParam(0.0).build());
        BoundedTracer all = TracerFactory.create(TracerSettings.builder("svc").reporterType(ReporterType.NONE)
                .samplerType(SamplerType.CONST).samplerParam(1.0).build());
        for (int i = 0; i < 50; i++) {
            Span a = none.buildSpan("x").start();
            Span b = all.buildSpan("x").start();
            assertThat(((JaegerSpanContext) a.context()).isSampled()).isFalse();
            assertThat(((JaegerSpanContext) b.context()).isSampled()).isTrue();
            a.finish();
            b.finish();
        }
        none.close();
        all.close();
    }

    @Test
    void buildsEachReporter() {
        TracerSettings.Builder b = TracerSettings.builder("svc");
        assertThat(TracerFactory.buildReporter(b.reporterType(ReporterType.MEMORY).build(), METRICS, new ReporterStats())).isInstanceOf(MemoryReporter.class);
        assertThat(TracerFactory.buildReporter(b.reporterType(ReporterType.LOGGING).build(), METRICS, new ReporterStats())).isInstanceOf(LoggingReporter.class);
        assertThat(TracerFactory.buildReporter(b.reporterType(ReporterType.NONE).build(), METRICS, new ReporterStats())).isInstanceOf(NoopReporter.class);
        var udp = TracerFactory.buildReporter(b.reporterType(ReporterType.JAEGER_UDP).build(), METRICS, new ReporterStats());
        assertThat(udp).isInstanceOf(BudgetedReporter.class);
        udp.close();
        var zipkin = TracerFactory.buildReporter(b.reporterType(ReporterType.ZIPKIN)
                .endpoint("http://127.0.0.1:1/api/v2/spans").build(), METRICS, new ReporterStats());
        assertThat(zipkin).isInstanceOf(ZipkinSpanReporter.class);
        zipkin.close();
    }

    @Test
    void theConfiguredReporterGetsTheSpansAndTheProcessTags() {
        MemoryReporter extra = new MemoryReporter(10);
        BoundedTracer tracer = new TracerFactory(TracerSettings.builder("svc").reporterType(ReporterType.NONE)
                .samplerType(SamplerType.CONST).samplerParam(1.0).tag("team", "core").traceId128Bit(true).logSpans(true).build())
                .addReporter(extra).create();
        tracer.buildSpan("one").start().finish();
        List<JaegerSpan> spans = extra.spans();
        assertThat(spans).extracting(JaegerSpan::getOperationName).containsExactly("one");
        JaegerTracer jaeger = (JaegerTracer) tracer.delegate();
        assertThat(jaeger.tags().get("team")).isEqualTo("core");
        assertThat(spans.get(0).context().getTraceIdHigh()).isNotZero();
        tracer.close();
    }

    @Test
    void memoryReporterKeepsOnlyTheMostRecentSpans() {
        BoundedTracer tracer = TracerFactory.create(TracerSettings.builder("svc").reporterType(ReporterType.MEMORY)
                .maxQueueSize(3).samplerType(SamplerType.CONST).samplerParam(1.0).build());
        MemoryReporter memory = new MemoryReporter(3);
        for (int i = 0; i < 5; i++) {
            memory.report((JaegerSpan) ((io.traceandtrace.core.limits.BoundedSpan) tracer.buildSpan("s" + i).start()).delegate());
        }
        assertThat(memory.spans()).extracting(JaegerSpan::getOperationName).containsExactly("s2", "s3", "s4");
        tracer.close();
    }

    @Test
    void composesLogSpansWithTheMainReporter() {
        BoundedTracer tracer = TracerFactory.create(TracerSettings.builder("svc").reporterType(ReporterType.MEMORY)
                .logSpans(true).build());
        assertThat(((JaegerTracer) tracer.delegate()).toString()).contains(CompositeReporter.class.getSimpleName());
        tracer.close();
    }
}
