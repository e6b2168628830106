package io.traceandtrace.core.tracer;

import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.metrics.Metrics;
import io.jaegertracing.internal.metrics.NoopMetricsFactory;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.internal.samplers.ProbabilisticSampler;
import io.jaegertracing.internal.samplers.RateLimitingSampler;
import io.jaegertracing.internal.samplers.RemoteControlledSampler;
import io.jaegertracing.spi.Sampler;
import io.opentracing.Span;
import io.traceandtrace.core.export.DiscardExporter;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.core.recent.RecentTraces;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.traceandtrace.core.export.SpanExporter;
import io.traceandtrace.core.export.jaeger.JaegerHttpExporter;
import io.traceandtrace.core.export.jaeger.JaegerUdpExporter;
import io.traceandtrace.core.export.logging.LoggingExporter;
import io.traceandtrace.core.export.skywalking.SkyWalkingExporter;
import io.traceandtrace.core.export.zipkin.ZipkinExporter;
import io.traceandtrace.core.limits.BoundedTracer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    void everyReporterTypeIsAnExporterBehindTheOnePipeline() {
        TracerSettings.Builder b = TracerSettings.builder("svc").endpoint("http://127.0.0.1:1/api");
        assertThat(TracerFactory.buildExporter(b.reporterType(ReporterType.JAEGER_UDP).build())).isInstanceOf(JaegerUdpExporter.class);
        assertThat(TracerFactory.buildExporter(b.reporterType(ReporterType.JAEGER_HTTP).build())).isInstanceOf(JaegerHttpExporter.class);
        assertThat(TracerFactory.buildExporter(b.reporterType(ReporterType.ZIPKIN).build())).isInstanceOf(ZipkinExporter.class);
        assertThat(TracerFactory.buildExporter(b.reporterType(ReporterType.LOGGING).build())).isInstanceOf(LoggingExporter.class);
        assertThat(TracerFactory.buildExporter(b.reporterType(ReporterType.MEMORY).build())).as("the recent store keeps them")
                .isInstanceOf(DiscardExporter.class);
        assertThat(TracerFactory.buildExporter(b.reporterType(ReporterType.NONE).build())).isInstanceOf(DiscardExporter.class);
        SpanExporter<?> skywalking = TracerFactory.buildExporter(TracerSettings.builder("svc").endpoint("127.0.0.1:1")
                .reporterType(ReporterType.SKYWALKING).build());
        assertThat(skywalking).isInstanceOf(SkyWalkingExporter.class);
        skywalking.close();
        for (ReporterType type : ReporterType.values()) {
            // the skywalking reporter takes the OAP's gRPC address as host:port, not a URL
            b.endpoint(type == ReporterType.SKYWALKING ? "127.0.0.1:1" : "http://127.0.0.1:1/api");
            TracerFactory factory = new TracerFactory(b.reporterType(type).build());
            BoundedTracer tracer = factory.create();
            assertThat(factory.pipeline()).as(type.id()).isNotNull();
            assertThat(((JaegerTracer) tracer.delegate()).toString()).as(type.id()).contains("ExportPipeline");
            tracer.close();
            assertThat(factory.pipeline().isClosed()).as("closing the tracer closes the pipeline").isTrue();
        }
    }

    @Test
    void sinksAndTheExporterGetEverySpanWithTheProcessTags() {
        InMemoryReporter sink = new InMemoryReporter();
        CapturingExporter exported = new CapturingExporter();
        TracerFactory factory = new TracerFactory(TracerSettings.builder("svc").reporterType(ReporterType.NONE)
                .samplerType(SamplerType.CONST).samplerParam(1.0).tag("team", "core").traceId128Bit(true)
                .logSpans(true).build()).exporter(exported).addReporter(sink);
        BoundedTracer tracer = factory.create();
        tracer.buildSpan("one").start().finish();
        await().atMost(Duration.ofSeconds(5)).until(() -> exported.spans().size() == 1 && sink.getSpans().size() == 1);
        JaegerSpan span = exported.spans().get(0);
        assertThat(span.getOperationName()).isEqualTo("one");
        assertThat(sink.getSpans()).containsExactly(span);
        assertThat(span.getTracer().tags().get("team")).isEqualTo("core");
        assertThat(span.context().getTraceIdHigh()).isNotZero();
        tracer.close();
    }

    @Test
    void theMemoryReporterKeepsSpansInTheRecentTracesStoreOnlyWithinItsBounds() {
        RecentTraces recent = new RecentTraces(3, RecentTraces.DEFAULT_MAX_BYTES);
        TracerFactory factory = new TracerFactory(TracerSettings.builder("svc").reporterType(ReporterType.MEMORY)
                .samplerType(SamplerType.CONST).samplerParam(1.0).build()).addReporter(recent);
        BoundedTracer tracer = factory.create();
        assertThat(factory.pipeline().exporter()).as("nothing is sent").isInstanceOf(DiscardExporter.class);
        for (int i = 0; i < 5; i++) {
            tracer.buildSpan("s" + i).start().finish();
            int sent = i + 1;
            await().atMost(Duration.ofSeconds(5)).until(() -> factory.exportStats().snapshot().sent() == sent);
        }
        assertThat(recent.spanCount()).isEqualTo(3);
        tracer.close();
    }

    @Test
    void aReporterOfTheCallersReplacesThePipeline() {
        InMemoryReporter own = new InMemoryReporter();
        TracerFactory factory = new TracerFactory(TracerSettings.builder("svc").samplerType(SamplerType.CONST)
                .samplerParam(1.0).build()).reporter(own);
        BoundedTracer tracer = factory.create();
        tracer.buildSpan("mine").start().finish();
        assertThat(factory.pipeline()).as("no queue, thread or socket of ours").isNull();
        assertThat(own.getSpans()).extracting(JaegerSpan::getOperationName).containsExactly("mine");
        tracer.close();
    }

    @Test
    void unsampledSpansNeverReachThePipeline() {
        TracerMetrics metrics = TracerMetrics.noop();
        TracerFactory factory = new TracerFactory(TracerSettings.builder("svc").reporterType(ReporterType.NONE)
                .samplerType(SamplerType.CONST).samplerParam(0.0).build()).metrics(metrics);
        BoundedTracer tracer = factory.create();
        for (int i = 0; i < 100; i++) {
            tracer.buildSpan("x").start().finish();
        }
        tracer.close();
        assertThat(metrics.spansStarted()).isEqualTo(100);
        assertThat(metrics.spansStartedSampled()).isZero();
        assertThat(factory.exportStats().snapshot().queued()).isZero();
        assertThat(factory.exportStats().snapshot().droppedTotal()).isZero();
    }
}
